import { describe, expect, it } from "vitest";
import type { AccessRequest, ApprovalPolicy } from "./access-approval.js";
import { checkApprovalPolicy, checkRequest, decideApproval, decideWithdrawal, statusAt, withDecision } from "./access-approval.js";
import type { Actor, RoleDefinition } from "./model.js";
import { memberRole, ownerRole } from "./roles.js";

const now = new Date("2026-12-01T10:00:00Z");
const later = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
const managers: RoleDefinition = { ...memberRole, id: "sales-managers", name: "Sales Managers", builtIn: false };
const person = (userId: string, roles: readonly RoleDefinition[], extra: Partial<Actor> = {}): Actor => ({ tenantId: "t1", userId, kind: "user", active: true, teamIds: [], roles, ...extra });

const byOwners: ApprovalPolicy = { roleId: "finance", approvers: { kind: "owners" }, approvalsNeeded: 1, maxDays: 30, justificationRequired: true, expiresAfterDays: 7 };
const byManagers: ApprovalPolicy = { ...byOwners, approvers: { kind: "roles", roleIds: ["sales-managers"] }, approvalsNeeded: 2, maxDays: undefined };
const request: AccessRequest = {
  id: "r1",
  tenantId: "t1",
  roleId: "finance",
  subjectId: "sam",
  requesterId: "rita",
  justification: "Covering Q4 renewals",
  endsAt: later(30),
  createdAt: now.toISOString(),
  expiresAt: later(7),
  status: "pending",
  decisions: [],
};

describe("checkRequest", () => {
  it("takes a justified request within the longest duration", () => {
    expect(checkRequest(byOwners, { justification: "Covering Q4", endsAt: later(30) }, now)).toEqual([]);
    expect(checkRequest(byManagers, { justification: "Covering Q4" }, now)).toEqual([]);
  });

  it("refuses an empty or oversized justification where one is required", () => {
    expect(checkRequest(byOwners, { justification: "  ", endsAt: later(1) }, now)).toEqual([{ field: "justification", message: "Say why this access is needed." }]);
    expect(checkRequest({ ...byOwners, justificationRequired: false }, { justification: "", endsAt: later(1) }, now)).toEqual([]);
    expect(checkRequest(byOwners, { justification: "x".repeat(1001), endsAt: later(1) }, now).map((problem) => problem.field)).toEqual(["justification"]);
  });

  it("refuses a duration above the maximum, a permanent grant where there is one, and an end that is past or no date", () => {
    expect(checkRequest(byOwners, { justification: "j", endsAt: later(31) }, now)).toEqual([{ field: "endsAt", message: "This role is given for at most 30 days." }]);
    expect(checkRequest(byOwners, { justification: "j" }, now)).toEqual([{ field: "endsAt", message: "This role is given for at most 30 days: choose an end date." }]);
    expect(checkRequest(byOwners, { justification: "j", endsAt: later(-1) }, now)[0]?.message).toBe("The end date must be in the future.");
    expect(checkRequest(byOwners, { justification: "j", endsAt: "soon" }, now)[0]?.message).toBe("The end date is not a date.");
  });
});

describe("decideApproval", () => {
  const owner = person("olga", [ownerRole]);
  const manager = person("max", [managers]);

  it("lets an eligible approver decide a pending request", () => {
    expect(decideApproval(owner, request, byOwners, now)).toMatchObject({ allowed: true, reason: "an Owner approves this role" });
    expect(decideApproval(manager, request, byManagers, now)).toMatchObject({ allowed: true, reason: "role Sales Managers approves this role" });
  });

  it("four eyes: neither whoever asked nor whoever receives decides, Owner or not", () => {
    expect(decideApproval(person("rita", [ownerRole]), request, byOwners, now)).toMatchObject({ allowed: false, reason: "nobody decides a request they made" });
    expect(decideApproval(person("sam", [ownerRole]), request, byOwners, now)).toMatchObject({ allowed: false, reason: "nobody decides a role for themselves" });
  });

  it("refuses someone outside the approvers, an Owner where roles approve, and a deactivated or foreign approver", () => {
    expect(decideApproval(manager, request, byOwners, now)).toMatchObject({ allowed: false, reason: "only an Owner approves this role" });
    expect(decideApproval(owner, request, byManagers, now)).toMatchObject({ allowed: false, reason: "no role of this user approves this role" });
    expect(decideApproval(person("max", [managers], { active: false }), request, byManagers, now).allowed).toBe(false);
    expect(decideApproval(person("olga", [ownerRole], { tenantId: "t2" }), request, byOwners, now)).toMatchObject({ allowed: false, reason: "the request belongs to another organisation" });
  });

  it("refuses deciding twice, or a request that is settled or expired", () => {
    const once = withDecision(request, byManagers, { approverId: "max", outcome: "approve", at: now.toISOString() });
    expect(once.status).toBe("pending");
    expect(decideApproval(manager, once, byManagers, now)).toMatchObject({ allowed: false, reason: "this user already decided this request" });
    expect(decideApproval(owner, { ...request, status: "approved" }, byOwners, now).reason).toBe("this request was already approved");
    expect(decideApproval(owner, { ...request, status: "withdrawn" }, byOwners, now).reason).toBe("this request was withdrawn");
    expect(decideApproval(owner, request, byOwners, new Date(later(7))).reason).toBe("this request expired before anyone decided");
  });
});

