import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvCell } from "@crm/shared/domain";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

let server: TestServer;
const tenantId = "export-tenant";
const owner = { tenantId, userId: "owner" };
const alice = { tenantId, userId: "alice" };
const bob = { tenantId, userId: "bob" };

beforeAll(async () => {
  server = await startTestServer();
  await server.call("GET", "/api/me", { as: owner });
  await server.call("GET", "/api/me", { as: alice });
  await server.call("GET", "/api/me", { as: bob });
  await server.call("POST", "/api/leads", { as: alice, body: { name: "Alice's lead", company: '=HYPERLINK("x")' } });
  await server.call("POST", "/api/leads", { as: bob, body: { name: "Bob's lead", company: "Plain, Inc." } });
});
afterAll(async () => {
  await server.close();
});

describe("CSV export", () => {
  it("gives a Member only their own records", async () => {
    const response = await server.call("GET", "/api/leads/export", { as: alice });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.text).toContain("Alice's lead");
    expect(response.text).not.toContain("Bob's lead");
  });

  it("gives the Owner everyone's records and neutralises formulas", async () => {
    const response = await server.call("GET", "/api/leads/export", { as: owner });
    expect(response.text).toContain("Alice's lead");
    expect(response.text).toContain('"Plain, Inc."');
    expect(response.text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(response.text.split("\r\n")[0]).toBe("Id,Name,Company,Email,Phone,Status,Source,Estimated value,Owner,Created,Updated");
  });

  it("refuses a role without export permission and audits the refusal", async () => {
    const role = await server.call("POST", "/api/roles", { as: owner, body: { name: "No export", template: "sales-rep", entities: undefined } });
    expect(role.status).toBe(201);
    const entities = { ...role.body.entities, lead: { ...role.body.entities.lead, export: "none" } };
    const updated = await server.call("PUT", `/api/roles/${role.body.id}`, { as: owner, body: { name: "No export", entities } });
    expect(updated.status).toBe(200);
    await server.call("PATCH", "/api/users/bob", { as: owner, body: { roleIds: [role.body.id] } });
    const response = await server.call("GET", "/api/leads/export", { as: bob });
    expect(response.status).toBe(403);
    const audit = await server.call("GET", "/api/audit?actorId=bob&action=lead.export", { as: owner });
    expect(audit.body.items[0]).toMatchObject({ outcome: "denied", action: "lead.export" });
  });

  it("leaves a hidden field out entirely: no value and no column, not even its label", async () => {
    const role = await server.call("POST", "/api/roles", {
      as: owner,
      body: { name: "Exporter without values", template: "sales-rep", fields: { lead: { value: "hidden" }, opportunity: {}, case: {} } },
    });
    expect(role.status).toBe(201);
    await server.call("GET", "/api/me", { as: { tenantId, userId: "carol" } });
    await server.call("PATCH", "/api/users/carol", { as: owner, body: { roleIds: [role.body.id] } });
    const created = await server.call("POST", "/api/leads", { as: { tenantId, userId: "carol" }, body: { name: "Carol's lead" } });
    expect(created.status).toBe(201);
    await server.call("PATCH", `/api/leads/${created.body.id}`, { as: owner, body: { value: 987654 }, headers: { "if-match": created.headers.get("etag")! } });
    const response = await server.call("GET", "/api/leads/export", { as: { tenantId, userId: "carol" } });
    expect(response.status).toBe(200);
    expect(response.text).toContain("Carol's lead");
    expect(response.text.split("\r\n")[0]).toBe("Id,Name,Company,Email,Phone,Status,Source,Owner,Created,Updated");
    expect(response.text).not.toContain("Estimated value");
    expect(response.text).not.toContain("987654");
  });

  it("quotes cells as RFC 4180 asks", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell(["a", "b"])).toBe("a; b");
    expect(csvCell(null)).toBe("");
  });
});
