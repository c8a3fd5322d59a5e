/** Users over HTTP: only an Owner changes an Owner, the last Owner stays, removed users stay out until added again. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";

let server: TestServer;
const tenantId = "owner-protection";
const founder = { tenantId, userId: "founder" };
const manager = { tenantId, userId: "manager" };

beforeAll(async () => {
  server = await startTestServer();
  await server.call("GET", "/api/me", { as: founder });
  const role = await server.call("POST", "/api/roles", { as: founder, body: { name: "CRM Manager", template: "crm-manager" } });
  await server.call("POST", "/api/users", { as: founder, body: { userId: "second-owner", displayName: "Second Owner", roleIds: ["owner"] } });
  await server.call("POST", "/api/users", { as: founder, body: { userId: "manager", displayName: "Manager", roleIds: [role.body.id] } });
  await server.call("POST", "/api/users", { as: founder, body: { userId: "rep", displayName: "Rep" } });
});
afterAll(async () => {
  await server.close();
});

describe("only an Owner changes an Owner", () => {
  it("refuses a users-and-roles manager who tries to deactivate, demote or remove an Owner, and audits it", async () => {
    const deactivate = await server.call("PATCH", "/api/users/second-owner", { as: manager, body: { active: false } });
    const demote = await server.call("PATCH", "/api/users/second-owner", { as: manager, body: { roleIds: ["member"] } });
    const remove = await server.call("DELETE", "/api/users/second-owner", { as: manager });
    expect([deactivate.status, demote.status, remove.status]).toEqual([403, 403, 403]);
    expect(deactivate.body.error.details.reason).toBe("only an Owner may change or remove another Owner");
    const users = await server.call("GET", "/api/users", { as: founder });
    expect(users.body.items.find((user: { userId: string }) => user.userId === "second-owner")).toMatchObject({ active: true, roleIds: ["owner"] });
    const audit = await server.call("GET", "/api/audit?actorId=manager&action=user.update", { as: founder });
    expect(audit.body.items.some((entry: { outcome: string }) => entry.outcome === "denied")).toBe(true);
  });

  it("still lets the manager change a Member, and an Owner change another Owner", async () => {
    expect((await server.call("PATCH", "/api/users/rep", { as: manager, body: { displayName: "Rep Renamed" } })).status).toBe(200);
    // Teams set who sees whom: a manager outside a team cannot add people to it, an Owner can.
    expect((await server.call("PATCH", "/api/users/rep", { as: manager, body: { teamIds: ["north"] } })).status).toBe(403);
    expect((await server.call("PATCH", "/api/users/rep", { as: founder, body: { teamIds: ["north"] } })).status).toBe(200);
    expect((await server.call("PATCH", "/api/users/second-owner", { as: founder, body: { active: false } })).status).toBe(200);
  });
});

const { call } = apiAs(() => server);

describe("last Owner protection", () => {
  const tenantId = "owners";
  const owner = { tenantId, userId: "founder" };

  it("refuses to demote, deactivate or remove the last Owner, and allows it once there is another", async () => {
    await call(owner, "GET", "/api/me");
    for (const [method, body] of [
      ["PATCH", { roleIds: ["member"] }],
      ["PATCH", { active: false }],
      ["DELETE", undefined],
    ] as const) {
      const response = await call(owner, method, "/api/users/founder", body);
      expect(response.status, `${method} ${JSON.stringify(body)}`).toBe(409);
      expect(response.body.error.message).toMatch(/Owner/);
    }
    expect((await call(owner, "GET", "/api/me")).body.roles.map((role: { id: string }) => role.id)).toEqual(["owner"]);

    expect((await call(owner, "POST", "/api/users", { userId: "second", displayName: "Second", roleIds: ["owner"] })).status).toBe(201);
    const demoted = await call(owner, "PATCH", "/api/users/founder", { roleIds: ["member"] });
    expect(demoted.status, demoted.text).toBe(200);
    const second = { tenantId, userId: "second" };
    expect((await call(second, "PATCH", "/api/users/second", { active: false })).status).toBe(409);
    expect((await call(owner, "GET", "/api/config/pipelines")).status).toBe(200);
    expect((await call(owner, "POST", "/api/users", { userId: "third", displayName: "Third" })).status).toBe(403);
  });
});

describe("removed users", () => {
  const tenantId = "review";
  const founder = { tenantId, userId: "founder" };
  const other = { tenantId, userId: "other-owner" };
  const mia = { tenantId, userId: "mia" };
  const max = { tenantId, userId: "max" };

  beforeAll(async () => {
    await server.call("GET", "/api/me", { as: founder });
    await server.call("POST", "/api/users", { as: founder, body: { userId: "other-owner", displayName: "Other Owner", roleIds: ["owner"] } });
    await server.call("GET", "/api/me", { as: mia });
    await server.call("GET", "/api/me", { as: max });
  });

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
