import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

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
