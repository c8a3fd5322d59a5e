/** `/api/roster...`: linking teams, pausing sync, the reassignment rule and pending reassignments; manage users required, bad input refused in words. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const tenantId = "tenant-roster-api";
const group = "0b0b0b0b-1111-2222-3333-444444444444";
let server: TestServer;
const as = (userId: string) => ({ as: { tenantId, userId, displayName: userId } });

beforeAll(async () => {
  server = await startTestServer({ workflowPollMs: 0 });
  await server.call("GET", "/api/me", as("olga"));
  await server.call("GET", "/api/me", as("max"));
});
afterAll(async () => {
  await server?.close();
});

describe("roster routes", () => {
  it("links a team, pauses and resumes sync, and says reconciliation is off without app credentials", async () => {
    const linked = await server.call("POST", "/api/roster/teams", { ...as("olga"), body: { groupId: group, name: "Sales" } });
    expect(linked.status, linked.text).toBe(201);
    expect(linked.body).toMatchObject({ groupId: group, name: "Sales", linkedBy: "olga" });
    expect((await server.call("PUT", "/api/roster/sync", { ...as("olga"), body: { paused: true } })).body).toMatchObject({ paused: true, changedBy: "olga" });
    const status = await server.call("GET", "/api/roster", as("olga"));
    expect(status.body).toMatchObject({ paused: true, teams: [expect.objectContaining({ groupId: group })], reconciliation: { enabled: false, reason: expect.stringContaining("off") } });
    expect((await server.call("DELETE", `/api/roster/teams/${group}`, as("olga"))).status).toBe(204);
    expect((await server.call("DELETE", `/api/roster/teams/${group}`, as("olga"))).status).toBe(404);
  });

  it("gets and sets the reassignment rule with its ETag, and lists pending reassignments", async () => {
    const rule = await server.call("GET", "/api/roster/reassignment-rule", as("olga"));
    expect(rule.body).toEqual({ kind: "ownersQueue" });
    const saved = await server.call("PUT", "/api/roster/reassignment-rule", { ...as("olga"), body: { kind: "user", userId: "max" } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toEqual({ kind: "user", userId: "max" });
    const stale = await server.call("PUT", "/api/roster/reassignment-rule", { ...as("olga"), body: { kind: "ownersQueue" }, headers: { "if-match": 'W/"stale"' } });
    expect(stale.status).toBe(412);
    const fresh = await server.call("PUT", "/api/roster/reassignment-rule", { ...as("olga"), body: { kind: "ownersQueue" }, headers: { "if-match": saved.headers.get("etag")! } });
    expect(fresh.status).toBe(200);
    expect((await server.call("GET", "/api/roster/reassignments", as("olga"))).body).toEqual({ items: [] });
  });

  it("refuses bad input in plain words", async () => {
    const notAGroup = await server.call("POST", "/api/roster/teams", { ...as("olga"), body: { groupId: "19:abc@thread.tacv2", name: "Sales" } });
    expect(notAGroup.status).toBe(400);
    expect(notAGroup.body.error.code).toBe("invalid_input");
    expect((await server.call("PUT", "/api/roster/reassignment-rule", { ...as("olga"), body: { kind: "everyone" } })).status).toBe(400);
    const nobody = await server.call("PUT", "/api/roster/reassignment-rule", { ...as("olga"), body: { kind: "user", userId: "nobody" } });
    expect(nobody.status).toBe(400);
    expect(nobody.body.error.details.fields).toEqual([{ field: "userId", message: "There is no active user with this id in your organisation." }]);
    const noRole = await server.call("PUT", "/api/roster/reassignment-rule", { ...as("olga"), body: { kind: "roundRobin", roleId: "no-such-role" } });
    expect(noRole.body.error.details.fields).toEqual([{ field: "roleId", message: "There is no such role." }]);
    expect((await server.call("PUT", "/api/roster/sync", { ...as("olga"), body: { paused: "yes" } })).status).toBe(400);
  });

  it("needs manage users for every route, before the body is read", async () => {
    for (const [method, path, body] of [
      ["GET", "/api/roster"],
      ["POST", "/api/roster/teams", { groupId: "nonsense" }],
      ["DELETE", `/api/roster/teams/${group}`],
      ["PUT", "/api/roster/sync", {}],
      ["GET", "/api/roster/reassignment-rule"],
      ["PUT", "/api/roster/reassignment-rule", {}],
      ["GET", "/api/roster/reassignments"],
    ] as const) {
      const response = await server.call(method, path, { ...as("max"), ...(body ? { body } : {}) });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
  });
});
