/**
 * Access requests: asking for a role (for yourself, or for someone you manage),
 * deciding, withdrawing, and what follows on its own (expiry of undecided requests,
 * time-bound grants ending). Nothing changes a user's roles until a request is
 * approved; the policy library decides who may approve (four eyes always) and the
 * separation-of-duties rules decide what may be granted at all.
 *
 * Follow-ups run as jobs of the access queue (access-jobs.ts), each idempotent:
 * giving an approved role (also done at once, the job catches a crash), expiring a
 * request, the reminder before a grant ends and its end. A job that runs twice finds
 * its work done and does nothing, so each happens exactly once.
 */
import { AppError, invalidInput, notFound } from "../errors/app-error.js";
import type { FieldProblem } from "../errors/app-error.js";
import { newId } from "../domain/ids.js";
import type { AccessRequest, ApprovalPolicy, RequestStatus } from "../policy/access-approval.js";
import { approvalLimits, checkRequest, decideApproval, decideWithdrawal, defaultApprovalPolicy, statusAt, withDecision } from "../policy/access-approval.js";
import { decideConfig, decideGrant, decideManageUser } from "../policy/decide.js";
import type { Actor, RoleDefinition } from "../policy/model.js";
import { memberRole, ownerRole } from "../policy/roles.js";
import type { AccessRepository, Stored, TimeBoundGrant } from "../storage/access-repository.js";
import type { ChangeWriter } from "../storage/change-writer.js";
import type { ConfigRepository } from "../storage/config-repository.js";
import type { AccessJobKind, AccessQueue } from "../storage/access-queue.js";
import type { AccessJobHandlers } from "./access-jobs.js";
import * as notices from "./access-notices.js";
import type { AccessRulesService } from "./access-rules-service.js";
import type { ActorService } from "./actor-service.js";
import type { Clock } from "./clock.js";
import { configChange, systemActor } from "./config-change.js";
import type { NotificationPort } from "./notifications.js";
import type { PeopleAndRoles } from "./people-and-roles.js";
import { readPeopleAndRoles } from "./people-and-roles.js";

const day = 86_400_000;
/** How long before a time-bound grant ends its holder and approvers are reminded. */
const reminderDays = 3;

interface RequestInput {
  /** Who would receive the role; absent, the caller. */
  userId?: string;
  roleId: string;
  justification: string;
  endsAt?: string;
}

/** The justification and end date a manager gives with a grant that needs approval. */
export interface GrantReason {
  justification: string;
  endsAt?: string;
}

/** A role a grant holds back for approval: which role, under which policy, excepting which rules. */
export interface HeldGrant {
  role: RoleDefinition;
  policy: ApprovalPolicy;
  exceptionTo?: string[];
}

type RequestView = "inbox" | "mine" | "all";

/** A request as people read it: names, not ids, and what the reader may do with it. */
export interface AccessRequestView {
  id: string;
  roleId: string;
  roleName: string;
  subject: { id: string; name: string };
  requester: { id: string; name: string };
  justification: string;
  endsAt?: string;
  createdAt: string;
  expiresAt: string;
  status: RequestStatus;
  approvalsNeeded: number;
  decisions: { approverId: string; approverName: string; outcome: "approve" | "deny"; comment?: string; at: string }[];
  exceptionTo?: string[];
  closedAt?: string;
  appliedAt?: string;
  canDecide: boolean;
  canWithdraw: boolean;
  /** Read in chat where deciding needs a fresh multi-factor sign-in: the reader could decide, in the tab. */
  decideInTab?: boolean;
}

/** Where a request is read or decided: the tab's API (its sensitive routes ask step-up sign-in) or chat (which cannot). */
type Channel = "api" | "chat";

