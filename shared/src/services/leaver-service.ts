/**
 * A deactivated user's open leads, opportunities, cases and tasks find a new owner by
 * the Owner's rule: a named user, round-robin over a role, or the Owners' queue. The
 * work is a durable job (queue `leavers`, worked under a lease per tenant) that moves
 * one bounded batch per run, read from the leaver's own owner index: the batch and its
 * new owners are saved in the job's plan before anything moves, and a record moves only
 * while the leaver still owns it, so a restart resumes without moving anything twice.
 * Each batch is one audited operation; the new owners are told in Teams.
 */
import { AppError, invalidInput } from "../errors/app-error.js";
import type { EntityType, Actor } from "../policy/model.js";
import { entityTypes } from "../policy/model.js";
import { ownerRole } from "../policy/roles.js";
import type { ConfigRepository, UserRecord } from "../storage/config-repository.js";
import type { QueuedJob } from "../storage/job-queue.js";
import type { LeaverPlan, LeaverJob, LeaverQueue, LeaverRepository, MovedRecord, ReassignRule, Reassignment } from "../storage/leaver-repository.js";
import type { RecordRepository } from "../storage/record-repository.js";
import { closedStatuses } from "../workflows/assignment.js";
import type { Clock } from "./clock.js";
import { configChange, systemActor } from "./config-change.js";
import type { ConfigService } from "./config-service.js";
import type { NotificationPort } from "./notifications.js";

interface LeaverDeps {
  leavers: LeaverRepository;
  queue: LeaverQueue;
  config: ConfigRepository;
  records: RecordRepository;
  configuration: ConfigService;
  notifications: NotificationPort;
  clock: Clock;
  batchSize?: number;
}

type Work = QueuedJob<LeaverJob, LeaverPlan>;

const defaultBatch = 50;
const isActive = (user: UserRecord | undefined): user is UserRecord => user !== undefined && user.active && !user.removed;
const ruleWords = (rule: ReassignRule, names: Map<string, string>): string =>
  rule.kind === "user" ? `to ${names.get(rule.userId) ?? "a named user"}` : rule.kind === "roundRobin" ? `round-robin over the role ${names.get(rule.roleId) ?? rule.roleId}` : "to the Owners' queue";

export class LeaverService {
  private readonly batchSize: number;

