/**
 * Access reviews: an Owner (or whoever approves access and manages users) starts a
 * campaign; reviewers decide, per person, keep, remove the reviewed roles, or
 * deactivate; reminders before the due date, escalation to whoever started it, and
 * at the due date what the campaign said for undecided people. The results are the
 * auditor's evidence (CSV and JSON).
 *
 * A reviewer acts with the campaign's authority, within the rules a manager has:
 * nobody reviews themselves, only an Owner removes an Owner, the organisation keeps
 * an Owner. Follow-ups are jobs of the access queue, each idempotent.
 */
import { AppError, invalidInput, notFound } from "../errors/app-error.js";
import { toCsv } from "../domain/csv.js";
import { newId } from "../domain/ids.js";
import type { ReviewCampaign, ReviewDecision, ReviewItem, ReviewOutcome } from "../policy/access-review.js";
import { checkCampaign, decideReview, isOver, isReviewer, progressOf, reviewLimits } from "../policy/access-review.js";
import { decideConfig } from "../policy/decide.js";
import type { Actor } from "../policy/model.js";
import { entityTypes } from "../policy/model.js";
import { memberRole, ownerRole } from "../policy/roles.js";
import type { AccessQueue } from "../storage/access-queue.js";
import type { Stored } from "../storage/access-repository.js";
import type { AuditRepository } from "../storage/audit-repository.js";
import type { ConfigRepository, UserRecord } from "../storage/config-repository.js";
import type { RecordRepository } from "../storage/record-repository.js";
import type { ReviewRepository } from "../storage/review-repository.js";
import type { ReviewJobHandlers } from "./access-jobs.js";
import { readableDate } from "./access-notices.js";
import type { AccessRequestService } from "./access-request-service.js";
import type { AccessRulesService } from "./access-rules-service.js";
import type { ActorService } from "./actor-service.js";
import type { Clock } from "./clock.js";
import { configChange, systemActor } from "./config-change.js";
import type { NotificationPort } from "./notifications.js";
import type { PeopleAndRoles } from "./people-and-roles.js";
import { readPeopleAndRoles } from "./people-and-roles.js";

const day = 86_400_000;

interface CampaignInput {
  name: string;
  scope: ReviewCampaign["scope"];
  reviewers: ReviewCampaign["reviewers"];
  dueAt: string;
  whenUndecided: ReviewCampaign["whenUndecided"];
  repeatQuarterly: boolean;
}

/** A person under review as a reviewer reads it: names, not ids, and whether they may decide. */
interface ReviewItemView {
  userId: string;
  displayName: string;
  roles: string[];
  isOwner: boolean;
  lastActiveAt?: string;
  recordsOwned: number;
  /** Removed from the CRM since the review started: nothing left to review. */
  gone: boolean;
  decision?: ReviewDecision & { byName: string };
  canDecide: boolean;
}

interface CampaignView {
  id: string;
  name: string;
  createdBy: { id: string; name: string };
  createdAt: string;
  scope: { kind: "allUsers" } | { kind: "roles"; roleIds: string[] };
  scopeRoles: string[];
  reviewers: { kind: "owners" } | { kind: "roles"; roleIds: string[] };
  reviewerRoles: string[];
  dueAt: string;
  whenUndecided: ReviewCampaign["whenUndecided"];
  repeatQuarterly: boolean;
  status: "open" | "closed";
  closedAt?: string;
  progress: { decided: number; total: number; byReviewer: { id: string; name: string; decided: number }[] };
  isReviewer: boolean;
}

interface Deps {
  reviews: ReviewRepository;
  config: ConfigRepository;
  records: Pick<RecordRepository, "countOpen">;
  audit: AuditRepository;
  actors: ActorService;
  rules: AccessRulesService;
  requests: Pick<AccessRequestService, "rolesRemoved">;
  clock: Clock;
  notifications: NotificationPort;
  queue: AccessQueue;
}

type Directory = PeopleAndRoles;

