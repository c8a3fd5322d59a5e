/** Regressions from the security review of 2026-11-23, each through the real API. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

let server: TestServer;
const tenantId = "review";
const founder = { tenantId, userId: "founder" };
const other = { tenantId, userId: "other-owner" };
const mia = { tenantId, userId: "mia" };
const max = { tenantId, userId: "max" };

beforeAll(async () => {
  server = await startTestServer();
  await server.call("GET", "/api/me", { as: founder });
  await server.call("POST", "/api/users", { as: founder, body: { userId: "other-owner", displayName: "Other Owner", roleIds: ["owner"] } });
  await server.call("GET", "/api/me", { as: mia });
  await server.call("GET", "/api/me", { as: max });
});
afterAll(async () => {
  await server.close();
});

describe("removed users", () => {
  it("cannot sign back in, not even the founder as Owner; adding them again brings them back", async () => {
    expect((await server.call("DELETE", "/api/users/founder", { as: other })).status).toBe(204);
    const back = await server.call("GET", "/api/me", { as: founder });
    expect(back.status).toBe(403);
    expect(back.body.error.message).toMatch(/access to this CRM was removed/);
    const users = await server.call("GET", "/api/users", { as: other });
    expect(users.body.items.map((user: { userId: string }) => user.userId)).not.toContain("founder");
    expect((await server.call("PATCH", "/api/users/founder", { as: other, body: { active: true } })).status).toBe(404);

    expect((await server.call("POST", "/api/users", { as: other, body: { userId: "founder", displayName: "Founder", roleIds: ["member"] } })).status).toBe(201);
    const me = await server.call("GET", "/api/me", { as: founder });
    expect(me.status).toBe(200);
    expect(me.body.roles.map((role: { id: string }) => role.id)).toEqual(["member"]);
  });
});

describe("case assignee", () => {
  it("needs assign permission and an active user of the tenant", async () => {
    const refused = await server.call("POST", "/api/cases", { as: mia, body: { title: "Broken", assigneeId: "max" } });
    expect(refused.status).toBe(403);
    const unknown = await server.call("POST", "/api/cases", { as: other, body: { title: "Broken", assigneeId: "ghost" } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields[0].field).toBe("fields.assigneeId");
    const mine = await server.call("POST", "/api/cases", { as: mia, body: { title: "Mine", assigneeId: "mia" } });
    expect(mine.status).toBe(201);
    const reassign = await server.call("PATCH", `/api/cases/${mine.body.id}`, { as: mia, body: { assigneeId: "max" }, headers: { "if-match": mine.body.etag } });
    expect(reassign.status).toBe(403);
    const byOwner = await server.call("PATCH", `/api/cases/${mine.body.id}`, { as: other, body: { assigneeId: "max" }, headers: { "if-match": mine.body.etag } });
    expect(byOwner.status).toBe(200);
  });
});

describe("hidden fields in lists", () => {
  it("cannot be filtered, searched or sorted by", async () => {
    const role = await server.call("POST", "/api/roles", { as: other, body: { name: "No status", template: "sales-rep", fields: { lead: { status: "hidden", name: "hidden" } } } });
    await server.call("POST", "/api/users", { as: other, body: { userId: "blind", displayName: "Blind", roleIds: [role.body.id] } });
    const blind = { tenantId, userId: "blind" };
    for (const query of ["status=Won", "q=a", "sort=title"]) {
      const response = await server.call("GET", `/api/leads?${query}`, { as: blind });
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
    }
    expect((await server.call("GET", "/api/leads", { as: blind })).status).toBe(200);
  });
});

describe("lead conversion", () => {
  it("converts once: a second conversion with the same lead is refused and makes no opportunity", async () => {
    const lead = await server.call("POST", "/api/leads", { as: mia, body: { name: "Twice", company: "Echo" } });
    const [first, second] = await Promise.all([
      server.call("POST", `/api/leads/${lead.body.id}/convert`, { as: mia }),
      server.call("POST", `/api/leads/${lead.body.id}/convert`, { as: mia }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses[0]).toBe(201);
    expect([409, 412]).toContain(statuses[1]);
    const opportunities = await server.call("GET", "/api/opportunities?q=twice", { as: mia });
    expect(opportunities.body.items).toHaveLength(1);
    const converted = await server.call("GET", `/api/leads/${lead.body.id}`, { as: mia });
    expect(converted.body).toMatchObject({ status: "Converted", convertedTo: opportunities.body.items[0].id });
    expect((await server.call("POST", `/api/leads/${lead.body.id}/convert`, { as: mia })).status).toBe(409);
  });
});
