/**
 * Access reviews: a campaign asks reviewers whether each person still needs the
 * roles they hold. Pure: who reviews, what a decision may do, and what a campaign
 * says at its due date, each with a reason in words.
 *
 * Four eyes here too: nobody reviews their own access. Only an Owner removes or
 * deactivates an Owner, as by hand.
 */
import type { FieldProblem } from "../errors/app-error.js";
import type { Actor, Decision } from "./model.js";

export type ReviewOutcome = "keep" | "removeRoles" | "deactivate";

export interface ReviewCampaign {
  id: string;
  tenantId: string;
  name: string;
  createdBy: string;
  createdAt: string;
  /** Whose access is reviewed: every active user, or the holders of these roles. */
  scope: { kind: "allUsers" } | { kind: "roles"; roleIds: readonly string[] };
  reviewers: { kind: "owners" } | { kind: "roles"; roleIds: readonly string[] };
  dueAt: string;
  /** What happens at the due date to people nobody decided about. */
  whenUndecided: "keep" | "remove";
  /** Starts the next campaign, like this one, when this one closes. */
  repeatQuarterly: boolean;
  status: "open" | "closed";
  closedAt?: string;
  /** A quarterly campaign, once closed: the id its successor starts with (so starting it twice is once). */
  nextId?: string;
}

export interface ReviewDecision {
  outcome: ReviewOutcome;
  comment: string;
  by: string;
  at: string;
  /** What the decision did, in words ("removed Sales Manager"), or why it did nothing. */
  result: string;
}

/** One person under review, as they were when the campaign started. */
export interface ReviewItem {
  campaignId: string;
  userId: string;
  displayName: string;
  /** The roles under review (in scope), by id. */
  roleIds: readonly string[];
  isOwner: boolean;
  lastActiveAt?: string;
  recordsOwned: number;
  decision?: ReviewDecision;
}

export const reviewLimits = { name: 120, comment: 500, maxDays: 90 } as const;

const day = 86_400_000;
const allow = (reason: string): Decision => ({ allowed: true, scope: "all", reason });
const refuse = (reason: string): Decision => ({ allowed: false, scope: "none", reason });
const isOwner = (actor: Actor): boolean => actor.roles.some((role) => role.builtIn && role.id === "owner");

/** Does this person review the campaign (Owners, or holders of the named roles)? */
export function isReviewer(actor: Actor, campaign: Pick<ReviewCampaign, "reviewers" | "tenantId">): boolean {
  if (!actor.active || actor.tenantId !== campaign.tenantId) return false;
  if (campaign.reviewers.kind === "owners") return isOwner(actor);
  const { roleIds } = campaign.reviewers;
  return actor.roles.some((role) => roleIds.includes(role.id));
}

/** Has the campaign stopped taking decisions (closed, or past its due date)? */
export const isOver = (campaign: Pick<ReviewCampaign, "status" | "dueAt">, now: Date): boolean => campaign.status === "closed" || Date.parse(campaign.dueAt) <= now.getTime();

/** May this reviewer decide this item this way now? */
export function decideReview(reviewer: Actor, campaign: ReviewCampaign, item: ReviewItem, outcome: ReviewOutcome, now: Date): Decision {
  if (!isReviewer(reviewer, campaign)) return refuse(campaign.reviewers.kind === "owners" ? "only an Owner reviews in this campaign" : "no role of this user reviews in this campaign");
  if (isOver(campaign, now)) return refuse("this review is over");
  if (item.userId === reviewer.userId) return refuse("nobody reviews their own access");
  if (item.decision) return refuse("this person was already reviewed in this campaign");
  if (outcome !== "keep" && item.isOwner && !isOwner(reviewer)) return refuse("only an Owner may change or remove another Owner");
  if (outcome === "removeRoles" && item.roleIds.length === 0) return refuse("this person holds no role under review");
  return allow("this user reviews in this campaign");
}

/** What is wrong with a campaign before it starts. */
export function checkCampaign(campaign: Pick<ReviewCampaign, "name" | "scope" | "reviewers" | "dueAt">, now: Date, roleExists: (roleId: string) => boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (campaign.name.trim().length === 0) problems.push({ field: "name", message: "Give the review a name." });
  const due = Date.parse(campaign.dueAt);
  if (Number.isNaN(due)) problems.push({ field: "dueAt", message: "The due date is not a date." });
  else if (due <= now.getTime() + day / 2) problems.push({ field: "dueAt", message: "Give reviewers at least a day: choose a later due date." });
  else if (due > now.getTime() + reviewLimits.maxDays * day) problems.push({ field: "dueAt", message: `A review lasts at most ${reviewLimits.maxDays} days.` });
  for (const [field, roles] of [
    ["scope", campaign.scope],
    ["reviewers", campaign.reviewers],
  ] as const) {
    if (roles.kind !== "roles") continue;
    if (roles.roleIds.length === 0) problems.push({ field, message: "Name at least one role." });
    for (const roleId of roles.roleIds) if (!roleExists(roleId)) problems.push({ field, message: `There is no role "${roleId}".` });
  }
  if (campaign.scope.kind === "roles" && campaign.scope.roleIds.includes("member")) problems.push({ field: "scope", message: "Everyone holds the Member role: review all users instead." });
  return problems;
}

/** How far the campaign is: decided and all, and how many each reviewer decided. */
export function progressOf(items: readonly Pick<ReviewItem, "decision">[]): { decided: number; total: number; byReviewer: Record<string, number> } {
  const byReviewer: Record<string, number> = {};
  for (const item of items) if (item.decision) byReviewer[item.decision.by] = (byReviewer[item.decision.by] ?? 0) + 1;
  return { decided: items.filter((item) => item.decision).length, total: items.length, byReviewer };
}