const isOverseer = (actor: Actor): boolean => decideConfig(actor, "approveAccess").allowed;

export class AccessReviewService implements ReviewJobHandlers {
  constructor(private readonly deps: Deps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  private directory(tenantId: string): Promise<Directory> {
    return readPeopleAndRoles(this.deps.config, tenantId);
  }

  // ---- starting ----

  /** Starts a campaign: one item per person in scope, as they are now; reviewers are told. */
  async start(actor: Actor, input: CampaignInput): Promise<CampaignView> {
    for (const permission of ["approveAccess", "usersAndRoles"] as const) {
      const decision = decideConfig(actor, permission);
      if (!decision.allowed) await this.deps.rules.refuse(actor, "review.start", decision);
    }
    const directory = await this.directory(actor.tenantId);
    const problems = checkCampaign(input, this.now(), (roleId) => directory.roles.has(roleId));
    if (input.name.trim().length > reviewLimits.name) problems.push({ field: "name", message: `A name holds at most ${reviewLimits.name} characters.` });
    if (problems.length > 0) throw invalidInput(problems, "The review cannot start.");
    const now = this.now();
    const campaign: ReviewCampaign = {
      id: newId(now.getTime()),
      tenantId: actor.tenantId,
      name: input.name.trim(),
      createdBy: actor.userId,
      createdAt: now.toISOString(),
      scope: input.scope,
      reviewers: input.reviewers,
      dueAt: new Date(input.dueAt).toISOString(),
      whenUndecided: input.whenUndecided,
      repeatQuarterly: input.repeatQuarterly,
      status: "open",
    };
    await this.open(campaign, actor);
    return this.view(actor, { ...campaign, etag: "", changeIds: "" }, await this.deps.reviews.items(actor.tenantId, campaign.id), directory);
  }

  /** Snapshots the people in scope, schedules the reminders and the close, saves the campaign, and tells the reviewers. */
  private async open(campaign: ReviewCampaign, by: Pick<Actor, "tenantId" | "userId"> & { kind: "user" | "workflow" | "system" }): Promise<void> {
    const { tenantId } = campaign;
    const directory = await this.directory(tenantId);
    const inScope = [...directory.users.values()].filter((user) => user.active && !user.removed && reviewedRoles(campaign, user).length + (campaign.scope.kind === "allUsers" ? 1 : 0) > 0);
    const items: ReviewItem[] = [];
    for (const user of inScope) {
      const lastActiveAt = await this.lastActivity(tenantId, user.userId);
      let recordsOwned = 0;
      for (const entity of entityTypes) recordsOwned += await this.deps.records.countOpen(tenantId, user.userId, entity, () => false);
      items.push({
        campaignId: campaign.id,
        userId: user.userId,
        displayName: user.displayName,
        roleIds: reviewedRoles(campaign, user),
        isOwner: user.roleIds.includes(ownerRole.id),
        ...(lastActiveAt ? { lastActiveAt } : {}),
        recordsOwned,
      });
    }
    await this.deps.reviews.createItems(tenantId, items);
    const due = Date.parse(campaign.dueAt);
    const now = this.now().getTime();
    if (due - 3 * day > now) await this.schedule(campaign, "reviewRemind", due - 3 * day);
    if (due - day > now) await this.schedule(campaign, "reviewEscalate", due - day);
    await this.schedule(campaign, "reviewClose", due);
    const reason = `started the access review "${campaign.name}" of ${items.length} people, due ${readableDate(campaign.dueAt)}`;
    await this.deps.reviews.saveCampaign(campaign, configChange(this.deps.clock, by, "review.start", undefined, campaign, undefined, { reason }));
    for (const reviewerId of await this.reviewersOf(campaign, directory)) {
      const count = items.filter((item) => item.userId !== reviewerId).length;
      await this.notify(
        campaign,
        reviewerId,
        "start",
        `Access review: ${campaign.name}`,
        `You review the access of ${count} people by ${readableDate(campaign.dueAt)}: keep, remove roles, or deactivate. Open the CRM tab's Access reviews.`,
      );
    }
  }

  /** When the user last did something in the CRM, from the audit log (background work: at most a few pages). */
  private async lastActivity(tenantId: string, userId: string): Promise<string | undefined> {
    let token: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const result = await this.deps.audit.list(tenantId, { actorId: userId, pageSize: 1, ...(token ? { continuationToken: token } : {}) });
      if (result.items[0]) return result.items[0].at;
      token = result.continuationToken;
      if (!token) return undefined;
    }
    return undefined;
  }