interface Deps {
  access: AccessRepository;
  config: ConfigRepository;
  actors: ActorService;
  rules: AccessRulesService;
  changes: ChangeWriter;
  clock: Clock;
  notifications: NotificationPort;
  queue: AccessQueue;
  /** Step-up sign-in is on: decisions are made in the tab, where the API asks for it; chat cannot. */
  decisionsNeedStepUp: boolean;
}

/** The roles and people of a tenant, read once per answer to name things. */
type Directory = PeopleAndRoles;

const isOverseer = (actor: Actor): boolean => decideConfig(actor, "approveAccess").allowed || decideConfig(actor, "usersAndRoles").allowed;

export class AccessRequestService implements AccessJobHandlers {
  constructor(private readonly deps: Deps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  private directory(tenantId: string): Promise<Directory> {
    return readPeopleAndRoles(this.deps.config, tenantId);
  }

  private async policyOf(tenantId: string, roleId: string): Promise<ApprovalPolicy> {
    return policyOrDefault(await this.deps.rules.policyFor(tenantId, roleId), roleId);
  }

  // ---- asking ----

  /** Asks for a role: for yourself (anyone), or for someone else (who manages users, within what they may grant). */
  async request(actor: Actor, input: RequestInput): Promise<AccessRequestView> {
    const subjectId = input.userId ?? actor.userId;
    const directory = await this.directory(actor.tenantId);
    const role = directory.roles.get(input.roleId);
    if (!role) throw invalidInput([{ field: "roleId", message: "There is no such role." }]);
    if (role.id === memberRole.id) throw invalidInput([{ field: "roleId", message: "Everyone holds the Member role: there is nothing to ask for." }]);
    const subject = directory.users.get(subjectId);
    if (subjectId !== actor.userId) {
      if (!decideConfig(actor, "usersAndRoles").allowed) await this.deps.rules.refuse(actor, "access.request", decideConfig(actor, "usersAndRoles"));
      if (!subject || subject.removed) throw notFound("user");
      for (const decision of [decideManageUser(actor, subject), decideGrant(actor, role)]) if (!decision.allowed) await this.deps.rules.refuse(actor, "access.request", decision);
    }
    if (!subject || !subject.active || subject.removed) throw new AppError("conflict", "This user is deactivated: activate them before asking for a role.");
    const grant = await this.deps.access.getGrant(actor.tenantId, subjectId, role.id);
    if (subject.roleIds.includes(role.id) && !grant) throw new AppError("conflict", `${subject.displayName} already holds the role ${role.name}.`);
    if (grant && input.endsAt !== undefined && Date.parse(input.endsAt) <= Date.parse(grant.endsAt)) {
      throw invalidInput([{ field: "endsAt", message: `The role already lasts until ${notices.readableDate(grant.endsAt)}: an extension ends later.` }]);
    }
    const held = await this.holdGrant(actor, heldRoles(directory, subject.roleIds, role.id), role, true);
    const [opened] = await this.open(actor, subjectId, [held!], { justification: input.justification, ...(input.endsAt !== undefined ? { endsAt: input.endsAt } : {}) }, directory);
    return opened!;
  }

  /**
   * Which of the roles a manager gives need an approved request (a policy names them,
   * or they are an exception to a separation-of-duties rule), and checks the reason
   * given for those. Refuses (409) a grant a rule forbids outright. Nothing is stored.
   */
  async planGrants(actor: Actor, nextRoles: readonly RoleDefinition[], added: readonly RoleDefinition[], reason: GrantReason | undefined): Promise<HeldGrant[]> {
    const held: HeldGrant[] = [];
    for (const role of added) {
      const hold = await this.holdGrant(
        actor,
        nextRoles.filter((other) => other.id !== role.id),
        role,
        false,
      );
      if (hold) held.push(hold);
    }
    if (held.length === 0) return held;
    const problems = held.flatMap((hold) => this.problemsOf(hold, reason ?? { justification: "" }).map((problem) => ({ ...problem, field: `access.${problem.field}` })));
    if (problems.length > 0) throw invalidInput(problems, `Giving ${held.map((hold) => hold.role.name).join(", ")} needs approval: say why (and until when, where the role is time-bound).`);
    return held;
  }

  /** The hold a role's grant needs, or none; `always`: a request for yourself always needs approval. */
  private async holdGrant(actor: Actor, others: readonly RoleDefinition[], role: RoleDefinition, always: boolean): Promise<HeldGrant | undefined> {
    const check = await this.deps.rules.checkGrant(actor.tenantId, others, role);
    if (check.outcome === "refused") {
      await this.deps.changes.audit.append(configChange(this.deps.clock, actor, "access.conflictRefused", undefined, { roleId: role.id }, undefined, { reason: check.reason }).audit);
      const rule = check.conflicts.find((conflict) => !conflict.rule.allowExceptions)!.rule;
      throw new AppError("conflict", `The role ${role.name} cannot be given: it breaks the separation-of-duties rule "${rule.name}". ${rule.why}`, {
        details: { reason: check.reason, rules: check.conflicts.map((conflict) => conflict.rule.name) },
      });
    }
    const stored = await this.deps.rules.policyFor(actor.tenantId, role.id);
    if (!stored && !always && check.outcome === "allowed") return undefined;
    const policy = await this.policyOf(actor.tenantId, role.id);
    return {
      role,
      // An exception always needs a reason, whatever the role's policy says.
      policy: check.outcome === "needsException" ? { ...policy, justificationRequired: true } : policy,
      ...(check.outcome === "needsException" ? { exceptionTo: check.conflicts.map((conflict) => conflict.rule.name) } : {}),
    };
  }

  private problemsOf(hold: HeldGrant, reason: GrantReason): FieldProblem[] {
    return checkRequest(hold.policy, reason, this.now());
  }

  /** Stores a pending request per held grant, schedules its expiry and tells the approvers. */
  async open(actor: Actor, subjectId: string, held: readonly HeldGrant[], reason: GrantReason, known?: Directory): Promise<AccessRequestView[]> {
    const directory = known ?? (await this.directory(actor.tenantId));
    const views: AccessRequestView[] = [];
    const pending = (await this.deps.access.listRequests(actor.tenantId)).filter((request) => statusAt(request, this.now()) === "pending" && request.subjectId === subjectId);
    for (const hold of held) {
      const problems = this.problemsOf(hold, reason);
      if (problems.length > 0) throw invalidInput(problems, "The request cannot be made.");
      if (pending.some((request) => request.roleId === hold.role.id)) {
        throw new AppError("conflict", `A request for the role ${hold.role.name} for ${directory.users.get(subjectId)?.displayName ?? "this user"} is already waiting for a decision.`);
      }
      const now = this.now();
      const request: AccessRequest = {
        id: newId(now.getTime()),
        tenantId: actor.tenantId,
        roleId: hold.role.id,
        subjectId,
        requesterId: actor.userId,
        justification: reason.justification.trim(),
        ...(reason.endsAt !== undefined ? { endsAt: new Date(reason.endsAt).toISOString() } : {}),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + hold.policy.expiresAfterDays * day).toISOString(),
        status: "pending",
        decisions: [],
        ...(hold.exceptionTo ? { exceptionTo: hold.exceptionTo } : {}),
      };
      await this.schedule(request, "expire", Date.parse(request.expiresAt));
      const etag = await this.deps.access.saveRequest(
        request,
        configChange(this.deps.clock, actor, "access.request", undefined, request, undefined, { reason: `asked for role ${hold.role.name}: ${request.justification}` }),
      );
      await this.tellApprovers(request, hold.policy, directory);
      views.push(this.view(actor, { ...request, etag: etag ?? "", changeIds: "" }, directory, await this.policyOf(actor.tenantId, hold.role.id)));
    }
    return views;
  }

