/**
 * Responsibilities (RACI): the tenant's chart of CRM tasks × roles, who holds each
 * letter, and the quarterly review of each task by its Accountable. Everyone signed in
 * reads the chart (a Member sees whom to ask); saving it needs the forms or the users
 * and roles permission, and adding, renaming or removing tasks the Owner role. Until a
 * tenant saves its own, the chart is the one the policy ships (policy/raci.ts).
 */
import { AppError, forbidden, invalidInput, notFound } from "../errors/app-error.js";
import type { Actor, ConfigPermission, RoleDefinition } from "../policy/model.js";
import type { RaciChart, RaciLetter, RaciRoleRef, RaciTask } from "../policy/raci.js";
import {
  checkRaciChart,
  defaultRaciChart,
  describeRef,
  everyoneRef,
  lettersOf,
  nextQuarterStart,
  quarterStart,
  raciLetterNames,
  refMatchesRole,
  refsHolding,
  reviewDue,
  usesOfRole,
} from "../policy/raci.js";
import { decideDeclared } from "../policy/requirement.js";
import { builtInRoles, ownerRole } from "../policy/roles.js";
import type { AccessQueue } from "../storage/access-queue.js";
import type { AuditRepository } from "../storage/audit-repository.js";
import type { ConfigRepository, UserRecord } from "../storage/config-repository.js";
import type { Stored } from "../storage/config-partition.js";
import type { RaciRepository, RaciReview, VersionedChart } from "../storage/raci-repository.js";
import { auditDenial } from "./audit-context.js";
import type { Clock } from "./clock.js";
import { configChange } from "./config-change.js";
import type { NotificationPort } from "./notifications.js";

/** Saving the chart: any one of these (the issue: "a role with the forms or users permission"). */
export const raciEditPermissions: readonly [ConfigPermission, ...ConfigPermission[]] = ["forms", "usersAndRoles"];

/** Someone who holds a letter in a task; `fallback` when they are there only as an Owner, because the chart names nobody. */
export interface RaciHolder {
  userId: string;
  displayName: string;
  fallback: boolean;
}

interface RaciPerson {
  userId: string;
  displayName: string;
}

interface RaciTaskView {
  key: string;
  name: string;
  description: string;
  assignments: { ref: RaciRoleRef; letter: RaciLetter; roleName: string }[];
  /** The people holding R and A now (names only), with the fallback to Owners shown as such. */
  responsible: RaciHolder[];
  accountable: RaciHolder[];
  lastReview?: { at: string; by: string };
  reviewDue: boolean;
}

interface RaciView {
  /** 0 while the tenant uses the shipped chart. */
  version: number;
  etag?: string;
  tasks: RaciTaskView[];
  /** The columns: everyone, the tenant's roles, and the persona templates the chart names. */
  roles: { ref: RaciRoleRef; name: string }[];
  /** What the caller may do: edit cells, and (Owners) add, rename or remove tasks. */
  canEdit: boolean;
  canEditTasks: boolean;
}

/** A task the caller has a letter in, for "my responsibilities". */
interface MyResponsibility {
  key: string;
  name: string;
  letters: RaciLetter[];
  reviewDue: boolean;
}

interface Directory {
  roles: RoleDefinition[];
  users: UserRecord[];
}

interface RaciDeps {
  raci: RaciRepository;
  config: ConfigRepository;
  audit: AuditRepository;
  clock: Clock;
  notifications: NotificationPort;
  queue: AccessQueue;
}

export class RaciService {
  constructor(private readonly deps: RaciDeps) {}

  private async directory(tenantId: string): Promise<Directory> {
    const [roles, users] = await Promise.all([this.deps.config.listRoles(tenantId), this.deps.config.listUsers(tenantId)]);
    return { roles: [...builtInRoles, ...roles], users: users.filter((user) => user.active && !user.removed) };
  }

  private async stored(tenantId: string): Promise<Stored<VersionedChart> | undefined> {
    return this.deps.raci.getChart(tenantId);
  }

  /** The tenant's chart, or the shipped one. */
  async chart(tenantId: string): Promise<RaciChart> {
    return (await this.stored(tenantId)) ?? defaultRaciChart;
  }

  async read(actor: Actor): Promise<RaciView> {
    const [stored, directory, reviews] = await Promise.all([this.stored(actor.tenantId), this.directory(actor.tenantId), this.reviews(actor.tenantId)]);
    const chart = stored ?? defaultRaciChart;
    const now = this.deps.clock.now();
    const templateRefs = [...new Set(chart.tasks.flatMap((task) => Object.keys(task.assignments)).filter((ref) => ref.startsWith("template:")))];
    const roles = [
      { ref: everyoneRef, name: "Everyone" },
      ...directory.roles.map((role) => ({ ref: role.id, name: role.name })),
      ...templateRefs.map((ref) => ({ ref, name: `${describeRef(ref, []) ?? ref} (template)` })),
    ];
    return {
      version: stored?.version ?? 0,
      ...(stored ? { etag: stored.etag } : {}),
      tasks: chart.tasks.map((task) => this.taskView(task, directory, reviews.get(task.key), now)),
      roles,
      canEdit: decideDeclared(actor, { kind: "anyConfig", permissions: raciEditPermissions, action: "raci.save" }).allowed,
      canEditTasks: isOwner(actor),
    };
  }

