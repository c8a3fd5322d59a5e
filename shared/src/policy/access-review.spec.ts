import { describe, expect, it } from "vitest";
import type { ReviewCampaign, ReviewItem } from "./access-review.js";
import { checkCampaign, decideReview, isOver, progressOf } from "./access-review.js";
import type { Actor, RoleDefinition } from "./model.js";
import { memberRole, ownerRole } from "./roles.js";

const now = new Date("2026-12-01T10:00:00Z");
const later = (days: number) => new Date(now.getTime() + days * 86_400_000).toISOString();
const reviewers: RoleDefinition = { ...memberRole, id: "reviewers", name: "Reviewers", builtIn: false };
const person = (userId: string, roles: readonly RoleDefinition[], extra: Partial<Actor> = {}): Actor => ({ tenantId: "t1", userId, kind: "user", active: true, teamIds: [], roles, ...extra });
const campaign: ReviewCampaign = {
  id: "c1",
  tenantId: "t1",
  name: "Q4",
  createdBy: "olga",
  createdAt: now.toISOString(),
  scope: { kind: "allUsers" },
  reviewers: { kind: "owners" },
  dueAt: later(14),
  whenUndecided: "keep",
  repeatQuarterly: false,
  status: "open",
};
const byRole: ReviewCampaign = { ...campaign, reviewers: { kind: "roles", roleIds: ["reviewers"] } };
const item: ReviewItem = { campaignId: "c1", userId: "sam", displayName: "Sam", roleIds: ["sales"], isOwner: false, recordsOwned: 3 };
const ownerItem: ReviewItem = { ...item, userId: "otto", isOwner: true };

describe("decideReview", () => {
  it("lets an Owner review others, and holders of the named role where a role reviews", () => {
    expect(decideReview(person("olga", [ownerRole]), campaign, item, "removeRoles", now).allowed).toBe(true);
    expect(decideReview(person("rita", [reviewers]), byRole, item, "deactivate", now).allowed).toBe(true);
    expect(decideReview(person("rita", [reviewers]), byRole, ownerItem, "keep", now).allowed).toBe(true);
  });

  it("refuses whoever is not a reviewer, oneself, twice, after the due date, and a non-Owner removing an Owner", () => {
    const reason = (...args: Parameters<typeof decideReview>) => decideReview(...args).reason;
    expect(reason(person("rita", [reviewers]), campaign, item, "keep", now)).toBe("only an Owner reviews in this campaign");
    expect(reason(person("olga", [ownerRole]), byRole, item, "keep", now)).toBe("no role of this user reviews in this campaign");
    expect(reason(person("sam", [ownerRole]), campaign, item, "keep", now)).toBe("nobody reviews their own access");
    expect(reason(person("olga", [ownerRole]), campaign, { ...item, decision: { outcome: "keep", comment: "", by: "otto", at: now.toISOString(), result: "kept" } }, "keep", now)).toBe(
      "this person was already reviewed in this campaign",
    );
    expect(reason(person("olga", [ownerRole]), campaign, item, "keep", new Date(later(15)))).toBe("this review is over");
    expect(reason(person("rita", [reviewers]), byRole, ownerItem, "removeRoles", now)).toBe("only an Owner may change or remove another Owner");
    expect(decideReview(person("olga", [ownerRole], { active: false }), campaign, item, "keep", now).allowed).toBe(false);
    expect(decideReview(person("olga", [ownerRole], { tenantId: "t2" }), campaign, item, "keep", now).allowed).toBe(false);
    expect(reason(person("olga", [ownerRole]), campaign, { ...item, roleIds: [] }, "removeRoles", now)).toBe("this person holds no role under review");
  });

  it("a closed campaign is over before its due date", () => {
    expect(isOver({ ...campaign, status: "closed" }, now)).toBe(true);
    expect(isOver(campaign, now)).toBe(false);
  });
});

describe("checkCampaign", () => {
  const known = (roleId: string) => ["reviewers", "sales", "member"].includes(roleId);
  it("takes a named campaign due within 90 days over known roles", () => {
    expect(checkCampaign(campaign, now, known)).toEqual([]);
    expect(checkCampaign({ ...byRole, scope: { kind: "roles", roleIds: ["sales"] } }, now, known)).toEqual([]);
  });

  it("refuses an empty name, bad or out-of-range due dates, unknown or no roles, and the Member role as scope", () => {
    const messages = (patch: Partial<ReviewCampaign>) => checkCampaign({ ...campaign, ...patch }, now, known).map((problem) => problem.message);
    expect(messages({ name: " " })).toEqual(["Give the review a name."]);
    expect(messages({ dueAt: "soon" })).toEqual(["The due date is not a date."]);
    expect(messages({ dueAt: later(0.25) })).toEqual(["Give reviewers at least a day: choose a later due date."]);
    expect(messages({ dueAt: later(91) })).toEqual(["A review lasts at most 90 days."]);
    expect(messages({ reviewers: { kind: "roles", roleIds: [] } })).toEqual(["Name at least one role."]);
    expect(messages({ scope: { kind: "roles", roleIds: ["ghost"] } })).toEqual(['There is no role "ghost".']);
    expect(messages({ scope: { kind: "roles", roleIds: ["member"] } })).toEqual(["Everyone holds the Member role: review all users instead."]);
  });
});

describe("progressOf", () => {
  it("counts decided items and each reviewer's share", () => {
    const decided = (by: string) => ({ decision: { outcome: "keep" as const, comment: "", by, at: now.toISOString(), result: "kept" } });
    expect(progressOf([decided("olga"), decided("olga"), decided("otto"), {}])).toEqual({ decided: 3, total: 4, byReviewer: { olga: 2, otto: 1 } });
  });
});