  private async tellApprovers(request: AccessRequest, policy: ApprovalPolicy, directory: Directory): Promise<void> {
    const names = this.names(request, directory);
    for (const approverId of await this.approversOf(request, policy, directory)) await this.deps.notifications.enqueue(notices.askApprover(request, names, approverId));
    if (request.requesterId !== request.subjectId) await this.deps.notifications.enqueue(notices.requestedForYou(request, names));
  }

  /** The active users who may decide the request now. */
  private async approversOf(request: AccessRequest, policy: ApprovalPolicy, directory: Directory): Promise<string[]> {
    const role = directory.roles.get(request.roleId);
    const ids: string[] = [];
    for (const user of directory.users.values()) {
      if (!user.active || user.removed) continue;
      const candidate = await this.deps.actors.actorOf(user);
      if (decideApproval(candidate, request, policy, this.now()).allowed && (!role || decideGrant(candidate, role).allowed)) ids.push(user.userId);
    }
    return ids;
  }

  // ---- reading ----

  /** The inbox (what the caller may decide now), their own requests, or all (who manages users or approves access). */
  async list(actor: Actor, view: RequestView): Promise<AccessRequestView[]> {
    if (view === "all" && !isOverseer(actor)) await this.deps.rules.refuse(actor, "access.requests", decideConfig(actor, "approveAccess"));
    const directory = await this.directory(actor.tenantId);
    const [all, stored] = await Promise.all([this.deps.access.listRequests(actor.tenantId), this.deps.rules.policies(actor.tenantId)]);
    // The tenant's policies are read once for the whole list, not once per request.
    const policies = new Map(stored.map((policy) => [policy.roleId, policy]));
    const views: AccessRequestView[] = [];
    for (const request of all.reverse()) {
      if (view === "mine" && request.requesterId !== actor.userId && request.subjectId !== actor.userId) continue;
      const shown = this.view(actor, request, directory, policyOrDefault(policies.get(request.roleId), request.roleId));
      if (view !== "inbox" || shown.canDecide) views.push(shown);
    }
    return views;
  }

