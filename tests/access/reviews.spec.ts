/**
 * Access reviews over HTTP, on real Azurite with a clock the test moves: a campaign
 * over everyone, reviewers decide (never about themselves, only Owners about
 * Owners), reminders and escalation before the due date, undecided people handled
 * at the due date, a quarterly campaign starting its successor once, and the
 * evidence as JSON and CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";
import { TestClock, days } from "../workflows/support.js";

let server: TestServer;
const clock = new TestClock(Date.parse("2026-09-01T09:00:00Z"));
const { call, created } = apiAs(() => server);
const tenantId = "reviews";
const who = (userId: string) => ({ tenantId, userId });
const founder = who("founder");
const olga = who("olga");
const rita = who("rita");
const roles: Record<string, string> = {};
const at = (n: number) => new Date(clock.now().getTime() + days(n)).toISOString();

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await call(founder, "GET", "/api/me");
  roles.manager = (await created(founder, "/api/roles", { name: "Sales Manager", template: "sales-manager" })).body.id;
  roles.analyst = (await created(founder, "/api/roles", { name: "Analyst", template: "data-analyst" })).body.id;
  roles.reviewer = (await created(founder, "/api/roles", { name: "Reviewer", template: "sales-rep" })).body.id;
  for (const [userId, displayName, roleIds] of [
    ["olga", "Olga", ["owner"]],
    ["mia", "Mia", [roles.manager]],
    ["kim", "=Kim", ["member", roles.analyst]],
    ["rep", "Rep", ["member"]],
    ["rita", "Rita", [roles.reviewer]],
  ] as const) {
    await created(founder, "/api/users", { userId, displayName, roleIds });
  }
});
afterAll(async () => {
  await server.close();
});

const rolesOf = async (userId: string) => (await call(founder, "GET", "/api/users")).body.items.find((user: { userId: string }) => user.userId === userId).roleIds as string[];
const titlesFor = async (userId: string) =>
  (await server.services.workflowEngine.storedNotifications!.pending(tenantId)).filter((item) => item.recipient.kind === "user" && item.recipient.userId === userId).map((item) => item.title);
const decide = (as: { tenantId: string; userId: string }, reviewId: string, userId: string, outcome: string, comment?: string) =>
  call(as, "POST", `/api/access/reviews/${reviewId}/people/${userId}/decision`, { outcome, ...(comment ? { comment } : {}) });

describe("a review of everyone, by the Owners", () => {
  let reviewId: string;

  it("starts with everyone active, as they are now; the Owners are told", async () => {
    const started = await call(founder, "POST", "/api/access/reviews", { name: "Q3 review", scope: { kind: "allUsers" }, reviewers: { kind: "owners" }, dueAt: at(14), whenUndecided: "remove" });
    expect(started.status, started.text).toBe(201);
    reviewId = started.body.id;
    expect(started.body).toMatchObject({ status: "open", progress: { decided: 0, total: 6 }, isReviewer: true });
    expect(await titlesFor("olga")).toContain("Access review: Q3 review");
    expect(await titlesFor("rep")).not.toContain("Access review: Q3 review");
    const detail = (await call(olga, "GET", `/api/access/reviews/${reviewId}`)).body;
    const kim = detail.items.find((item: { userId: string }) => item.userId === "kim");
    expect(kim).toMatchObject({ displayName: "=Kim", roles: ["Analyst"], isOwner: false, recordsOwned: 0, gone: false, canDecide: true });
    expect(kim.lastActiveAt).toBeUndefined();
    expect(detail.items.find((item: { userId: string }) => item.userId === "olga").canDecide).toBe(false);
  });

  it("is not for Members: not started, not listed, not shown", async () => {
    expect((await call(who("rep"), "POST", "/api/access/reviews", { name: "Mine", scope: { kind: "allUsers" }, reviewers: { kind: "owners" }, dueAt: at(14), whenUndecided: "keep" })).status).toBe(
      403,
    );
    expect((await call(who("rep"), "GET", "/api/access/reviews")).body.items).toEqual([]);
    expect((await call(who("rep"), "GET", `/api/access/reviews/${reviewId}`)).status).toBe(404);
    expect((await decide(who("rep"), reviewId, "kim", "keep")).status).toBe(404);
    expect((await call(who("elsewhere-owner"), "GET", `/api/access/reviews/${reviewId}`)).status).toBe(404);
  });

  it("removing roles takes them away at once, audited with the comment; a second decision is refused", async () => {
    const removed = await decide(olga, reviewId, "kim", "removeRoles", "Left the analytics team");
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.decision).toMatchObject({ outcome: "removeRoles", byName: "Olga", comment: "Left the analytics team", result: "removed Analyst from =Kim" });
    expect(await rolesOf("kim")).toEqual(["member"]);
    const again = await decide(founder, reviewId, "kim", "keep");
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("Olga already reviewed =Kim on 1 Sept 2026.");
    const audit = (await call(founder, "GET", "/api/audit?action=review.removeRoleIds")).body.items;
    expect(audit).toEqual([expect.objectContaining({ actorId: "olga", reason: 'access review "Q3 review": removed Analyst from =Kim (Left the analytics team)' })]);
  });

  it("nobody reviews themselves", async () => {
    const own = await decide(olga, reviewId, "olga", "keep");
    expect(own.status).toBe(403);
    expect(own.body.error.details.reason).toBe("nobody reviews their own access");
    expect((await decide(founder, reviewId, "olga", "keep")).status).toBe(200);
  });

  it("two reviewers at once: one decides, the other is told", async () => {
    const [first, second] = await Promise.all([decide(olga, reviewId, "rita", "keep"), decide(founder, reviewId, "rita", "deactivate")]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const winner = first.status === 200 ? first : second;
    const detail = (await call(founder, "GET", "/api/access/reviews/" + reviewId)).body;
    expect(detail.items.find((item: { userId: string }) => item.userId === "rita").decision.outcome).toBe(winner.body.decision.outcome);
    if (winner.body.decision.outcome === "deactivate") {
      await call(founder, "PATCH", "/api/users/rita", { active: true });
    }
  });

  it("a person removed since the start has nothing left to review", async () => {
    expect((await call(founder, "DELETE", "/api/users/rep")).status).toBe(204);
    const gone = await decide(olga, reviewId, "rep", "keep");
    expect(gone.status).toBe(409);
    expect(gone.body.error.message).toBe("Rep no longer has access to the CRM: there is nothing left to review.");
    const detail = (await call(founder, "GET", `/api/access/reviews/${reviewId}`)).body;
    expect(detail.progress).toMatchObject({ decided: 3, total: 5 });
  });

  it("reminds reviewers, escalates to whoever started it, then handles the undecided at the due date", async () => {
    clock.advance(days(11) + 1000);
    await server.services.accessJobs.drain();
    expect(await titlesFor("olga")).toContain("Access review due soon: Q3 review");
    clock.advance(days(2));
    await server.services.accessJobs.drain();
    expect(await titlesFor("founder")).toContain("Access review behind: Q3 review");
    clock.advance(days(1));
    await server.services.accessJobs.drain();
    await server.services.accessJobs.drain();
    expect(await rolesOf("mia")).toEqual(["member"]);
    expect(await rolesOf("founder")).toEqual(["owner"]);
    const detail = (await call(founder, "GET", `/api/access/reviews/${reviewId}`)).body;
    expect(detail.status).toBe("closed");
    expect(detail.items.find((item: { userId: string }) => item.userId === "mia").decision).toMatchObject({
      by: "system",
      byName: "the CRM",
      comment: "not reviewed by the due date",
      result: "removed Sales Manager from Mia",
    });
    expect(detail.items.find((item: { userId: string }) => item.userId === "founder").decision.outcome).toBe("keep");
    expect(await titlesFor("founder")).toContain("Access review closed: Q3 review");
    const late = await decide(olga, reviewId, "founder", "keep");
    expect([403, 409]).toContain(late.status);
    expect((await call(founder, "GET", "/api/audit?action=review.removeRoleIds")).body.items).toHaveLength(2);
  });

  it("exports the evidence as JSON and CSV (formulas defused), for who approves access", async () => {
    const json = await call(founder, "GET", `/api/access/reviews/${reviewId}/evidence`);
    expect(json.status, json.text).toBe(200);
    expect(json.body.rows.find((row: { userId: string }) => row.userId === "kim")).toMatchObject({ person: "=Kim", decision: "remove roles", decidedBy: "Olga", comment: "Left the analytics team" });
    expect(json.body.rows.find((row: { userId: string }) => row.userId === "rep")).toMatchObject({ decision: "no longer a user" });
    const csv = await call(founder, "GET", `/api/access/reviews/${reviewId}/evidence?format=csv`);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toBe("Person,User id,Roles reviewed,Last active,Records owned,Decision,Decided by,Decided at,Comment,Result");
    expect(lines.find((line) => line.includes(",kim,"))).toMatch(/^'=Kim,kim,Analyst,/);
    expect((await call(olga, "GET", `/api/access/reviews/${reviewId}/evidence?format=csv`)).status).toBe(200);
    expect((await call(rita, "GET", `/api/access/reviews/${reviewId}/evidence`)).status).toBe(403);
  });
});

describe("a review by holders of a role", () => {
  it("lets them keep or remove, but never remove or deactivate an Owner", async () => {
    const started = await created(founder, "/api/access/reviews", {
      name: "Reviewer pass",
      scope: { kind: "allUsers" },
      reviewers: { kind: "roles", roleIds: [roles.reviewer] },
      dueAt: at(7),
      whenUndecided: "keep",
    });
    const reviewId = started.body.id;
    expect((await call(rita, "GET", "/api/access/reviews")).body.items.map((item: { name: string }) => item.name)).toEqual(["Reviewer pass"]);
    const owner = await decide(rita, reviewId, "olga", "deactivate");
    expect(owner.status).toBe(403);
    expect(owner.body.error.details.reason).toBe("only an Owner may change or remove another Owner");
    expect((await decide(rita, reviewId, "olga", "keep")).status).toBe(200);
    const byOwner = await decide(olga, reviewId, "kim", "keep");
    expect(byOwner.status).toBe(403);
    expect(byOwner.body.error.details.reason).toBe("no role of this user reviews in this campaign");
  });
});

describe("a quarterly review", () => {
  it("starts the next one when it closes, once", async () => {
    const started = await created(founder, "/api/access/reviews", {
      name: "Managers quarterly",
      scope: { kind: "roles", roleIds: [roles.reviewer] },
      reviewers: { kind: "owners" },
      dueAt: at(10),
      whenUndecided: "keep",
      repeatQuarterly: true,
    });
    expect(started.body.progress.total).toBe(1);
    clock.advance(days(10) + 1000);
    await server.services.accessJobs.drain();
    await server.services.accessJobs.drain();
    const list = (await call(founder, "GET", "/api/access/reviews")).body.items.filter((item: { name: string }) => item.name === "Managers quarterly");
    expect(list.map((item: { status: string }) => item.status).sort()).toEqual(["closed", "open"]);
    const next = list.find((item: { status: string }) => item.status === "open");
    expect(Date.parse(next.dueAt) - Date.parse(next.createdAt)).toBe(Date.parse(started.body.dueAt) - Date.parse(started.body.createdAt));
    await server.services.accessReviews.close(tenantId, started.body.id);
    expect((await call(founder, "GET", "/api/access/reviews")).body.items.filter((item: { name: string }) => item.name === "Managers quarterly")).toHaveLength(2);
  });
});

describe("bad input", () => {
  it.each([
    ["a due date in the past", { dueAt: "2020-01-01" }, "dueAt"],
    ["a due date that is not a date", { dueAt: "soon-ish!!" }, "dueAt"],
    ["a due date beyond 90 days", { dueAt: "2030-01-01" }, "dueAt"],
    ["an empty name", { name: " " }, "name"],
    ["an unknown scope role", { scope: { kind: "roles", roleIds: ["ghost"] } }, "scope"],
    ["the Member role as scope", { scope: { kind: "roles", roleIds: ["member"] } }, "scope"],
    ["reviewers of no role", { reviewers: { kind: "roles", roleIds: [] } }, "reviewers"],
    ["an unknown undecided rule", { whenUndecided: "shrug" }, "whenUndecided"],
  ])("refuses %s", async (_name, override, field) => {
    const before = (await call(founder, "GET", "/api/access/reviews")).body.items.length;
    const response = await call(founder, "POST", "/api/access/reviews", { name: "Bad", scope: { kind: "allUsers" }, reviewers: { kind: "owners" }, dueAt: at(7), whenUndecided: "keep", ...override });
    expect(response.status, response.text).toBe(400);
    expect(JSON.stringify(response.body.error)).toContain(field);
    expect(response.text).not.toMatch(/Azurite|RestError|at .*\.js:\d+/);
    expect((await call(founder, "GET", "/api/access/reviews")).body.items.length).toBe(before);
  });

  it("refuses a bad outcome, an oversized comment, and unknown ids", async () => {
    const started = await created(founder, "/api/access/reviews", { name: "Input", scope: { kind: "allUsers" }, reviewers: { kind: "owners" }, dueAt: at(7), whenUndecided: "keep" });
    expect((await decide(founder, started.body.id, "kim", "fire")).status).toBe(400);
    const long = await decide(founder, started.body.id, "kim", "keep", "x".repeat(501));
    expect(long.status).toBe(400);
    expect(long.body.error.details.fields[0].message).toBe("A comment holds at most 500 characters.");
    expect((await decide(founder, started.body.id, "nobody", "keep")).status).toBe(404);
    expect((await decide(founder, "0000000000000000000", "kim", "keep")).status).toBe(404);
    expect((await decide(founder, "bad", "kim", "keep")).status).toBe(400);
  });
});
