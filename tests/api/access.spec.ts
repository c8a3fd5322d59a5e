/** GET /api/access/explain: the policy's decision and reason, about oneself or (for those who manage users) someone else. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const tenantId = "access-explain";
const owner = { tenantId, userId: "owner" };
const member = { tenantId, userId: "member" };
let server: TestServer;
let ownersLead = "";

beforeAll(async () => {
  server = await startTestServer();
  await server.call("GET", "/api/me", { as: owner });
  await server.call("GET", "/api/me", { as: member });
  ownersLead = (await server.call("POST", "/api/leads", { as: owner, body: { name: "Owner's lead" } })).body.id;
});
afterAll(async () => {
  await server?.close();
});

describe("explain", () => {
  it("answers a Member about themselves, with the policy's reason", async () => {
    const response = await server.call("GET", "/api/access/explain?action=assign&entity=lead", { as: member });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ userId: "member", action: "assign", entity: "lead", allowed: false, roles: ["Member"] });
    expect(response.body.reason).toMatch(/no role of this user \(Member\) allows assign on leads/);
  });

  it("answers an Owner about a Member's access to a record", async () => {
    const response = await server.call("GET", `/api/access/explain?userId=member&action=read&entity=lead&id=${ownersLead}`, { as: owner });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ userId: "member", allowed: false, scope: "own" });
    expect(response.body.reason).toMatch(/owned by someone else/);
  });

  it("refuses a Member asking about someone else, and audits it", async () => {
    const response = await server.call("GET", "/api/access/explain?userId=owner&action=forms", { as: member });
    expect(response.status).toBe(403);
    const audit = await server.call("GET", "/api/audit?actorId=member&action=access.explain", { as: owner });
    expect(audit.body.items[0]).toMatchObject({ outcome: "denied", action: "access.explain" });
  });

  it("says not found for an unknown user, and for a record the caller may not read", async () => {
    expect((await server.call("GET", "/api/access/explain?userId=nobody&action=forms", { as: owner })).status).toBe(404);
    expect((await server.call("GET", `/api/access/explain?action=read&entity=lead&id=${ownersLead}`, { as: member })).status).toBe(404);
  });

  it("needs the entity for a record action", async () => {
    const response = await server.call("GET", "/api/access/explain?action=read", { as: member });
    expect(response.status).toBe(400);
    expect(response.body.error.details.fields).toEqual([{ field: "entity", message: "Required for record actions." }]);
  });
});