  /** One request, for whoever is part of it, may decide it, or oversees access; 404 for everyone else. */
  async get(actor: Actor, requestId: string, channel: Channel = "api"): Promise<AccessRequestView> {
    const { request, policy, directory } = await this.visible(actor, requestId);
    return this.view(actor, request, directory, policy, channel);
  }

  private async visible(actor: Actor, requestId: string): Promise<{ request: Stored<AccessRequest>; policy: ApprovalPolicy; directory: Directory }> {
    const request = await this.deps.access.getRequest(actor.tenantId, requestId);
    if (!request) throw notFound("request");
    const policy = await this.policyOf(actor.tenantId, request.roleId);
    const involved = [request.requesterId, request.subjectId, ...request.decisions.map((decision) => decision.approverId)].includes(actor.userId);
    if (!involved && !isOverseer(actor) && !approverKind(actor, policy)) throw notFound("request");
    return { request, policy, directory: await this.directory(actor.tenantId) };
  }

  private names(request: AccessRequest, directory: Directory): notices.NoticeNames {
    const person = (userId: string) => directory.users.get(userId)?.displayName ?? "a former user";
    return { role: directory.roles.get(request.roleId)?.name ?? "a removed role", subject: person(request.subjectId), requester: person(request.requesterId), person };
  }

  private view(actor: Actor, request: Stored<AccessRequest>, directory: Directory, policy: ApprovalPolicy, channel: Channel = "api"): AccessRequestView {
    const names = this.names(request, directory);
    const now = this.now();
    const role = directory.roles.get(request.roleId);
    return {
      id: request.id,
      roleId: request.roleId,
      roleName: names.role,
      subject: { id: request.subjectId, name: names.subject },
      requester: { id: request.requesterId, name: names.requester },
      justification: request.justification,
      ...(request.endsAt ? { endsAt: request.endsAt } : {}),
      createdAt: request.createdAt,
      expiresAt: request.expiresAt,
      status: statusAt(request, now),
      approvalsNeeded: policy.approvalsNeeded,
      decisions: request.decisions.map((decision) => ({ ...decision, approverName: names.person(decision.approverId) })),
      ...(request.exceptionTo ? { exceptionTo: [...request.exceptionTo] } : {}),
      ...(request.closedAt ? { closedAt: request.closedAt } : {}),
      ...(request.appliedAt ? { appliedAt: request.appliedAt } : {}),
      ...this.deciding(channel, decideApproval(actor, request, policy, now).allowed && role !== undefined && decideGrant(actor, role).allowed),
      canWithdraw: decideWithdrawal(actor, request, now).allowed,
    };
  }

