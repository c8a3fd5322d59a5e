/**
 * A route's declared requirement is enforced before its input is validated
 * (shared/src/api/authorize.ts). Generated from the routes themselves: every
 * route whose requirement the caller lacks answers 403 (or 404 for a record they
 * may not read) to a malformed request, describes none of our schema, and the
 * refusal is in the audit log under the declared action.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Brings in the declaration of `config.requires` on Fastify routes (a module augmentation).
import type {} from "../../shared/src/api/authorize.js";
import type { Requirement } from "@crm/shared/policy";
import { entityAttempt, entityPaths } from "@crm/shared/policy";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { routesOf } from "../support/routes.js";

const tenantId = "authorize-first";
const owner = { tenantId, userId: "owner" };
const member = { tenantId, userId: "member" };
/** Holds a role that may do nothing at all with leads. */
const noLeads = { tenantId, userId: "no-leads" };

let server: TestServer;
const declared = new Map<string, Requirement | undefined>();
let routes: { method: string; url: string }[] = [];
const noRecord = "0".repeat(19);
const ownerRecords = { lead: noRecord, opportunity: noRecord, case: noRecord };

/** Garbage for every part of a request: wrong types, unknown fields, a deep-ish nest. */
const malformedBody = { fields: 5, name: ["x"], stages: "none", zz: { a: [1, { b: null }] }, "x' or 'a' eq 'a": true };
const malformedQuery = "pageSize=lots&zz=1&continuationToken=%00";

const sample: Record<string, string> = { entity: "lead", userId: "owner", roleId: "some-role", stageId: "some-stage", templateId: "round-robin" };
function concrete(url: string): string {
  const id = url.startsWith("/api/opportunities") ? ownerRecords.opportunity : url.startsWith("/api/cases") ? ownerRecords.case : url.startsWith("/api/leads") ? ownerRecords.lead : "0".repeat(19);
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => (name === "id" ? (url.includes("dead-letters") ? "0".repeat(32) : url.includes("tasks") ? "0".repeat(32) : id) : (sample[name] ?? "x")));
}

/** The configuration permissions and entity actions a requirement names, recursively. */
function configParts(requirement: Requirement | undefined): { permission: string; action: string }[] {
  if (!requirement) return [];
  if (requirement.kind === "config") return [{ permission: requirement.permission, action: requirement.action }];
  if (requirement.kind === "anyConfig") return requirement.permissions.map((permission) => ({ permission, action: requirement.action }));
  if (requirement.kind === "all") return requirement.of.flatMap(configParts);
  if (requirement.kind === "selfOr") return [];
  return [];
}

beforeAll(async () => {
  server = await startTestServer({
    extend: async (app) => {
      app.addHook("onResponse", async (request) => {
        const { url, config } = request.routeOptions;
        if (url) declared.set(`${request.method} ${url}`, config?.requires);
      });
    },
  });
  await server.call("GET", "/api/me", { as: owner });
  await server.call("GET", "/api/me", { as: member });
  await server.call("GET", "/api/me", { as: noLeads });
  const role = await server.call("POST", "/api/roles", { as: owner, body: { name: "Cases only", template: "customer-service-rep" } });
  expect(role.status).toBe(201);
  const none = { create: "none", read: "none", update: "none", delete: "none", assign: "none", export: "none" };
  const saved = await server.call("PUT", `/api/roles/${role.body.id}`, { as: owner, body: { name: "Cases only", entities: { ...role.body.entities, lead: none } } });
  expect(saved.status).toBe(200);
  expect((await server.call("PATCH", "/api/users/no-leads", { as: owner, body: { roleIds: [role.body.id] } })).status).toBe(200);
  // Each route called once (as the Owner, on no real record) to read its declaration; the records come after, so no DELETE meets them.
  routes = routesOf(server.app.printRoutes({ commonPrefix: false })).filter((route) => route.url.startsWith("/api/"));
  for (const route of routes) await server.call(route.method, concrete(route.url), { as: owner, ...(["POST", "PUT", "PATCH"].includes(route.method) ? { body: {} } : {}) });
  ownerRecords.lead = (await server.call("POST", "/api/leads", { as: owner, body: { name: "Owner's lead" } })).body.id;
  ownerRecords.opportunity = (await server.call("POST", "/api/opportunities", { as: owner, body: { name: "Owner's deal" } })).body.id;
  ownerRecords.case = (await server.call("POST", "/api/cases", { as: owner, body: { title: "Owner's case" } })).body.id;
});
afterAll(async () => {
  await server?.close();
});

/** Every audit entry of one actor, page by page. */
async function auditOf(actorId: string): Promise<{ action: string; outcome: string; recordId?: string }[]> {
  const entries: { action: string; outcome: string; recordId?: string }[] = [];
  let token: string | undefined;
  do {
    const page = await server.call("GET", `/api/audit?actorId=${actorId}&pageSize=100${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`, { as: owner });
    expect(page.status).toBe(200);
    entries.push(...page.body.items);
    token = page.body.continuationToken;
  } while (token);
  return entries;
}

