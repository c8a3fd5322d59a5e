/**
 * Approved role changes: which roles need approval, who may approve a request, and
 * what a decision does to it. Pure, with a reason on every answer, so the API, the
 * bot's approval card and the tab's inbox all say the same thing.
 *
 * Four eyes always: whoever asked for a grant and whoever would receive it never
 * approve it, whatever roles they hold.
 */
import type { FieldProblem } from "../errors/app-error.js";
import type { Actor, Decision } from "./model.js";

/** Per role: whether granting it needs approval, by whom, for how long at most. */
export interface ApprovalPolicy {
  roleId: string;
  approvers: { kind: "owners" } | { kind: "roles"; roleIds: readonly string[] };
  approvalsNeeded: 1 | 2;
  /** The longest grant in days; absent, a permanent grant is allowed. */
  maxDays?: number;
  justificationRequired: boolean;
  /** Days an undecided request waits before it expires. */
  expiresAfterDays: number;
}

export const approvalLimits = { justification: 1000, comment: 500, maxDays: 366, expiresAfterDays: 90 } as const;

export type RequestStatus = "pending" | "approved" | "denied" | "expired" | "withdrawn";

export interface AccessDecision {
  approverId: string;
  outcome: "approve" | "deny";
  comment?: string;
  at: string;
}

export interface AccessRequest {
  id: string;
  tenantId: string;
  roleId: string;
  /** Who would receive the role. */
  subjectId: string;
  /** Who asked: the subject themselves, or someone who manages users. */
  requesterId: string;
  justification: string;
  /** When the grant ends; absent, it is permanent. */
  endsAt?: string;
  createdAt: string;
  /** When the request expires if still undecided. */
  expiresAt: string;
  status: RequestStatus;
  decisions: readonly AccessDecision[];
  /** The separation-of-duties rules this grant is an exception to (their names), if any. */
  exceptionTo?: readonly string[];
  /** When it stopped being pending: decided, expired or withdrawn. */
  closedAt?: string;
  /** When an approved request's role was given to its subject. */
  appliedAt?: string;
}

/**
 * The policy of a role nobody wrote one for, when someone asks for it anyway (a
 * request for yourself, or an exception to a separation-of-duties rule): one Owner
 * approves, with a reason, within 14 days; the grant may be permanent.
 */
export const defaultApprovalPolicy = (roleId: string): ApprovalPolicy => ({
  roleId,
  approvers: { kind: "owners" },
  approvalsNeeded: 1,
  justificationRequired: true,
  expiresAfterDays: 14,
});

/** What is wrong with a policy before it is saved. */
export function checkApprovalPolicy(policy: ApprovalPolicy, roleExists: (roleId: string) => boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (policy.roleId === "member") problems.push({ field: "roleId", message: "Everyone holds the Member role: it cannot need approval." });
  if (policy.approvers.kind === "roles") {
    if (policy.approvers.roleIds.length === 0) problems.push({ field: "approvers", message: "Name at least one role whose holders approve." });
    for (const roleId of policy.approvers.roleIds) if (!roleExists(roleId)) problems.push({ field: "approvers", message: `There is no role "${roleId}".` });
    if (policy.approvers.roleIds.includes(policy.roleId)) problems.push({ field: "approvers", message: "Holders of a role do not approve who else gets it: choose another role." });
  }
  if (policy.maxDays !== undefined && (!Number.isInteger(policy.maxDays) || policy.maxDays < 1 || policy.maxDays > approvalLimits.maxDays)) {
    problems.push({ field: "maxDays", message: `The longest grant is between 1 and ${approvalLimits.maxDays} days.` });
  }
  if (!Number.isInteger(policy.expiresAfterDays) || policy.expiresAfterDays < 1 || policy.expiresAfterDays > approvalLimits.expiresAfterDays) {
    problems.push({ field: "expiresAfterDays", message: `Undecided requests expire after 1 to ${approvalLimits.expiresAfterDays} days.` });
  }
  return problems;
}