  constructor(private readonly deps: LeaverDeps) {
    this.batchSize = deps.batchSize ?? defaultBatch;
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  // ---- the Owner's side ----

  async rule(actor: Actor): Promise<ReassignRule & { etag?: string }> {
    await this.deps.configuration.require(actor, "usersAndRoles", "reassign.rule.read");
    const { changeIds: _c, ...rule } = await this.deps.leavers.getRule(actor.tenantId);
    return rule;
  }

  async setRule(actor: Actor, rule: ReassignRule, etag?: string): Promise<ReassignRule & { etag?: string }> {
    await this.deps.configuration.require(actor, "usersAndRoles", "reassign.rule.save");
    if (rule.kind === "user" && !isActive(await this.deps.config.getUser(actor.tenantId, rule.userId))) {
      throw invalidInput([{ field: "userId", message: "There is no active user with this id in your organisation." }]);
    }
    if (rule.kind === "roundRobin" && !(await this.deps.configuration.listRoles(actor.tenantId)).some((role) => role.id === rule.roleId)) {
      throw invalidInput([{ field: "roleId", message: "There is no such role." }]);
    }
    const current = await this.deps.leavers.getRule(actor.tenantId);
    if (etag && current.etag && etag !== current.etag) throw new AppError("precondition_failed", "Someone else changed this rule since you loaded it. Reload, then apply your change again.");
    const { etag: _e, changeIds: _c, ...before } = current;
    const newEtag = await this.deps.leavers.saveRule(
      actor.tenantId,
      rule,
      configChange(this.deps.clock, { ...actor, kind: "user" }, "reassign.rule.save", before, rule, current.etag ? current : undefined),
    );
    return { ...rule, ...(newEtag ? { etag: newEtag } : {}) };
  }

  /** Reassignments not done yet: running, or waiting in the Owners' queue. */
  async pending(actor: Actor): Promise<Reassignment[]> {
    await this.deps.configuration.require(actor, "usersAndRoles", "reassign.read");
    return (await this.deps.leavers.list(actor.tenantId)).filter((item) => item.status !== "done").map(({ etag: _e, changeIds: _c, ...item }) => item);
  }

  /** A user was deactivated (by hand, by a review or by the roster): their work is queued, keyed by the change, so a redelivered event queues it once. */
  async deactivated(tenantId: string, userId: string, changeId: string): Promise<void> {
    const now = this.now();
    await this.deps.queue.enqueue(tenantId, `${userId}|${changeId}`, { userId }, now.getTime(), { enqueuedAt: now.toISOString() });
  }

  // ---- the job ----

  /** One run: one batch of records (or tasks) moved; "done" once nothing of the leaver's is left. */
  async work(job: Work): Promise<"more" | "done"> {
    const { tenantId } = job;
    const leaver = await this.deps.config.getUser(tenantId, job.job.userId);
    // Active again (reactivated meanwhile): their work stays theirs.
    if (!leaver || (leaver.active && !leaver.removed)) return "done";
    const reassignment = await this.start(job, leaver);
    if (reassignment.status !== "running") return "done";
    let plan: LeaverPlan = job.plan ?? { turn: 0 };
    if (!plan.batch) {
      const open = await this.openRecords(tenantId, leaver.userId);
      if (open.length === 0) return this.moveTasks(job, leaver, reassignment);
      const targets = await this.targets(tenantId, reassignment.rule, leaver.userId, open.length, plan.turn);
      if (!targets) return this.toOwnersQueue(job, leaver, reassignment, "nobody the rule names is active");
      plan = { batch: open.map((record, index) => ({ ...record, to: targets[index]! })), turn: plan.turn + open.length };
      // Decided before anything moves: a restart applies this very batch.
      job.etag = await this.deps.queue.savePlan(job, plan);
    }
    await this.applyBatch(tenantId, leaver, reassignment, plan.batch!);
    job.etag = await this.deps.queue.savePlan(job, { turn: plan.turn });
    return "more";
  }

  /** The leaver's reassignment row for this job; created (audited) on the job's first run with the rule as it is then. */
  private async start(job: Work, leaver: UserRecord): Promise<Reassignment & { etag?: string; changeIds: string }> {
    const existing = await this.deps.leavers.get(job.tenantId, leaver.userId);
    if (existing && (existing.status === "running" || existing.startedAt >= job.enqueuedAt)) return existing;
    const { changeIds: _c, etag: _e, ...rule } = await this.deps.leavers.getRule(job.tenantId);
    const next: Reassignment = { userId: leaver.userId, displayName: leaver.displayName, rule, status: "running", startedAt: job.enqueuedAt, moved: 0, tasksMoved: 0, batches: 0 };
    const names = await this.names(job.tenantId);
    const reason = `Leaver's work: ${leaver.displayName} was deactivated; open records and tasks go ${ruleWords(rule, names)}`;
    await this.deps.leavers.save(job.tenantId, next, configChange(this.deps.clock, systemActor(job.tenantId), "reassign.start", existing && stripped(existing), next, existing, { reason }));
    return (await this.deps.leavers.get(job.tenantId, leaver.userId))!;
  }

  /** Up to one batch of the leaver's open records, from their own owner index. */
  private async openRecords(tenantId: string, ownerId: string): Promise<Omit<MovedRecord, "to">[]> {
    const pipelines = await this.deps.config.listPipelines(tenantId);
    const closedStages = new Set(pipelines.flatMap((pipeline) => pipeline.stages.filter((stage) => stage.won || stage.lost).map((stage) => stage.id)));
    const found: Omit<MovedRecord, "to">[] = [];
    for (const entity of entityTypes) {
      let token: string | undefined;
      do {
        const page = await this.deps.records.list(tenantId, entity, { ownerId, filters: {}, sort: "newest", pageSize: 100, ...(token ? { continuationToken: token } : {}) });
        for (const record of page.items) {
          const closed = closedStatuses.includes(String(record.fields.status ?? "")) || closedStages.has(String(record.fields.stageId ?? ""));
          if (!closed) found.push({ entity, id: record.id });
          if (found.length >= this.batchSize) return found;
        }
        token = page.continuationToken;
      } while (token);
    }
    return found;
  }

  /** The new owner of each of `count` items, or undefined when the rule names nobody active. */
  private async targets(tenantId: string, rule: ReassignRule, leaverId: string, count: number, turn: number): Promise<string[] | undefined> {
    if (rule.kind === "ownersQueue") return undefined;
    if (rule.kind === "user") {
      const user = await this.deps.config.getUser(tenantId, rule.userId);
      return isActive(user) && user.userId !== leaverId ? Array.from({ length: count }, () => user.userId) : undefined;
    }
    const members = (await this.deps.config.listUsers(tenantId))
      .filter((user) => isActive(user) && user.userId !== leaverId && user.roleIds.includes(rule.roleId))
      .map((user) => user.userId)
      .sort();
    if (members.length === 0) return undefined;
    return Array.from({ length: count }, (_, index) => members[(turn + index) % members.length]!);
  }

  /** Moves the batch's records still owned by the leaver; one audited operation for the batch, and the new owners told. */
  private async applyBatch(tenantId: string, leaver: UserRecord, reassignment: Reassignment & { etag?: string; changeIds: string }, batch: readonly MovedRecord[]): Promise<void> {
    const moved: MovedRecord[] = [];
    const owners = new Map<string, UserRecord | undefined>();
    for (const item of batch) {
      const record = await this.deps.records.get(tenantId, item.entity, item.id);
      if (!record || record.ownerId !== leaver.userId) continue; // moved already (a rerun) or gone
      if (!owners.has(item.to)) owners.set(item.to, await this.deps.config.getUser(tenantId, item.to));
      const owner = owners.get(item.to);
      if (!isActive(owner)) continue; // left meanwhile: the next batch picks again
      const now = this.now().toISOString();
      const next = { ...record, ownerId: owner.userId, teamIds: owner.teamIds, updatedAt: now, updatedBy: "system" };
      const change = configChange(this.deps.clock, systemActor(tenantId), `${item.entity}.assign`, { ownerId: record.ownerId }, { ownerId: owner.userId }, undefined, {
        reason: `Leaver's work: ${leaver.displayName} was deactivated`,
      });
      await this.deps.records.write(tenantId, next, "replace", { audit: { ...change.audit, entity: item.entity, recordId: item.id }, events: [], before: record });
      moved.push(item);
    }
    const next: Reassignment = { ...stripped(reassignment), moved: reassignment.moved + moved.length, batches: reassignment.batches + 1 };
    await this.deps.leavers.save(
      tenantId,
      next,
      configChange(this.deps.clock, systemActor(tenantId), "reassign.batch", { moved: reassignment.moved }, { moved: moved.map(({ entity, id, to }) => ({ entity, id, to })) }, reassignment, {
        reason: `Leaver's work: ${moved.length} of ${leaver.displayName}'s records moved (batch ${next.batches})`,
      }),
    );
    await this.tellNewOwners(tenantId, leaver, moved, `${leaver.userId}|${reassignment.startedAt}|${next.batches}`);
  }

  /** After the records, the leaver's open tasks: each to whoever now owns its record, else by the rule. */
  private async moveTasks(job: Work, leaver: UserRecord, reassignment: Reassignment & { etag?: string; changeIds: string }): Promise<"more" | "done"> {
    const { tenantId } = job;
    const open = await this.deps.leavers.openTasks(tenantId, leaver.userId, this.batchSize);
    let moved = 0;
    const tasksFor = new Map<string, number>();
    if (open.length > 0) {
      const fallback = await this.targets(tenantId, reassignment.rule, leaver.userId, open.length, job.plan?.turn ?? 0);
      for (const [index, task] of open.entries()) {
        const record = await this.deps.records.get(tenantId, task.entity, task.recordId);
        const to = record && record.ownerId !== leaver.userId ? record.ownerId : fallback?.[index];
        if (!to) continue;
        await this.deps.leavers.moveTask(tenantId, task, to);
        tasksFor.set(to, (tasksFor.get(to) ?? 0) + 1);
        moved += 1;
      }
    }
    // Told before the batch is saved: a rerun of this batch tells again under the same key (the queue stores one).
    for (const [userId, count] of tasksFor) {
      await this.deps.notifications.enqueue({
        tenantId,
        recipient: { kind: "user", userId },
        dedupeKey: `reassign|tasks|${leaver.userId}|${reassignment.startedAt}|${reassignment.batches}|${userId}`,
        title: "Tasks for you",
        text: `You now have ${count === 1 ? "1 task" : `${count} tasks`} that ${count === 1 ? "was" : "were"} ${leaver.displayName}'s, who was deactivated. ${count === 1 ? "It is" : "They are"} in My tasks in the CRM.`,
      });
    }
    const done = moved === 0;
    const next: Reassignment = {
      ...stripped(reassignment),
      tasksMoved: reassignment.tasksMoved + moved,
      ...(done ? { status: "done" as const, finishedAt: this.now().toISOString() } : { batches: reassignment.batches + 1 }),
    };
    const reason = done ? `Leaver's work: ${leaver.displayName}'s records and tasks have new owners` : `Leaver's work: ${moved} of ${leaver.displayName}'s tasks moved`;
    await this.deps.leavers.save(
      tenantId,
      next,
      configChange(this.deps.clock, systemActor(tenantId), done ? "reassign.done" : "reassign.batch", { tasksMoved: reassignment.tasksMoved }, { tasksMoved: next.tasksMoved }, reassignment, {
        reason,
      }),
    );
    return done ? "done" : "more";
  }

  /** The Owners' queue: the records stay with the leaver, and the Owners are asked to reassign them. */
  private async toOwnersQueue(job: Work, leaver: UserRecord, reassignment: Reassignment & { etag?: string; changeIds: string }, why?: string): Promise<"done"> {
    const next: Reassignment = { ...stripped(reassignment), status: "waiting" };
    const reason = `Leaver's work: ${leaver.displayName}'s records wait in the Owners' queue${why && reassignment.rule.kind !== "ownersQueue" ? ` (${why})` : ""}`;
    await this.deps.leavers.save(job.tenantId, next, configChange(this.deps.clock, systemActor(job.tenantId), "reassign.queued", reassignment.status, "waiting", reassignment, { reason }));
    const owners = (await this.deps.config.listUsers(job.tenantId)).filter((user) => isActive(user) && user.roleIds.includes(ownerRole.id));
    for (const owner of owners) {
      await this.deps.notifications.enqueue({
        tenantId: job.tenantId,
        recipient: { kind: "user", userId: owner.userId },
        dedupeKey: `reassign|queued|${leaver.userId}|${reassignment.startedAt}|${owner.userId}`,
        title: `Reassign ${leaver.displayName}'s records`,
        text: `${leaver.displayName} was deactivated. Their open records and tasks wait for a new owner: see Pending reassignments in the CRM tab's Settings, Users.`,
      });
    }
    return "done";
  }

  /** Counts only: what a record holds is shown where the new owner's field rules apply (their lists). */
  private async tellNewOwners(tenantId: string, leaver: UserRecord, moved: readonly MovedRecord[], key: string): Promise<void> {
    const byOwner = new Map<string, Map<EntityType, number>>();
    for (const item of moved) {
      const counts = byOwner.get(item.to) ?? new Map<EntityType, number>();
      counts.set(item.entity, (counts.get(item.entity) ?? 0) + 1);
      byOwner.set(item.to, counts);
    }
    for (const [userId, counts] of byOwner) {
      const words = [...counts].map(([entity, count]) => `${count} ${entity === "opportunity" ? (count === 1 ? "opportunity" : "opportunities") : count === 1 ? entity : `${entity}s`}`).join(", ");
      await this.deps.notifications.enqueue({
        tenantId,
        recipient: { kind: "user", userId },
        dedupeKey: `reassign|${key}|${userId}`,
        title: "Records for you",
        text: `You now own ${words} that were ${leaver.displayName}'s, who was deactivated. They are in your lists in the CRM.`,
      });
    }
  }

  private async names(tenantId: string): Promise<Map<string, string>> {
    const users = await this.deps.config.listUsers(tenantId);
    const roles = await this.deps.configuration.listRoles(tenantId);
    return new Map([...users.map((user) => [user.userId, user.displayName] as const), ...roles.map((role) => [role.id, role.name] as const)]);
  }
}

const stripped = ({ etag: _e, changeIds: _c, ...reassignment }: Reassignment & { etag?: string; changeIds?: string }): Reassignment => reassignment;