describe("withDecision and statusAt", () => {
  it("approves once the policy's approvals are in; one denial denies", () => {
    const first = withDecision(request, byManagers, { approverId: "max", outcome: "approve", at: now.toISOString() });
    expect(withDecision(first, byManagers, { approverId: "mia", outcome: "approve", at: now.toISOString() }).status).toBe("approved");
    expect(withDecision(first, byManagers, { approverId: "mia", outcome: "deny", comment: "Not this quarter", at: now.toISOString() }).status).toBe("denied");
    expect(withDecision(request, byOwners, { approverId: "olga", outcome: "approve", at: now.toISOString() }).status).toBe("approved");
  });

  it("a pending request past its expiry reads as expired; a settled one keeps its status", () => {
    expect(statusAt(request, new Date(later(6)))).toBe("pending");
    expect(statusAt(request, new Date(later(7)))).toBe("expired");
    expect(statusAt({ ...request, status: "approved" }, new Date(later(8)))).toBe("approved");
  });
});

describe("decideWithdrawal", () => {
  it("whoever asked or whoever it is for withdraws a pending request; nobody else", () => {
    expect(decideWithdrawal(person("rita", [memberRole]), request, now).allowed).toBe(true);
    expect(decideWithdrawal(person("sam", [memberRole]), request, now).allowed).toBe(true);
    expect(decideWithdrawal(person("olga", [ownerRole]), request, now).allowed).toBe(false);
    expect(decideWithdrawal(person("rita", [memberRole]), { ...request, status: "denied" }, now).reason).toBe("this request was already denied");
  });
});

describe("checkApprovalPolicy", () => {
  const known = (roleId: string) => ["finance", "sales-managers", "owner"].includes(roleId);
  it("takes a policy naming known approver roles, within the limits", () => {
    expect(checkApprovalPolicy(byOwners, known)).toEqual([]);
    expect(checkApprovalPolicy(byManagers, known)).toEqual([]);
  });

  it("refuses the Member role, no or unknown approver roles, the role approving itself, and durations out of range", () => {
    const fields = (policy: ApprovalPolicy) => checkApprovalPolicy(policy, known).map((problem) => problem.message);
    expect(fields({ ...byOwners, roleId: "member" })).toEqual(["Everyone holds the Member role: it cannot need approval."]);
    expect(fields({ ...byOwners, approvers: { kind: "roles", roleIds: [] } })).toEqual(["Name at least one role whose holders approve."]);
    expect(fields({ ...byOwners, approvers: { kind: "roles", roleIds: ["ghost"] } })).toEqual(['There is no role "ghost".']);
    expect(fields({ ...byOwners, approvers: { kind: "roles", roleIds: ["finance"] } })).toEqual(["Holders of a role do not approve who else gets it: choose another role."]);
    expect(fields({ ...byOwners, maxDays: 0 })).toEqual(["The longest grant is between 1 and 366 days."]);
    expect(fields({ ...byOwners, maxDays: 367 })).toHaveLength(1);
    expect(fields({ ...byOwners, expiresAfterDays: 91 })).toEqual(["Undecided requests expire after 1 to 90 days."]);
  });
});

describe("closing a request", () => {
  it("remembers when a decision settled it, not while it waits for a second approval", () => {
    const at = later(1);
    expect(withDecision(request, byManagers, { approverId: "max", outcome: "approve", at }).closedAt).toBeUndefined();
    expect(withDecision(request, byManagers, { approverId: "max", outcome: "deny", at }).closedAt).toBe(at);
  });
});