  private deciding(channel: Channel, may: boolean): { canDecide: boolean; decideInTab?: true } {
    if (channel === "chat" && this.deps.decisionsNeedStepUp) return { canDecide: false, ...(may ? { decideInTab: true as const } : {}) };
    return { canDecide: may };
  }

  // ---- deciding ----

  /**
   * Approves or denies. Two approvers at once: one wins the request's ETag; the other
   * tries again on what the first left (a second approval still counts), or is told
   * who decided.
   */
  async decide(actor: Actor, requestId: string, outcome: "approve" | "deny", comment?: string, channel: Channel = "api"): Promise<AccessRequestView> {
    if (channel === "chat" && this.deps.decisionsNeedStepUp) {
      throw new AppError("forbidden", "Approve or deny this in the CRM tab's Approvals: deciding on access needs a fresh multi-factor sign-in, which chat cannot ask for.", {
        details: { reason: "deciding on access needs a step-up sign-in" },
      });
    }
    const trimmed = comment?.trim() ?? "";
    if (trimmed.length > approvalLimits.comment) throw invalidInput([{ field: "comment", message: `A comment holds at most ${approvalLimits.comment} characters.` }]);
    for (let attempt = 0; ; attempt += 1) {
      const { request, policy, directory } = await this.visible(actor, requestId);
      const now = this.now();
      const decision = decideApproval(actor, request, policy, now);
      const status = statusAt(request, now);
      if (!decision.allowed && status !== "pending") throw settledConflict(request, status, directory);
      if (!decision.allowed) await this.deps.rules.refuse(actor, `access.${outcome}`, decision);
      const role = directory.roles.get(request.roleId);
      if (!role) throw new AppError("conflict", "The role of this request was deleted: it cannot be approved.");
      const beyond = decideGrant(actor, role);
      if (!beyond.allowed) await this.deps.rules.refuse(actor, `access.${outcome}`, { ...beyond, reason: `nobody approves more than they hold: ${beyond.reason}` });
      if (outcome === "approve") await this.checkStillGrantable(actor, request, role, directory);
      const next = withDecision(request, policy, { approverId: actor.userId, outcome, ...(trimmed ? { comment: trimmed } : {}), at: now.toISOString() });
      if (next.status === "approved") await this.schedule(next, "apply", now.getTime());
      try {
        const { etag: _e, changeIds: _c, ...before } = request;
        const reason = `${outcome === "approve" ? "approved" : "denied"} role ${role.name} for ${directory.users.get(request.subjectId)?.displayName ?? "a former user"}${trimmed ? `: ${trimmed}` : ""}`;
        const etag = await this.deps.access.saveRequest(
          next,
          configChange(this.deps.clock, actor, `access.${outcome}`, { status: before.status, decisions: before.decisions }, { status: next.status, decisions: next.decisions }, request, { reason }),
        );
        if (next.status !== "pending") await this.tellSettled(next, directory);
        if (next.status === "approved") await this.apply(actor.tenantId, next.id).catch(() => undefined);
        const saved = (await this.deps.access.getRequest(actor.tenantId, requestId)) ?? { ...next, etag: etag ?? "", changeIds: "" };
        return this.view(actor, saved, directory, policy);
      } catch (error) {
        if (error instanceof AppError && error.code === "precondition_failed" && attempt < 3) continue;
        throw error;
      }
    }
  }