const withBody = (method: string) => ["POST", "PUT", "PATCH"].includes(method);
/** Words of a validation answer: a refusal must say none of them. */
const schemaWords = /must |required|not accepted|pageSize|continuationToken|stages|fields\./;

describe("authorization before validation", () => {
  it("knows every API route's declared requirement", () => {
    expect(routes.length).toBeGreaterThan(40);
    const undeclared = routes.filter((route) => !declared.get(`${route.method} ${route.url}`));
    expect(undeclared).toEqual([]);
  });

  it("answers a Member's malformed configuration request 403, without describing the schema, and audits it", async () => {
    const attempts = routes.filter((route) => configParts(declared.get(`${route.method} ${route.url}`)).length > 0);
    expect(attempts.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const route of attempts) {
      const path = `${concrete(route.url)}?${malformedQuery}`;
      const response = await server.call(route.method, path, { as: member, ...(withBody(route.method) ? { body: malformedBody } : {}) });
      if (response.status !== 403 || response.body?.error?.code !== "forbidden" || schemaWords.test(response.text) || response.body?.error?.details?.fields) {
        wrong.push(`${route.method} ${route.url}: ${response.status} ${response.text.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
    const denied = new Set((await auditOf("member")).filter((entry) => entry.outcome === "denied").map((entry) => entry.action));
    const expected = new Set(attempts.flatMap((route) => configParts(declared.get(`${route.method} ${route.url}`)).map((part) => part.action)));
    expect([...expected].filter((action) => !denied.has(action))).toEqual([]);
  });

  it("answers 404 to a malformed request on a record the caller may not read, and to a malformed id", async () => {
    const recordRoutes = routes.filter((route) => declared.get(`${route.method} ${route.url}`)?.kind === "record" || declared.get(`${route.method} ${route.url}`)?.kind === "all");
    const onRecords = recordRoutes.filter((route) => route.url.includes(":id"));
    expect(onRecords).toHaveLength(25);
    const wrong: string[] = [];
    for (const route of onRecords) {
      for (const path of [concrete(route.url), route.url.replace(":id", "zz'%20or%20'1'%20eq%20'1")]) {
        const response = await server.call(route.method, `${path}?${malformedQuery}`, { as: member, ...(withBody(route.method) ? { body: malformedBody } : {}) });
        if (response.status !== 404 || response.body?.error?.code !== "not_found" || schemaWords.test(response.text))
          wrong.push(`${route.method} ${path}: ${response.status} ${response.text.slice(0, 160)}`);
      }
    }
    expect(wrong).toEqual([]);
    const runs = await server.call("GET", `/api/workflow-runs?entity=lead&recordId=${ownerRecords.lead}&pageSize=lots`, { as: member });
    expect(runs.status).toBe(404);
    const refused = (await auditOf("member")).filter((entry) => entry.outcome === "denied" && entry.recordId === ownerRecords.lead).map((entry) => entry.action);
    expect(refused).toContain("lead.read");
  });

  it("answers 403 to a malformed request for an entity the caller's roles do not allow at all, and audits it", async () => {
    const leadRoutes = routes.filter((route) => {
      const requirement = declared.get(`${route.method} ${route.url}`);
      return requirement?.kind === "entity" && requirement.entity === "lead";
    });
    expect(leadRoutes.map((route) => `${route.method} ${route.url}`).sort()).toEqual(["GET /api/leads", "GET /api/leads/export", "POST /api/leads"]);
    for (const route of leadRoutes) {
      const response = await server.call(route.method, `${route.url}?${malformedQuery}`, { as: noLeads, ...(withBody(route.method) ? { body: malformedBody } : {}) });
      expect(response.status, `${route.method} ${route.url}`).toBe(403);
      expect(response.text).not.toMatch(schemaWords);
    }
    const actions = (await auditOf("no-leads")).filter((entry) => entry.outcome === "denied").map((entry) => entry.action);
    for (const action of ["create", "read", "export"] as const) expect(actions).toContain(entityAttempt("lead", action));
  });

  it("still validates what an allowed caller sends", async () => {
    const response = await server.call("PUT", "/api/config/forms/lead", { as: owner, body: malformedBody });
    expect(response.status).toBe(400);
    const list = await server.call("GET", `/api/${entityPaths.lead}?pageSize=lots`, { as: member });
    expect(list.status).toBe(400);
  });

  it("refuses to start a server with an API route that declares no requirement", async () => {
    await expect(
      startTestServer({
        extend: async (app) => {
          app.get("/api/undeclared", async () => ({ secret: true }));
        },
      }),
    ).rejects.toThrow(/declares no requirement/);
  });
});