  private taskView(task: RaciTask, directory: Directory, review: RaciReview | undefined, now: Date): RaciTaskView {
    const nameOf = (userId: string) => directory.users.find((user) => user.userId === userId)?.displayName ?? "a former user";
    return {
      key: task.key,
      name: task.name,
      description: task.description,
      assignments: Object.entries(task.assignments).map(([ref, letter]) => ({ ref, letter, roleName: describeRef(ref, directory.roles) ?? "a removed role" })),
      responsible: holdersIn(task, "R", directory),
      accountable: holdersIn(task, "A", directory),
      ...(review ? { lastReview: { at: review.reviewedAt, by: nameOf(review.reviewedBy) } } : {}),
      reviewDue: reviewDue(review?.reviewedAt, now),
    };
  }

  private async reviews(tenantId: string): Promise<Map<string, Stored<RaciReview>>> {
    return new Map((await this.deps.raci.listReviews(tenantId)).map((review) => [review.taskKey, review]));
  }

  /**
   * Saves the whole chart. Needs the forms or the users and roles permission; adding,
   * renaming or removing a task needs the Owner role. `etag` is what the caller read:
   * someone else's save since answers 412, and nothing is written.
   */
  async save(actor: Actor, input: RaciChart, etag?: string): Promise<RaciView> {
    const decision = decideDeclared(actor, { kind: "anyConfig", permissions: raciEditPermissions, action: "raci.save" });
    if (!decision.allowed) await this.refuse(actor, "raci.save", decision.reason);
    const directory = await this.directory(actor.tenantId);
    const chart: RaciChart = {
      tasks: input.tasks.map((task) => ({ key: task.key, name: task.name.trim(), description: task.description.trim(), assignments: { ...task.assignments } })),
    };
    const problems = checkRaciChart(chart, directory.roles);
    if (problems.length > 0) throw invalidInput(problems, "The responsibilities chart cannot be saved.");
    const existing = await this.stored(actor.tenantId);
    if (existing && etag !== undefined && etag !== existing.etag) throw stale();
    const current = existing ?? defaultRaciChart;
    if (!isOwner(actor) && tasksChanged(current, chart)) await this.refuse(actor, "raci.save", "only an Owner adds, renames or removes tasks");
    const next: VersionedChart = { ...chart, version: (existing?.version ?? 0) + 1 };
    const before = existing ? { tasks: existing.tasks, version: existing.version } : undefined;
    await this.deps.raci.saveChart(actor.tenantId, next, configChange(this.deps.clock, actor, "raci.save", before, next, existing));
    await this.scheduleReminder(actor.tenantId);
    return this.read(actor);
  }

  /** The Accountable of a task (or an Owner, where the chart names nobody) marks this quarter's review done. */
  async markReviewed(actor: Actor, taskKey: string): Promise<RaciTaskView> {
    const chart = await this.chart(actor.tenantId);
    const task = chart.tasks.find((candidate) => candidate.key === taskKey);
    if (!task) throw notFound("task");
    const directory = await this.directory(actor.tenantId);
    if (!holdersIn(task, "A", directory).some((holder) => holder.userId === actor.userId)) {
      await this.refuse(actor, "raci.review", `only the Accountable for ${task.name} marks its review done`);
    }
    const existing = (await this.reviews(actor.tenantId)).get(taskKey);
    const review: RaciReview = { taskKey, reviewedAt: this.deps.clock.now().toISOString(), reviewedBy: actor.userId };
    const before = existing ? { taskKey, reviewedAt: existing.reviewedAt, reviewedBy: existing.reviewedBy } : undefined;
    await this.deps.raci.saveReview(actor.tenantId, review, configChange(this.deps.clock, actor, "raci.review", before, review, existing));
    await this.scheduleReminder(actor.tenantId);
    return this.taskView(task, directory, review, this.deps.clock.now());
  }

  /**
   * The active users holding `letter` in the task `taskKey` through their roles; when the
   * chart has no such task, or nobody active holds that letter, the tenant's active
   * Owners instead (`fallback: true`), so a finding or reminder always has someone to go to.
   * Empty only in a tenant without an active Owner.
   */
  async holdersOf(tenantId: string, taskKey: string, letter: RaciLetter): Promise<RaciHolder[]> {
    const [chart, directory] = await Promise.all([this.chart(tenantId), this.directory(tenantId)]);
    const task = chart.tasks.find((candidate) => candidate.key === taskKey);
    return task ? holdersIn(task, letter, directory) : owners(directory);
  }