const day = 86_400_000;
const allow = (reason: string): Decision => ({ allowed: true, scope: "all", reason });
const refuse = (reason: string): Decision => ({ allowed: false, scope: "none", reason });
const isOwner = (actor: Actor): boolean => actor.roles.some((role) => role.builtIn && role.id === "owner");

/** What is wrong with a request before it is stored: justification and duration against the role's policy. */
export function checkRequest(policy: ApprovalPolicy, input: { justification: string; endsAt?: string }, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const justification = input.justification.trim();
  if (policy.justificationRequired && justification.length === 0) problems.push({ field: "justification", message: "Say why this access is needed." });
  if (justification.length > approvalLimits.justification) problems.push({ field: "justification", message: `A justification holds at most ${approvalLimits.justification} characters.` });
  if (input.endsAt === undefined) {
    if (policy.maxDays !== undefined) problems.push({ field: "endsAt", message: `This role is given for at most ${policy.maxDays} days: choose an end date.` });
    return problems;
  }
  const ends = Date.parse(input.endsAt);
  if (Number.isNaN(ends)) problems.push({ field: "endsAt", message: "The end date is not a date." });
  else if (ends <= now.getTime()) problems.push({ field: "endsAt", message: "The end date must be in the future." });
  else if (policy.maxDays !== undefined && ends - now.getTime() > policy.maxDays * day) {
    problems.push({ field: "endsAt", message: `This role is given for at most ${policy.maxDays} days.` });
  }
  return problems;
}

/** The request as it is at `now`: a pending request past its expiry has expired. */
export function statusAt(request: Pick<AccessRequest, "status" | "expiresAt">, now: Date): RequestStatus {
  return request.status === "pending" && Date.parse(request.expiresAt) <= now.getTime() ? "expired" : request.status;
}

const settled: Record<Exclude<RequestStatus, "pending">, string> = {
  approved: "this request was already approved",
  denied: "this request was already denied",
  expired: "this request expired before anyone decided",
  withdrawn: "this request was withdrawn",
};

/** May this person approve or deny the request now? */
export function decideApproval(approver: Actor, request: AccessRequest, policy: ApprovalPolicy, now: Date): Decision {
  if (!approver.active) return refuse("this user is deactivated");
  if (approver.tenantId !== request.tenantId) return refuse("the request belongs to another organisation");
  const status = statusAt(request, now);
  if (status !== "pending") return refuse(settled[status]);
  if (approver.userId === request.requesterId) return refuse("nobody decides a request they made");
  if (approver.userId === request.subjectId) return refuse("nobody decides a role for themselves");
  if (request.decisions.some((decision) => decision.approverId === approver.userId)) return refuse("this user already decided this request");
  if (policy.approvers.kind === "owners") return isOwner(approver) ? allow("an Owner approves this role") : refuse("only an Owner approves this role");
  const eligible = approver.roles.find((role) => policy.approvers.kind === "roles" && policy.approvers.roleIds.includes(role.id));
  return eligible ? allow(`role ${eligible.name} approves this role`) : refuse("no role of this user approves this role");
}

/**
 * The request after a decision that `decideApproval` allowed: one denial denies it;
 * it is approved once it has the approvals the policy needs.
 */
export function withDecision(request: AccessRequest, policy: ApprovalPolicy, decision: AccessDecision): AccessRequest {
  const decisions = [...request.decisions, decision];
  const approvals = decisions.filter((entry) => entry.outcome === "approve").length;
  const status: RequestStatus = decision.outcome === "deny" ? "denied" : approvals >= policy.approvalsNeeded ? "approved" : "pending";
  return { ...request, decisions, status, ...(status !== "pending" ? { closedAt: decision.at } : {}) };
}

/** May this person withdraw the request? The one who asked, or the one it is for, while it is pending. */
export function decideWithdrawal(actor: Actor, request: AccessRequest, now: Date): Decision {
  const status = statusAt(request, now);
  if (status !== "pending") return refuse(settled[status]);
  if (actor.tenantId !== request.tenantId) return refuse("the request belongs to another organisation");
  return actor.userId === request.requesterId || actor.userId === request.subjectId ? allow("the request is theirs") : refuse("only whoever asked, or whoever it is for, withdraws a request");
}
