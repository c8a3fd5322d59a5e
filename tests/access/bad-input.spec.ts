/**
 * Access governance with bad input: wrong types, missing and oversized fields, dates
 * that are not dates or lie beyond the policy, wrong roles and wrong tenants. Each
 * gets a clear message, no storage text, and leaves nothing half done.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";

let server: TestServer;
const { call, created } = apiAs(() => server);
const tenantId = "access-bad-input";
const founder = { tenantId, userId: "founder" };
const rep = { tenantId, userId: "rep" };
let manager: string;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
const requestCount = async () => (await call(founder, "GET", "/api/access/requests?view=all")).body.items.length as number;

beforeAll(async () => {
  server = await startTestServer({ workflowPollMs: 0 });
  await call(founder, "GET", "/api/me");
  manager = (await created(founder, "/api/roles", { name: "Sales Manager", template: "sales-manager" })).body.id;
  await created(founder, "/api/users", { userId: "rep", displayName: "Rep" });
  await call(founder, "PUT", `/api/access/policies/${manager}`, { approvers: { kind: "owners" }, approvalsNeeded: 1, maxDays: 30, justificationRequired: true, expiresAfterDays: 7 });
});
afterAll(async () => {
  await server.close();
});

const expectClear = (response: { status: number; text: string }, status: number) => {
  expect(response.status, response.text).toBe(status);
  expect(response.text).not.toMatch(/at .*\.(ts|js):\d+|Azurite|ECONN|RestError|TableStorage/);
};

describe("requests", () => {
  it.each([
    ["no role", { justification: "x" }, "roleId"],
    ["a number for a role", { roleId: 7, justification: "x" }, "roleId"],
    ["no justification field", { roleId: "sales" }, "justification"],
    ["an unknown field", { roleId: "sales", justification: "x", approve: true }, ""],
    ["a justification far too long", { roleId: "sales", justification: "x".repeat(2001) }, "justification"],
    ["an end date that is not a string", { roleId: "sales", justification: "x", endsAt: 20261231 }, "endsAt"],
  ])("refuses %s with a field problem (schema)", async (_name, body, field) => {
    const response = await call(rep, "POST", "/api/access/requests", body);
    expectClear(response, 400);
    if (field) expect(JSON.stringify(response.body.error.details)).toContain(field);
  });

  it.each([
    ["an empty justification", () => ({ justification: "   ", endsAt: inDays(5) }), "Say why this access is needed."],
    ["a justification a little too long", () => ({ justification: "x".repeat(1001), endsAt: inDays(5) }), "A justification holds at most 1000 characters."],
    ["an end date that is not a date", () => ({ justification: "ok", endsAt: "next tuesday" }), "The end date is not a date."],
    ["an end date in the past", () => ({ justification: "ok", endsAt: inDays(-1) }), "The end date must be in the future."],
    ["a duration above the maximum", () => ({ justification: "ok", endsAt: inDays(45) }), "This role is given for at most 30 days."],
    ["no end date for a time-bound role", () => ({ justification: "ok" }), "This role is given for at most 30 days: choose an end date."],
  ])("refuses %s in words, and stores nothing", async (_name, body, message) => {
    const before = await requestCount();
    const response = await call(rep, "POST", "/api/access/requests", { roleId: manager, ...body() });
    expectClear(response, 400);
    expect(response.body.error.details.fields.map((problem: { message: string }) => problem.message)).toContain(message);
    expect(await requestCount()).toBe(before);
  });

  it("refuses an unknown role, the Member role, and a role already held", async () => {
    expectClear(await call(rep, "POST", "/api/access/requests", { roleId: "no-such-role", justification: "x" }), 400);
    expectClear(await call(rep, "POST", "/api/access/requests", { roleId: "member", justification: "x" }), 400);
    const held = await call(founder, "POST", "/api/access/requests", { roleId: "owner", justification: "x" });
    expectClear(held, 409);
    expect(held.body.error.message).toBe("founder already holds the role Owner.");
  });

  it("asking for someone else needs the users permission, and a user who exists", async () => {
    const forOther = await call(rep, "POST", "/api/access/requests", { userId: "founder", roleId: manager, justification: "x", endsAt: inDays(5) });
    expectClear(forOther, 403);
    expectClear(await call(founder, "POST", "/api/access/requests", { userId: "nobody", roleId: manager, justification: "x", endsAt: inDays(5) }), 404);
  });

  it("a review item for a removed user: a request for them is refused, one they had cannot be approved", async () => {
    await created(founder, "/api/users", { userId: "leaver", displayName: "Leaver" });
    const asked = await created({ tenantId, userId: "leaver" }, "/api/access/requests", { roleId: manager, justification: "x", endsAt: inDays(5) });
    await created(founder, "/api/users", { userId: "olga", displayName: "Olga", roleIds: ["owner"] });
    expect((await call(founder, "DELETE", "/api/users/leaver")).status).toBe(204);
    const approve = await call({ tenantId, userId: "olga" }, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "approve" });
    expectClear(approve, 409);
    expect(approve.body.error.message).toBe("The person this request is for no longer has access: it cannot be approved.");
    expectClear(await call(founder, "POST", "/api/access/requests", { userId: "leaver", roleId: manager, justification: "x", endsAt: inDays(5) }), 404);
  });

  it("decisions: wrong outcome, oversized comment, malformed and unknown ids", async () => {
    const asked = await created(rep, "/api/access/requests", { roleId: manager, justification: "x", endsAt: inDays(5) });
    expectClear(await call(founder, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "maybe" }), 400);
    expectClear(await call(founder, "POST", `/api/access/requests/${asked.body.id}/decision`, {}), 400);
    const long = await call(founder, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "deny", comment: "y".repeat(501) });
    expectClear(long, 400);
    expect(long.body.error.details.fields[0].message).toBe("A comment holds at most 500 characters.");
    expect((await call(founder, "GET", `/api/access/requests/${asked.body.id}`)).body.status).toBe("pending");
    expectClear(await call(founder, "POST", "/api/access/requests/not-an-id/decision", { outcome: "approve" }), 400);
    expectClear(await call(founder, "POST", "/api/access/requests/0000000000000000000/decision", { outcome: "approve" }), 404);
    expectClear(await call(rep, "GET", "/api/access/requests?view=everything"), 400);
  });
});

describe("policies", () => {
  it.each([
    ["two approvers of no role", { approvers: { kind: "roles", roleIds: [] }, approvalsNeeded: 1, justificationRequired: true, expiresAfterDays: 7 }, 400],
    ["three approvals", { approvers: { kind: "owners" }, approvalsNeeded: 3, justificationRequired: true, expiresAfterDays: 7 }, 400],
    ["a year and a half", { approvers: { kind: "owners" }, approvalsNeeded: 1, maxDays: 500, justificationRequired: true, expiresAfterDays: 7 }, 400],
    ["no expiry", { approvers: { kind: "owners" }, approvalsNeeded: 1, justificationRequired: true }, 400],
    ["a string for a boolean", { approvers: { kind: "owners" }, approvalsNeeded: 1, justificationRequired: "yes", expiresAfterDays: 7 }, 400],
  ])("refuses %s", async (_name, body, status) => {
    expectClear(await call(founder, "PUT", `/api/access/policies/${manager}`, body), status);
    expect((await call(founder, "GET", "/api/access/policies")).body.items[0].maxDays).toBe(30);
  });

  it("refuses an unknown approver role, its own role as approver, the Member role, an unknown role, and a Member", async () => {
    const base = { approvalsNeeded: 1, justificationRequired: true, expiresAfterDays: 7 };
    const unknown = await call(founder, "PUT", `/api/access/policies/${manager}`, { ...base, approvers: { kind: "roles", roleIds: ["ghost"] } });
    expectClear(unknown, 400);
    expect(unknown.body.error.details.fields[0].message).toBe('There is no role "ghost".');
    expectClear(await call(founder, "PUT", `/api/access/policies/${manager}`, { ...base, approvers: { kind: "roles", roleIds: [manager] } }), 400);
    expectClear(await call(founder, "PUT", "/api/access/policies/member", { ...base, approvers: { kind: "owners" } }), 400);
    expectClear(await call(founder, "PUT", "/api/access/policies/ghost", { ...base, approvers: { kind: "owners" } }), 404);
    const member = await call(rep, "PUT", `/api/access/policies/${manager}`, { ...base, approvers: { kind: "owners" } });
    expectClear(member, 403);
    expect(member.body.error.details.reason).toMatch(/may approve access requests/);
  });

  it("a stale If-Match is refused", async () => {
    const base = { approvers: { kind: "owners" }, approvalsNeeded: 1, maxDays: 30, justificationRequired: true, expiresAfterDays: 7 };
    expectClear(await call(founder, "PUT", `/api/access/policies/${manager}`, base, { "if-match": 'W/"stale"' }), 412);
  });
});

describe("conflict rules", () => {
  const base = { name: "R", why: "W", allowExceptions: false, enabled: true };
  it.each([
    ["one power", { ...base, powers: [{ kind: "config", permission: "audit" }] }],
    [
      "an unknown permission",
      {
        ...base,
        powers: [
          { kind: "config", permission: "root" },
          { kind: "config", permission: "audit" },
        ],
      },
    ],
    [
      "the same power twice",
      {
        ...base,
        powers: [
          { kind: "config", permission: "audit" },
          { kind: "config", permission: "audit" },
        ],
      },
    ],
    [
      "an unknown role",
      {
        ...base,
        powers: [
          { kind: "role", roleId: "ghost" },
          { kind: "config", permission: "audit" },
        ],
      },
    ],
    [
      "the Owner role",
      {
        ...base,
        powers: [
          { kind: "role", roleId: "owner" },
          { kind: "config", permission: "audit" },
        ],
      },
    ],
    [
      "a record power with no scope",
      {
        ...base,
        powers: [
          { kind: "record", action: "delete" },
          { kind: "config", permission: "audit" },
        ],
      },
    ],
    [
      "an empty why",
      {
        ...base,
        why: "",
        powers: [
          { kind: "config", permission: "forms" },
          { kind: "config", permission: "audit" },
        ],
      },
    ],
  ])("refuses %s", async (_name, body) => {
    expectClear(await call(founder, "POST", "/api/access/conflict-rules", body), 400);
  });

  it("an unknown rule id answers 404, a Member 403", async () => {
    expectClear(
      await call(founder, "PUT", "/api/access/conflict-rules/ghost", {
        ...base,
        powers: [
          { kind: "config", permission: "forms" },
          { kind: "config", permission: "audit" },
        ],
      }),
      404,
    );
    expectClear(await call(founder, "DELETE", "/api/access/conflict-rules/ghost"), 404);
    expectClear(
      await call(rep, "POST", "/api/access/conflict-rules", {
        ...base,
        powers: [
          { kind: "config", permission: "forms" },
          { kind: "config", permission: "audit" },
        ],
      }),
      403,
    );
  });
});

describe("grants held back with a user change", () => {
  it("an oversized or missing reason refuses the whole change", async () => {
    const response = await call(founder, "PATCH", "/api/users/rep", { roleIds: ["member", manager], displayName: "Changed", access: { justification: "x".repeat(1001), endsAt: inDays(5) } });
    expectClear(response, 400);
    expect(response.body.error.details.fields).toEqual([{ field: "access.justification", message: "A justification holds at most 1000 characters." }]);
    expectClear(await call(founder, "PATCH", "/api/users/rep", { roleIds: ["member", manager], access: { endsAt: inDays(5) } }), 400);
    const user = (await call(founder, "GET", "/api/users")).body.items.find((item: { userId: string }) => item.userId === "rep");
    expect(user).toMatchObject({ displayName: "Rep", roleIds: ["member"] });
  });
});