  /** The tasks the user has a letter in (through their roles or as everyone), for "my responsibilities". */
  async responsibilitiesOf(actor: Actor): Promise<MyResponsibility[]> {
    const [chart, reviews] = await Promise.all([this.chart(actor.tenantId), this.reviews(actor.tenantId)]);
    const now = this.deps.clock.now();
    return chart.tasks
      .map((task) => ({ task, letters: lettersOf(task, actor.roles) }))
      .filter(({ letters }) => letters.length > 0)
      .map(({ task, letters }) => ({ key: task.key, name: task.name, letters, reviewDue: letters.includes("A") && reviewDue(reviews.get(task.key)?.reviewedAt, now) }));
  }

  /** The tasks that name the role by id, in words (a role in use is not deleted without saying so). */
  async usesOfRole(tenantId: string, roleId: string): Promise<string[]> {
    const stored = await this.stored(tenantId);
    return usesOfRole(stored ?? defaultRaciChart, roleId).map((use) => `${use.task.name} (${raciLetterNames[use.letter]})`);
  }

  // ---- the quarterly reminder (a job on the access queue) ----

  /** Queues the reminder at the start of the next quarter; queuing it again is a no-op (same key, same time). */
  async scheduleReminder(tenantId: string): Promise<void> {
    const now = this.deps.clock.now();
    const dueAt = nextQuarterStart(now);
    const quarter = dueAt.toISOString().slice(0, 10);
    await this.deps.queue.enqueue(tenantId, `raciRemind|${quarter}`, { kind: "raciRemind", id: quarter }, dueAt.getTime(), { enqueuedAt: now.toISOString() });
  }

  /**
   * At the start of each quarter: the Accountable of every task not yet reviewed this
   * quarter is told to review it (once per task, person and quarter), and the next
   * quarter's reminder is queued. Idempotent: a retried job notifies nobody twice.
   */
  async remindReviews(tenantId: string): Promise<void> {
    const now = this.deps.clock.now();
    const quarter = quarterStart(now).toISOString().slice(0, 10);
    const [chart, directory, reviews] = await Promise.all([this.chart(tenantId), this.directory(tenantId), this.reviews(tenantId)]);
    for (const task of chart.tasks) {
      if (!reviewDue(reviews.get(task.key)?.reviewedAt, now)) continue;
      for (const holder of holdersIn(task, "A", directory)) {
        await this.deps.notifications.enqueue({
          tenantId,
          recipient: { kind: "user", userId: holder.userId },
          dedupeKey: `raci|${quarter}|${task.key}|${holder.userId}`,
          title: `Quarterly review: ${task.name}`,
          text: holder.fallback
            ? `Nobody is Accountable for ${task.name} in the responsibilities chart, so it comes to you as an Owner. Name who is Responsible and Accountable, then mark the review done.`
            : `You are Accountable for ${task.name}. Check who is Responsible, Consulted and Informed in the responsibilities chart, then mark this quarter's review done.`,
        });
      }
    }
    await this.scheduleReminder(tenantId);
  }

  private async refuse(actor: Actor, action: string, reason: string): Promise<never> {
    const decision = { allowed: false, scope: "none" as const, reason };
    await auditDenial(this.deps.audit, this.deps.clock, actor, action, decision);
    throw forbidden(reason);
  }
}

const isOwner = (actor: Actor): boolean => actor.active && actor.roles.some((role) => role.id === ownerRole.id);

function owners(directory: Directory): RaciHolder[] {
  return directory.users.filter((user) => user.roleIds.includes(ownerRole.id)).map((user) => ({ userId: user.userId, displayName: user.displayName, fallback: true }));
}

/** Active users whose roles (or `everyone`) hold the letter; the Owners when nobody does. */
function holdersIn(task: RaciTask, letter: RaciLetter, directory: Directory): RaciHolder[] {
  const refs = refsHolding(task, letter);
  const holders: RaciPerson[] = refs.includes(everyoneRef)
    ? directory.users
    : directory.users.filter((user) => {
        const held = directory.roles.filter((role) => user.roleIds.includes(role.id));
        return refs.some((ref) => held.some((role) => refMatchesRole(ref, role)));
      });
  if (holders.length === 0) return owners(directory);
  return holders.map((user) => ({ userId: user.userId, displayName: user.displayName, fallback: false }));
}

/** Whether tasks were added, removed, renamed or re-described (an Owner's change). */
function tasksChanged(before: RaciChart, after: RaciChart): boolean {
  const shape = (chart: RaciChart) => JSON.stringify(chart.tasks.map((task) => [task.key, task.name, task.description]));
  return shape(before) !== shape(after);
}

const stale = () => new AppError("precondition_failed", "Someone else changed the responsibilities chart since you loaded it. Reload, then apply your change again.");