  /** At approval, the rules are asked again: a role given since may make this grant a conflict. */
  private async checkStillGrantable(actor: Actor, request: AccessRequest, role: RoleDefinition, directory: Directory): Promise<void> {
    const subject = directory.users.get(request.subjectId);
    if (!subject || !subject.active || subject.removed) throw new AppError("conflict", "The person this request is for no longer has access: it cannot be approved.");
    const check = await this.deps.rules.checkGrant(actor.tenantId, heldRoles(directory, subject.roleIds, role.id), role);
    if (check.outcome === "refused" || (check.outcome === "needsException" && !request.exceptionTo?.length)) {
      throw new AppError("conflict", `Approving would break a separation-of-duties rule: ${check.reason}.`, { details: { reason: check.reason } });
    }
  }

  private async tellSettled(request: AccessRequest, directory: Directory): Promise<void> {
    const names = this.names(request, directory);
    for (const userId of new Set([request.requesterId, request.subjectId])) await this.deps.notifications.enqueue(notices.settled(request, names, userId));
  }

  async withdraw(actor: Actor, requestId: string): Promise<AccessRequestView> {
    const { request, directory } = await this.visible(actor, requestId);
    const now = this.now();
    const decision = decideWithdrawal(actor, request, now);
    const status = statusAt(request, now);
    if (!decision.allowed && status !== "pending") throw settledConflict(request, status, directory);
    if (!decision.allowed) await this.deps.rules.refuse(actor, "access.withdraw", decision);
    const next: AccessRequest = { ...stripStored(request), status: "withdrawn", closedAt: now.toISOString() };
    await this.deps.access.saveRequest(next, configChange(this.deps.clock, actor, "access.withdraw", { status: request.status }, { status: next.status }, request, { reason: "withdrew the request" }));
    return this.get(actor, requestId);
  }

  // ---- time-bound grants ----

  /** The time-bound grants: all of them for who oversees access, one's own for everyone else. */
  async grants(actor: Actor): Promise<TimeBoundGrant[]> {
    const grants = (await this.deps.access.listGrants(actor.tenantId)).map(({ etag: _e, changeIds: _c, ...grant }) => grant);
    return isOverseer(actor) ? grants : grants.filter((grant) => grant.userId === actor.userId);
  }

  /** A role taken away by hand ends its time-bound grant too (given again, it is permanent). */
  async rolesRemoved(actor: Pick<Actor, "tenantId" | "userId"> & { kind: "user" | "workflow" | "system" }, userId: string, roleIds: readonly string[]): Promise<void> {
    for (const roleId of roleIds) {
      const grant = await this.deps.access.getGrant(actor.tenantId, userId, roleId);
      if (grant)
        await this.deps.access.deleteGrant(
          actor.tenantId,
          grant,
          configChange(this.deps.clock, actor, "access.grantRemoved", stripStored(grant), undefined, grant, { reason: "the role was taken away by hand" }),
        );
    }
  }

  // ---- follow-ups (jobs) ----

  private async schedule(request: AccessRequest, kind: AccessJobKind, dueAt: number): Promise<void> {
    await this.deps.queue.enqueue(request.tenantId, `${kind}|${request.id}`, { kind, id: request.id }, dueAt, { enqueuedAt: this.now().toISOString() });
  }