  private async reviewersOf(campaign: ReviewCampaign, directory: Directory): Promise<string[]> {
    const ids: string[] = [];
    for (const user of directory.users.values()) {
      if (user.active && !user.removed && isReviewer(await this.deps.actors.actorOf(user), campaign)) ids.push(user.userId);
    }
    return ids;
  }

  private async schedule(campaign: ReviewCampaign, kind: "reviewRemind" | "reviewEscalate" | "reviewClose", dueAt: number): Promise<void> {
    await this.deps.queue.enqueue(campaign.tenantId, `${kind}|${campaign.id}`, { kind, id: campaign.id }, dueAt, { enqueuedAt: this.now().toISOString() });
  }

  private notify(campaign: ReviewCampaign, userId: string, what: string, title: string, text: string): Promise<void> {
    return this.deps.notifications.enqueue({
      tenantId: campaign.tenantId,
      recipient: { kind: "user", userId },
      dedupeKey: `review|${campaign.id}|${what}|${userId}`,
      title,
      text,
      reviewId: campaign.id,
    });
  }

  // ---- reading ----

  /** Campaigns the caller oversees (approve access) or reviews in, newest first. */
  async list(actor: Actor): Promise<CampaignView[]> {
    const directory = await this.directory(actor.tenantId);
    const views: CampaignView[] = [];
    for (const campaign of (await this.deps.reviews.listCampaigns(actor.tenantId)).reverse()) {
      if (!isOverseer(actor) && !isReviewer(actor, campaign)) continue;
      views.push(this.view(actor, campaign, await this.deps.reviews.items(actor.tenantId, campaign.id), directory));
    }
    return views;
  }

  private async visible(actor: Actor, campaignId: string): Promise<Stored<ReviewCampaign>> {
    const campaign = await this.deps.reviews.getCampaign(actor.tenantId, campaignId);
    if (!campaign || (!isOverseer(actor) && !isReviewer(actor, campaign))) throw notFound("access review");
    return campaign;
  }

  async get(actor: Actor, campaignId: string): Promise<CampaignView & { items: ReviewItemView[] }> {
    const campaign = await this.visible(actor, campaignId);
    const items = await this.deps.reviews.items(actor.tenantId, campaignId);
    const directory = await this.directory(actor.tenantId);
    return { ...this.view(actor, campaign, items, directory), items: items.map((item) => this.itemView(actor, campaign, item, directory)) };
  }

  private view(actor: Actor, campaign: Stored<ReviewCampaign>, items: readonly ReviewItem[], directory: Directory): CampaignView {
    const name = (userId: string) => (userId === "system" ? "the CRM" : (directory.users.get(userId)?.displayName ?? "a former user"));
    const roleNames = (ids: readonly string[]) => ids.map((id) => directory.roles.get(id)?.name ?? "a removed role");
    const counted = items.filter((item) => item.decision || !isGone(directory, item));
    const progress = progressOf(counted);
    return {
      id: campaign.id,
      name: campaign.name,
      createdBy: { id: campaign.createdBy, name: name(campaign.createdBy) },
      createdAt: campaign.createdAt,
      scope: campaign.scope.kind === "roles" ? { kind: "roles", roleIds: [...campaign.scope.roleIds] } : { kind: "allUsers" },
      scopeRoles: campaign.scope.kind === "roles" ? roleNames(campaign.scope.roleIds) : [],
      reviewers: campaign.reviewers.kind === "roles" ? { kind: "roles", roleIds: [...campaign.reviewers.roleIds] } : { kind: "owners" },
      reviewerRoles: campaign.reviewers.kind === "roles" ? roleNames(campaign.reviewers.roleIds) : [],
      dueAt: campaign.dueAt,
      whenUndecided: campaign.whenUndecided,
      repeatQuarterly: campaign.repeatQuarterly,
      status: isOver(campaign, this.now()) ? "closed" : "open",
      ...(campaign.closedAt ? { closedAt: campaign.closedAt } : {}),
      progress: { decided: progress.decided, total: progress.total, byReviewer: Object.entries(progress.byReviewer).map(([id, decided]) => ({ id, name: name(id), decided })) },
      isReviewer: isReviewer(actor, campaign),
    };
  }

