/**
 * The audit log follows the reader's field rules and read scope: a role with the
 * audit permission sees who did what, but never the values of fields it hides,
 * and no values at all of records it may not read.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const tenantId = "audit-fields";
const owner = { tenantId, userId: "owner" };
const auditor = { tenantId, userId: "auditor" };
const ownAuditor = { tenantId, userId: "own-auditor" };
const secrets = ["424242", "434343", "515151", "525252"];
let server: TestServer;
let leadId = "";

const every = (scope: string) => ({ create: "none", read: scope, update: "none", delete: "none", assign: "none", export: "none" });
async function role(name: string, scope: string) {
  const created = await server.call("POST", "/api/roles", {
    as: owner,
    body: { name, entities: { lead: every(scope), opportunity: every(scope), case: every(scope) }, config: ["audit"], fields: { lead: { value: "hidden" }, opportunity: { amount: "hidden" } } },
  });
  expect(created.status, created.text).toBe(201);
  return created.body.id as string;
}

beforeAll(async () => {
  server = await startTestServer();
  for (const who of [owner, auditor, ownAuditor]) await server.call("GET", "/api/me", { as: who });
  await server.call("PATCH", "/api/users/auditor", { as: owner, body: { roleIds: [await role("Auditor", "all")] } });
  await server.call("PATCH", "/api/users/own-auditor", { as: owner, body: { roleIds: [await role("Own auditor", "own")] } });
  const lead = await server.call("POST", "/api/leads", { as: owner, body: { name: "Grace Hopper", company: "Navy", value: 424242 } });
  leadId = lead.body.id;
  await server.call("PATCH", `/api/leads/${leadId}`, { as: owner, body: { value: 434343 }, headers: { "if-match": lead.headers.get("etag")! } });
  const deal = await server.call("POST", "/api/opportunities", { as: owner, body: { name: "Navy deal", amount: 515151 } });
  await server.call("PATCH", `/api/opportunities/${deal.body.id}`, { as: owner, body: { amount: 525252 }, headers: { "if-match": deal.headers.get("etag")! } });
  await server.call("POST", `/api/leads/${leadId}/convert`, { as: owner, body: {} });
});
afterAll(async () => {
  await server?.close();
});

const queries = ["", "entity=lead", "entity=opportunity", "action=lead.update", "action=opportunity.update", "action=lead.convert", "actorId=owner", () => `recordId=${leadId}`];

describe("the audit log under field rules", () => {
  it("shows the Owner every value", async () => {
    const response = await server.call("GET", "/api/audit?pageSize=100", { as: owner });
    for (const secret of secrets) expect(response.text).toContain(secret);
  });

  it("never shows a reader a field their roles hide, whatever the filter", async () => {
    for (const query of queries) {
      const text = typeof query === "function" ? query() : query;
      const response = await server.call("GET", `/api/audit?pageSize=100${text ? `&${text}` : ""}`, { as: auditor });
      expect(response.status, text).toBe(200);
      for (const secret of secrets) expect(response.text, `${text}: ${secret}`).not.toContain(secret);
      for (const entry of response.body.items.filter((item: { entity?: string }) => item.entity)) {
        for (const snapshot of [entry.before, entry.after].filter(Boolean)) expect(Object.keys(snapshot)).not.toEqual(expect.arrayContaining([entry.entity === "lead" ? "value" : "amount"]));
      }
    }
    const updates = await server.call("GET", "/api/audit?pageSize=100&action=lead.update", { as: auditor });
    expect(updates.body.items[0].after).toMatchObject({ name: "Grace Hopper", company: "Navy", ownerId: "owner" });
  });

  it("shows a reader who may not read a record who changed it, but none of its values", async () => {
    const response = await server.call("GET", `/api/audit?pageSize=100&recordId=${leadId}`, { as: ownAuditor });
    expect(response.status).toBe(200);
    expect(response.body.items.length).toBeGreaterThanOrEqual(3);
    for (const entry of response.body.items) {
      expect(entry).toMatchObject({ actorId: "owner", recordId: leadId });
      expect(entry.before).toBeUndefined();
      expect(entry.after).toBeUndefined();
    }
    expect(response.text).not.toContain("Grace Hopper");
  });

  it("shows a form's definition only to whoever may read every field of it, as GET /api/config/forms does", async () => {
    const form = await server.call("GET", "/api/config/forms/lead", { as: owner });
    const codename = { key: "codename", label: "Zqxv codename", type: "choice", options: ["Wjkp project"], required: false, order: 99 };
    const saved = await server.call("PUT", "/api/config/forms/lead", { as: owner, body: { ...form.body, fields: [...form.body.fields, codename] } });
    expect(saved.status, saved.text).toBe(200);
    const hiding = await server.call("POST", "/api/roles", {
      as: owner,
      body: { name: "Codename auditor", entities: { lead: every("all"), opportunity: every("all"), case: every("all") }, config: ["audit"], fields: { lead: { codename: "hidden" } } },
    });
    await server.call("PATCH", "/api/users/auditor", { as: owner, body: { roleIds: [hiding.body.id] } });
    expect((await server.call("GET", "/api/config/forms/lead", { as: auditor })).text).not.toContain("Zqxv");

    const seen = await server.call("GET", "/api/audit?pageSize=100&action=form.update", { as: auditor });
    expect(seen.status).toBe(200);
    expect(seen.body.items).toHaveLength(1);
    expect(seen.body.items[0]).toMatchObject({ actorId: "owner", action: "form.update" });
    expect(seen.text).not.toContain("Zqxv");
    expect(seen.text).not.toContain("Wjkp");
    // The Owner, who manages forms, sees the definition.
    expect((await server.call("GET", "/api/audit?pageSize=100&action=form.update", { as: owner })).text).toContain("Zqxv codename");
  });
});