  /** Gives an approved request's role, once: a second run finds it given and does nothing. */
  async apply(tenantId: string, requestId: string): Promise<void> {
    const request = await this.deps.access.getRequest(tenantId, requestId);
    if (!request || request.status !== "approved" || request.appliedAt) return;
    const user = await this.deps.config.getUser(tenantId, request.subjectId);
    const directory = await this.directory(tenantId);
    const approver = request.decisions.at(-1)!.approverId;
    const by = { tenantId, userId: approver, kind: "user" as const };
    if (user && user.active && !user.removed) {
      if (!user.roleIds.includes(request.roleId)) {
        const { etag: _e, changeIds: _c, tenantId: _t, userId: _u, ...before } = user;
        const next = { ...before, roleIds: [...user.roleIds, request.roleId], updatedAt: this.now().toISOString() };
        const reason = `approved request for role ${directory.roles.get(request.roleId)?.name ?? request.roleId}: ${request.justification}`;
        await this.deps.config.saveUser(
          tenantId,
          user.userId,
          next,
          configChange(this.deps.clock, by, "access.grant", before, next, user, { reason, events: [{ type: "user.updated", tenantId, userId: user.userId, actorId: approver }] }),
        );
      }
      await this.recordEnd(request, by);
    }
    const latest = (await this.deps.access.getRequest(tenantId, requestId))!;
    const applied: AccessRequest = { ...stripStored(latest), appliedAt: this.now().toISOString() };
    await this.deps.access.saveRequest(
      applied,
      configChange(this.deps.clock, by, "access.applied", undefined, { appliedAt: applied.appliedAt }, latest, {
        reason: user?.active ? "the role was given" : "the user no longer has access: nothing was given",
      }),
    );
  }

  /** Keeps (or clears) the end of the grant and schedules its reminder and its end. */
  private async recordEnd(request: AccessRequest, by: { tenantId: string; userId: string; kind: "user" }): Promise<void> {
    const existing = await this.deps.access.getGrant(request.tenantId, request.subjectId, request.roleId);
    if (!request.endsAt) {
      if (existing) await this.deps.access.deleteGrant(request.tenantId, existing, configChange(this.deps.clock, by, "access.grantPermanent", stripStored(existing), undefined, existing));
      return;
    }
    const grant: TimeBoundGrant = { userId: request.subjectId, roleId: request.roleId, endsAt: request.endsAt, requestId: request.id };
    if (existing?.requestId !== request.id) {
      await this.deps.access.saveGrant(request.tenantId, grant, configChange(this.deps.clock, by, "access.grantEnds", existing ? stripStored(existing) : undefined, grant, existing));
    }
    const ends = Date.parse(request.endsAt);
    if (ends - reminderDays * day > this.now().getTime()) await this.schedule(request, "remind", ends - reminderDays * day);
    await this.schedule(request, "end", ends);
  }

  /** An undecided request past its time expires; the requester (and whoever it was for) is told. */
  async expire(tenantId: string, requestId: string): Promise<void> {
    const request = await this.deps.access.getRequest(tenantId, requestId);
    if (!request || request.status !== "pending" || statusAt(request, this.now()) !== "expired") return;
    const next: AccessRequest = { ...stripStored(request), status: "expired", closedAt: this.now().toISOString() };
    await this.deps.access.saveRequest(
      next,
      configChange(this.deps.clock, systemActor(tenantId), "access.expire", { status: "pending" }, { status: "expired" }, request, { reason: "nobody decided in time" }),
    );
    await this.tellSettled(next, await this.directory(tenantId));
  }

  /** A few days before a time-bound grant ends: its holder and whoever approved it are told. */
  async remindEnd(tenantId: string, requestId: string): Promise<void> {
    const request = await this.deps.access.getRequest(tenantId, requestId);
    const grant = request && (await this.deps.access.getGrant(tenantId, request.subjectId, request.roleId));
    if (!request || grant?.requestId !== request.id) return;
    const names = this.names(request, await this.directory(tenantId));
    for (const userId of concerned(request)) await this.deps.notifications.enqueue(notices.endingSoon(request, names, userId));
  }