  private itemView(actor: Actor, campaign: ReviewCampaign, item: ReviewItem, directory: Directory): ReviewItemView {
    const gone = isGone(directory, item);
    return {
      userId: item.userId,
      displayName: item.displayName,
      roles: item.roleIds.map((id) => directory.roles.get(id)?.name ?? "a removed role"),
      isOwner: item.isOwner,
      ...(item.lastActiveAt ? { lastActiveAt: item.lastActiveAt } : {}),
      recordsOwned: item.recordsOwned,
      gone,
      ...(item.decision ? { decision: { ...item.decision, byName: item.decision.by === "system" ? "the CRM" : (directory.users.get(item.decision.by)?.displayName ?? "a former user") } } : {}),
      canDecide: !gone && decideReview(actor, campaign, item, "keep", this.now()).allowed,
    };
  }

  // ---- deciding ----

  /**
   * Keep, remove the reviewed roles, or deactivate. The item is claimed first (its
   * ETag: two reviewers at once, one wins), then the user is changed; should that
   * fail, the claim is given back, so nothing is half done.
   */
  async decide(actor: Actor, campaignId: string, userId: string, outcome: ReviewOutcome, comment = ""): Promise<ReviewItemView> {
    const trimmed = comment.trim();
    if (trimmed.length > reviewLimits.comment) throw invalidInput([{ field: "comment", message: `A comment holds at most ${reviewLimits.comment} characters.` }]);
    const campaign = await this.visible(actor, campaignId);
    const item = await this.deps.reviews.getItem(actor.tenantId, campaignId, userId);
    if (!item) throw notFound("person in this review");
    const directory = await this.directory(actor.tenantId);
    const decision = decideReview(actor, campaign, item, outcome, this.now());
    if (!decision.allowed && item.decision) throw new AppError("conflict", `${this.nameOf(directory, item.decision.by)} already reviewed ${item.displayName} on ${readableDate(item.decision.at)}.`);
    if (!decision.allowed) await this.deps.rules.refuse(actor, `review.${outcome}`, decision);
    if (isGone(directory, item)) throw new AppError("conflict", `${item.displayName} no longer has access to the CRM: there is nothing left to review.`);
    const by = { tenantId: actor.tenantId, userId: actor.userId, kind: "user" as const };
    await this.settle(campaign, item, outcome, trimmed, by, directory);
    const saved = (await this.deps.reviews.getItem(actor.tenantId, campaignId, userId))!;
    return this.itemView(actor, campaign, saved, directory);
  }

  private nameOf(directory: Directory, userId: string): string {
    return userId === "system" ? "The CRM" : (directory.users.get(userId)?.displayName ?? "A former user");
  }

  /** Claims the item with the decision, then makes the change; a failed change gives the claim back. */
  private async settle(
    campaign: ReviewCampaign,
    item: Stored<ReviewItem>,
    outcome: ReviewOutcome,
    comment: string,
    by: { tenantId: string; userId: string; kind: "user" | "system" },
    directory: Directory,
  ): Promise<void> {
    const user = directory.users.get(item.userId);
    const result = describeOutcome(outcome, item, directory);
    const decision: ReviewDecision = { outcome, comment, by: by.userId, at: this.now().toISOString(), result };
    const { etag: _e, changeIds: _c, ...plain } = item;
    const claimed: ReviewItem = { ...plain, decision };
    const reason = `access review "${campaign.name}": ${result}${comment ? ` (${comment})` : ""}`;
    let etag: string | undefined;
    try {
      etag = await this.deps.reviews.saveItem(
        campaign.tenantId,
        claimed,
        configChange(this.deps.clock, by, `review.${outcome}`, { userId: item.userId }, { userId: item.userId, decision }, item, { reason }),
      );
    } catch (error) {
      if (error instanceof AppError && error.code === "precondition_failed") {
        const latest = await this.deps.reviews.getItem(campaign.tenantId, campaign.id, item.userId);
        throw new AppError(
          "conflict",
          latest?.decision ? `${this.nameOf(directory, latest.decision.by)} already reviewed ${item.displayName}.` : "Someone reviewed this person at the same moment; reload.",
        );
      }
      throw error;
    }
    if (outcome === "keep" || !user) return;
    try {
      await this.changeUser(campaign, item, outcome, user, by, reason);
    } catch (error) {
      await this.deps.reviews.saveItem(
        campaign.tenantId,
        plain,
        configChange(this.deps.clock, by, "review.undo", { decision }, undefined, { etag: etag ?? "", changeIds: "" }, { reason: "the change could not be made; the person is still to review" }),
      );
      throw error;
    }
  }

  private async changeUser(
    campaign: ReviewCampaign,
    item: ReviewItem,
    outcome: Exclude<ReviewOutcome, "keep">,
    user: UserRecord,
    by: { tenantId: string; userId: string; kind: "user" | "system" },
    reason: string,
  ): Promise<void> {
    const remaining = user.roleIds.filter((roleId) => !item.roleIds.includes(roleId));
    const next = {
      displayName: user.displayName,
      email: user.email,
      roleIds: outcome === "removeRoles" ? (remaining.length > 0 ? remaining : [memberRole.id]) : user.roleIds,
      teamIds: user.teamIds,
      active: outcome === "deactivate" ? false : user.active,
      source: user.source,
      createdAt: user.createdAt,
      updatedAt: this.now().toISOString(),
    };
    const losesOwner = user.roleIds.includes(ownerRole.id) && user.active && !(next.active && next.roleIds.includes(ownerRole.id));
    if (losesOwner) {
      const others = (await this.deps.config.listUsers(campaign.tenantId)).filter((other) => other.userId !== user.userId && other.active && !other.removed && other.roleIds.includes(ownerRole.id));
      if (others.length === 0) throw new AppError("conflict", "Your organisation must keep at least one Owner: make someone else Owner first.");
    }
    const { etag: _e, changeIds: _c, tenantId: _t, userId: _u, ...before } = user;
    const event = { type: "user.updated", tenantId: campaign.tenantId, userId: user.userId, actorId: by.userId };
    const deactivated = user.active && !next.active ? [{ ...event, type: "user.deactivated" }] : [];
    await this.deps.config.saveUser(
      campaign.tenantId,
      user.userId,
      next,
      configChange(this.deps.clock, by, outcome === "deactivate" ? "review.deactivateUser" : "review.removeRoleIds", before, next, user, { reason, events: [event, ...deactivated] }),
    );
    const removed = user.roleIds.filter((roleId) => !next.roleIds.includes(roleId));
    if (removed.length > 0) await this.deps.requests.rolesRemoved(by, user.userId, removed);
  }

  // ---- evidence ----