  /**
   * Ends a time-bound grant, once: the role goes, then the grant's row. A run after a
   * crash between the two finds the role gone and finishes; a grant since extended or
   * made permanent belongs to another request and is left alone.
   */
  async endGrant(tenantId: string, requestId: string): Promise<void> {
    const request = await this.deps.access.getRequest(tenantId, requestId);
    const grant = request && (await this.deps.access.getGrant(tenantId, request.subjectId, request.roleId));
    if (!request || !grant || grant.requestId !== request.id) return;
    const user = await this.deps.config.getUser(tenantId, request.subjectId);
    const directory = await this.directory(tenantId);
    let kept = false;
    if (user?.roleIds.includes(request.roleId)) {
      kept = request.roleId === ownerRole.id && !(await this.anotherActiveOwner(tenantId, user.userId));
      if (!kept) {
        const { etag: _e, changeIds: _c, tenantId: _t, userId: _u, ...before } = user;
        const remaining = user.roleIds.filter((roleId) => roleId !== request.roleId);
        const next = { ...before, roleIds: remaining.length > 0 ? remaining : [memberRole.id], updatedAt: this.now().toISOString() };
        const reason = `the grant of role ${directory.roles.get(request.roleId)?.name ?? request.roleId} reached its end date`;
        await this.deps.config.saveUser(
          tenantId,
          user.userId,
          next,
          configChange(this.deps.clock, systemActor(tenantId), "access.grantEnd", before, next, user, { reason, events: [{ type: "user.updated", tenantId, userId: user.userId, actorId: "system" }] }),
        );
      }
    }
    await this.deps.access.deleteGrant(
      tenantId,
      grant,
      configChange(this.deps.clock, systemActor(tenantId), "access.grantEnded", stripStored(grant), undefined, grant, { reason: kept ? "kept: the last Owner" : "ended on time" }),
    );
    const names = this.names(request, directory);
    for (const userId of concerned(request)) await this.deps.notifications.enqueue(notices.ended(request, names, userId, kept));
  }

  private async anotherActiveOwner(tenantId: string, userId: string): Promise<boolean> {
    return (await this.deps.config.listUsers(tenantId)).some((user) => user.userId !== userId && user.active && !user.removed && user.roleIds.includes(ownerRole.id));
  }
}

/** The holder and whoever approved the grant. */
const concerned = (request: AccessRequest): Set<string> =>
  new Set([request.subjectId, ...request.decisions.filter((decision) => decision.outcome === "approve").map((decision) => decision.approverId)]);

function policyOrDefault(stored: Stored<ApprovalPolicy> | undefined, roleId: string): ApprovalPolicy {
  return stored ? stripStored(stored) : defaultApprovalPolicy(roleId);
}

function stripStored<T>({ etag: _e, changeIds: _c, ...value }: Stored<T>): T {
  return value as T;
}

/** The definitions of a user's roles but one (unknown ids skipped). */
function heldRoles(directory: Directory, roleIds: readonly string[], except: string): RoleDefinition[] {
  return roleIds.filter((roleId) => roleId !== except).flatMap((roleId) => directory.roles.get(roleId) ?? []);
}

/** Does the actor hold a role the policy names as approver (or Owner, when Owners approve)? */
function approverKind(actor: Actor, policy: ApprovalPolicy): boolean {
  if (policy.approvers.kind === "owners") return actor.roles.some((role) => role.builtIn && role.id === ownerRole.id);
  const { roleIds } = policy.approvers;
  return actor.roles.some((role) => roleIds.includes(role.id));
}

function settledConflict(request: AccessRequest, status: RequestStatus, directory: Directory): AppError {
  const last = request.decisions.at(-1);
  const who = last ? (directory.users.get(last.approverId)?.displayName ?? "someone") : "";
  const when = request.closedAt ? ` on ${notices.readableDate(request.closedAt)}` : "";
  const message =
    status === "approved"
      ? `${who} already approved this request${when}.`
      : status === "denied"
        ? `${who} already denied this request${when}.`
        : status === "expired"
          ? "This request expired before anyone decided it."
          : "This request was withdrawn.";
  return new AppError("conflict", message, { details: { status } });
}