  /** Who decided what about whom, when and why: the auditor's evidence. */
  async evidence(actor: Actor, campaignId: string): Promise<{ campaign: CampaignView; rows: EvidenceRow[] }> {
    const decision = decideConfig(actor, "approveAccess");
    if (!decision.allowed) await this.deps.rules.refuse(actor, "review.export", decision);
    const campaign = await this.visible(actor, campaignId);
    const items = await this.deps.reviews.items(actor.tenantId, campaignId);
    const directory = await this.directory(actor.tenantId);
    const rows = items.map((item) => {
      const view = this.itemView(actor, campaign, item, directory);
      return {
        person: item.displayName,
        userId: item.userId,
        rolesReviewed: view.roles.join("; "),
        lastActiveAt: item.lastActiveAt ?? "",
        recordsOwned: item.recordsOwned,
        decision: item.decision ? outcomeWords[item.decision.outcome] : view.gone ? "no longer a user" : "not decided",
        decidedBy: view.decision?.byName ?? "",
        decidedAt: item.decision?.at ?? "",
        comment: item.decision?.comment ?? "",
        result: item.decision?.result ?? "",
      };
    });
    return { campaign: this.view(actor, campaign, items, directory), rows };
  }

  async evidenceCsv(actor: Actor, campaignId: string): Promise<{ name: string; csv: string }> {
    const { campaign, rows } = await this.evidence(actor, campaignId);
    return { name: campaign.name, csv: toCsv(evidenceColumns, rows) };
  }

  // ---- follow-ups (jobs) ----

  /** Three days before the due date: reviewers are told how many people are still to review. */
  async remind(tenantId: string, campaignId: string): Promise<void> {
    const campaign = await this.deps.reviews.getCampaign(tenantId, campaignId);
    if (!campaign || campaign.status !== "open") return;
    const directory = await this.directory(tenantId);
    const open = (await this.deps.reviews.items(tenantId, campaignId)).filter((item) => !item.decision && !isGone(directory, item));
    if (open.length === 0) return;
    for (const reviewerId of await this.reviewersOf(campaign, directory)) {
      const theirs = open.filter((item) => item.userId !== reviewerId).length;
      if (theirs > 0) await this.notify(campaign, reviewerId, "remind", `Access review due soon: ${campaign.name}`, `${theirs} people are still to review by ${readableDate(campaign.dueAt)}.`);
    }
  }

  /** The day before: whoever started the campaign hears what is undecided. */
  async escalate(tenantId: string, campaignId: string): Promise<void> {
    const campaign = await this.deps.reviews.getCampaign(tenantId, campaignId);
    if (!campaign || campaign.status !== "open") return;
    const directory = await this.directory(tenantId);
    const items = await this.deps.reviews.items(tenantId, campaignId);
    const open = items.filter((item) => !item.decision && !isGone(directory, item));
    if (open.length === 0) return;
    const then = campaign.whenUndecided === "remove" ? "their reviewed roles will be removed" : "they keep their access";
    await this.notify(
      campaign,
      campaign.createdBy,
      "escalate",
      `Access review behind: ${campaign.name}`,
      `${open.length} of ${items.length} people are not reviewed yet, and it is due ${readableDate(campaign.dueAt)}. If nobody decides, ${then}.`,
    );
  }

  /**
   * At the due date: undecided people are kept or lose their reviewed roles, as the
   * campaign said; the campaign closes; a quarterly one starts the next. A second run
   * finds each step done.
   */
  async close(tenantId: string, campaignId: string): Promise<void> {
    let campaign = await this.deps.reviews.getCampaign(tenantId, campaignId);
    if (!campaign) return;
    const directory = await this.directory(tenantId);
    if (campaign.status === "open") {
      for (const item of await this.deps.reviews.items(tenantId, campaignId)) {
        if (item.decision || isGone(directory, item)) continue;
        // An Owner loses access only by a person's decision, never because nobody decided.
        const outcome = campaign.whenUndecided === "remove" && item.roleIds.length > 0 && !item.isOwner ? "removeRoles" : "keep";
        try {
          await this.settle(
            campaign,
            item,
            outcome,
            item.isOwner && campaign.whenUndecided === "remove" ? "not reviewed by the due date; an Owner is kept unless a reviewer decides" : "not reviewed by the due date",
            systemActor(tenantId),
            directory,
          );
        } catch (error) {
          // A reviewer decided this person at the same moment: their decision stands. (Owners are never
          // removed here, so the organisation cannot lose its last Owner; anything else is retried with the job.)
          if (!(error instanceof AppError && error.code === "conflict")) throw error;
        }
      }
      const { etag: _e, changeIds: _c, ...plain } = campaign;
      const closed: ReviewCampaign = { ...plain, status: "closed", closedAt: this.now().toISOString(), ...(campaign.repeatQuarterly ? { nextId: newId(this.now().getTime()) } : {}) };
      await this.deps.reviews.saveCampaign(
        closed,
        configChange(this.deps.clock, systemActor(tenantId), "review.close", { status: "open" }, { status: "closed" }, campaign, { reason: "the due date was reached" }),
      );
      const items = await this.deps.reviews.items(tenantId, campaignId);
      const removed = items.filter((item) => item.decision && item.decision.outcome !== "keep").length;
      await this.notify(
        closed,
        closed.createdBy,
        "closed",
        `Access review closed: ${closed.name}`,
        `${items.length} people reviewed; ${removed} lost roles or access. The results are in the CRM tab's Access reviews, ready to export.`,
      );
      campaign = { ...closed, etag: "", changeIds: "" };
    }
    if (campaign.nextId && !(await this.deps.reviews.getCampaign(tenantId, campaign.nextId))) {
      const now = this.now();
      const length = Date.parse(campaign.dueAt) - Date.parse(campaign.createdAt);
      const next: ReviewCampaign = {
        ...campaign,
        id: campaign.nextId,
        createdAt: now.toISOString(),
        dueAt: new Date(now.getTime() + length).toISOString(),
        status: "open",
      };
      delete next.closedAt;
      delete next.nextId;
      const { etag: _e, changeIds: _c, ...fresh } = next as Stored<ReviewCampaign>;
      await this.open(fresh, systemActor(tenantId));
    }
  }
}

type EvidenceRow = {
  person: string;
  userId: string;
  rolesReviewed: string;
  lastActiveAt: string;
  recordsOwned: number;
  decision: string;
  decidedBy: string;
  decidedAt: string;
  comment: string;
  result: string;
};

const evidenceColumns: readonly { key: keyof EvidenceRow; label: string }[] = [
  { key: "person", label: "Person" },
  { key: "userId", label: "User id" },
  { key: "rolesReviewed", label: "Roles reviewed" },
  { key: "lastActiveAt", label: "Last active" },
  { key: "recordsOwned", label: "Records owned" },
  { key: "decision", label: "Decision" },
  { key: "decidedBy", label: "Decided by" },
  { key: "decidedAt", label: "Decided at" },
  { key: "comment", label: "Comment" },
  { key: "result", label: "Result" },
];

const outcomeWords: Record<ReviewOutcome, string> = { keep: "keep", removeRoles: "remove roles", deactivate: "deactivate" };

/** The roles of this user the campaign reviews: those in scope (all but Member, for all users). */
function reviewedRoles(campaign: Pick<ReviewCampaign, "scope">, user: UserRecord): string[] {
  if (campaign.scope.kind === "allUsers") return user.roleIds.filter((roleId) => roleId !== memberRole.id);
  const { roleIds } = campaign.scope;
  return user.roleIds.filter((roleId) => roleIds.includes(roleId));
}

const isGone = (directory: Directory, item: Pick<ReviewItem, "userId">): boolean => {
  const user = directory.users.get(item.userId);
  return !user || user.removed;
};

function describeOutcome(outcome: ReviewOutcome, item: ReviewItem, directory: Directory): string {
  const roles = item.roleIds.map((id) => directory.roles.get(id)?.name ?? "a removed role").join(", ");
  if (outcome === "keep") return `kept ${item.displayName}'s access`;
  if (outcome === "deactivate") return `deactivated ${item.displayName}`;
  return `removed ${roles} from ${item.displayName}`;
}
