/**
 * Bad input on every route: wrong types, missing and unknown fields, oversize
 * strings and bodies, OData metacharacters in ids, values and query strings,
 * invalid JSON, wrong content types, malformed continuation tokens and bad
 * If-Match headers. Each must answer 4xx with `{ error: { code, message } }`, a
 * message fit for a user, nothing of the framework or the storage, and write
 * nothing (lists, configuration and the audit log unchanged).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { defaultForm } from "@crm/shared/domain";
import { startTestServer } from "../support/test-server.js";
import type { ApiResponse, TestServer } from "../support/test-server.js";
import { routesOf } from "../support/routes.js";

const tenantId = "bad-input";
const owner = { tenantId, userId: "owner" };
const victim = { tenantId: "bad-input-victim", userId: "victim" };

/**
 * What a client must never see. (A bare "at " cannot be banned: "that " and
 * "at most 40" are fine English; a stack frame looks like "at fn (file:1:2)".)
 */
const leaks: RegExp[] = [/\bat \S+ \(/, /\n\s+at /, /Error:/, /odata/i, /azurite/i, /TableClient/, /statusCode/, /PartitionKey/, /RowKey/, /FST_/, /node_modules/, /\.[jt]s:\d+/];
const knownCodes = [
  "invalid_input",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "precondition_failed",
  "payload_too_large",
  "unsupported_media_type",
  "precondition_required",
  "rate_limited",
];

let server: TestServer;
const ids = { lead: "", opportunity: "", case: "", roleId: "", pipelineId: "", victimLead: "" };
const etags = { lead: "", opportunity: "", case: "", form: "", pipeline: "", member: "", role: "" };
let routes: { method: string; url: string }[] = [];
let withQuery = new Set<string>();
let withBody = new Set<string>();
let baseline = "";

const call = (method: string, path: string, options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) => server.call(method, path, { as: owner, ...options });

function expectOk(response: ApiResponse, status: number, what: string): ApiResponse {
  if (response.status !== status) throw new Error(`setup: ${what}: ${response.status} ${response.text}`);
  return response;
}

/** Everything a bad request could have changed, as one comparable string. */
async function fingerprint(): Promise<string> {
  const parts: unknown[] = [];
  for (const path of [
    "/api/audit?pageSize=100",
    "/api/leads?pageSize=100",
    "/api/opportunities?pageSize=100",
    "/api/cases?pageSize=100",
    "/api/users",
    "/api/roles",
    "/api/config/forms",
    "/api/config/pipelines",
    `/api/leads/${ids.lead}/notes`,
  ]) {
    const response = await call("GET", path);
    parts.push(path, response.status, response.body);
  }
  return JSON.stringify(parts);
}

const concreteParams = (): Record<string, string> => ({ entity: "lead", userId: "member", roleId: ids.roleId, stageId: "prospecting", recordId: ids.lead, key: "duplicateEmail" });
function concrete(url: string, override: Record<string, string> = {}): string {
  const entityId = url.startsWith("/api/opportunities") ? ids.opportunity : url.startsWith("/api/cases") ? ids.case : url.startsWith("/api/config/pipelines") ? ids.pipelineId : ids.lead;
  const values: Record<string, string> = { ...concreteParams(), id: entityId, ...override };
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => values[name] ?? "x");
}
const etagFor = (url: string): string => (url.startsWith("/api/opportunities") ? etags.opportunity : url.startsWith("/api/cases") ? etags.case : etags.lead);

beforeAll(async () => {
  server = await startTestServer();
  expectOk(await call("GET", "/api/me"), 200, "owner");
  expectOk(await server.call("GET", "/api/me", { as: victim }), 200, "victim");
  ids.victimLead = expectOk(await server.call("POST", "/api/leads", { as: victim, body: { name: "Victim lead" } }), 201, "victim lead").body.id;
  for (const [entity, path, body] of [
    ["lead", "/api/leads", { name: "Ada Lovelace", company: "Analytical" }],
    ["opportunity", "/api/opportunities", { name: "Big deal", amount: 1000 }],
    ["case", "/api/cases", { title: "Broken widget" }],
  ] as const) {
    const created = expectOk(await call("POST", path, { body }), 201, entity);
    ids[entity] = created.body.id;
    etags[entity] = created.headers.get("etag")!;
  }
  etags.form = expectOk(await call("PUT", "/api/config/forms/lead", { body: { fields: defaultForm("lead") } }), 200, "form").headers.get("etag")!;
  const pipeline = expectOk(
    await call("POST", "/api/config/pipelines", {
      body: {
        name: "Partners",
        stages: [
          { id: "intro", name: "Intro", probability: 10, won: false, lost: false },
          { id: "signed", name: "Signed", probability: 100, won: true, lost: false },
        ],
      },
    }),
    201,
    "pipeline",
  );
  ids.pipelineId = pipeline.body.id;
  etags.pipeline = pipeline.headers.get("etag")!;
  const role = expectOk(await call("POST", "/api/roles", { body: { name: "Custom", template: "sales-rep" } }), 201, "role");
  ids.roleId = role.body.id;
  etags.member = expectOk(await call("POST", "/api/users", { body: { userId: "member", displayName: "Member", roleIds: ["member"] } }), 201, "member").headers.get("etag")!;
  await call("POST", `/api/leads/${ids.lead}/notes`, { body: { text: "first note" } });

  routes = routesOf(server.app.printRoutes({ commonPrefix: false })).filter((route) => route.url.startsWith("/api/"));
  const openapi = expectOk(await call("GET", "/api/openapi.json"), 200, "openapi").body as {
    paths: Record<string, Record<string, { parameters?: { in: string }[]; requestBody?: unknown }>>;
  };
  const operations = (keep: (operation: { parameters?: { in: string }[]; requestBody?: unknown }) => boolean) =>
    new Set(
      Object.entries(openapi.paths).flatMap(([path, byMethod]) =>
        Object.entries(byMethod)
          .filter(([, operation]) => keep(operation))
          .map(([method]) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
      ),
    );
  withQuery = operations((operation) => operation.parameters?.some((parameter) => parameter.in === "query") ?? false);
  withBody = operations((operation) => operation.requestBody !== undefined);
  baseline = await fingerprint();
}, 60_000);

afterAll(async () => {
  await server?.close();
});

interface Case {
  name: string;
  method: string;
  path: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  status: number | number[];
}

/** Runs the cases and returns one line per wrong answer, so a failure lists all of them. */
async function run(cases: Case[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const one of cases) {
    const response = await call(one.method, one.path, {
      ...(one.body !== undefined ? { body: one.body } : {}),
      ...(one.rawBody !== undefined ? { rawBody: one.rawBody } : {}),
      ...(one.headers ? { headers: one.headers } : {}),
    });
    const where = `${one.name} (${one.method} ${one.path.slice(0, 90)})`;
    const statuses = Array.isArray(one.status) ? one.status : [one.status];
    if (!statuses.includes(response.status)) wrong.push(`${where}: expected ${statuses.join("/")}, got ${response.status} ${response.text.slice(0, 200)}`);
    const error = response.body?.error;
    if (!error || typeof error.code !== "string" || typeof error.message !== "string") {
      wrong.push(`${where}: not an error body: ${response.text.slice(0, 200)}`);
      continue;
    }
    if (!knownCodes.includes(error.code)) wrong.push(`${where}: unknown code ${error.code}`);
    if (error.message.length < 15 || !/^[A-Z"]/.test(error.message)) wrong.push(`${where}: unclear message "${error.message}"`);
    for (const leak of leaks) if (leak.test(response.text)) wrong.push(`${where}: body leaks ${leak}: ${response.text.slice(0, 200)}`);
  }
  return wrong;
}

const isBodyRoute = (method: string) => ["POST", "PUT", "PATCH"].includes(method);
const injected = ["'", "x' or 'a' eq 'a", "%27", "1%20eq%201", "a%20or%20b", "%27%20or%20%271%27%20eq%20%271", "x".repeat(300), "%E0%A4%A"];
const badTokens = [
  "!!!",
  "%27",
  "'%20or%20''%3D'",
  "abc",
  Buffer.from('{"nextPartitionKey":5}').toString("base64url"),
  Buffer.from("not json at all").toString("base64url"),
  Buffer.from("o:abc").toString("base64url"),
  "x".repeat(2049),
];

describe("bad input writes nothing and answers a clear 4xx", () => {
  afterEach(async () => {
    expect(await fingerprint()).toBe(baseline);
  });

  it("finds the routes to attack", () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(withQuery.has("GET /api/leads")).toBe(true);
    expect(withQuery.has("GET /api/audit")).toBe(true);
    expect(withBody.has("PATCH /api/leads/:id")).toBe(true);
    expect(withBody.size).toBeGreaterThan(20);
  });

  it("every route with path parameters refuses OData metacharacters, over-long and malformed ones", async () => {
    const cases: Case[] = [];
    for (const route of routes) {
      for (const name of [...route.url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!)) {
        for (const value of injected) {
          cases.push({
            name: `${name}=${value.slice(0, 20)}`,
            method: route.method,
            path: concrete(route.url, { [name]: value }),
            ...(isBodyRoute(route.method) ? { body: {} } : {}),
            status: [400, 404],
          });
        }
      }
    }
    expect(cases.length).toBeGreaterThan(100);
    expect(await run(cases)).toEqual([]);
  });

  it("every route that reads a body refuses invalid JSON, other content types and oversize bodies; one with a body schema refuses non-objects and unknown fields", async () => {
    const cases: Case[] = [];
    for (const route of routes.filter((candidate) => isBodyRoute(candidate.method) && candidate.url !== "/api/messages")) {
      const path = concrete(route.url);
      const json = { "content-type": "application/json", "if-match": etagFor(route.url) };
      cases.push(
        { name: "invalid JSON", method: route.method, path, rawBody: '{"name": ', headers: json, status: 400 },
        { name: "trailing garbage", method: route.method, path, rawBody: '{"name": "x"} x', headers: json, status: 400 },
        { name: "empty JSON body", method: route.method, path, rawBody: "", headers: json, status: 400 },
        { name: "text/plain", method: route.method, path, rawBody: '{"name":"x"}', headers: { "content-type": "text/plain" }, status: 415 },
        { name: "form encoded", method: route.method, path, rawBody: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" }, status: 415 },
        { name: "xml", method: route.method, path, rawBody: "<name>x</name>", headers: { "content-type": "application/xml" }, status: 415 },
        { name: "oversize body", method: route.method, path, rawBody: JSON.stringify({ name: "x".repeat(300 * 1024) }), headers: json, status: 413 },
      );
      if (!withBody.has(`${route.method} ${route.url}`)) continue;
      cases.push(
        { name: "array body", method: route.method, path, rawBody: "[]", headers: json, status: 400 },
        { name: "string body", method: route.method, path, rawBody: '"x"', headers: json, status: 400 },
        { name: "number body", method: route.method, path, rawBody: "5", headers: json, status: 400 },
        { name: "null body", method: route.method, path, rawBody: "null", headers: json, status: 400 },
        { name: "unknown field", method: route.method, path, body: { "zz' or 'a' eq 'a": 1 }, headers: { "if-match": etagFor(route.url) }, status: 400 },
      );
    }
    expect(await run(cases)).toEqual([]);
  });

  it("every route with a query string refuses unknown parameters", async () => {
    const cases: Case[] = routes
      .filter((route) => withQuery.has(`${route.method} ${route.url}`))
      // A route authorized by a record named in its query gets a real one, so the unknown parameter is what is wrong.
      .map((route) => ({
        name: "unknown query parameter",
        method: route.method,
        path: `${concrete(route.url)}?${route.url === "/api/workflow-runs" ? `entity=lead&recordId=${ids.lead}&` : ""}zz%27%20or%201=1`,
        status: 400,
      }));
    expect(cases.length).toBeGreaterThan(10);
    expect(await run(cases)).toEqual([]);
  });

  it("every paged route refuses malformed continuation tokens", async () => {
    const paged = routes.filter((route) => route.method === "GET" && (/^\/api\/(leads|opportunities|cases)(\/:id\/(notes|history))?$/.test(route.url) || route.url === "/api/audit"));
    expect(paged).toHaveLength(10);
    const cases: Case[] = [];
    for (const route of paged) {
      for (const token of badTokens) cases.push({ name: `token ${token.slice(0, 16)}`, method: "GET", path: `${concrete(route.url)}?continuationToken=${token}`, status: 400 });
    }
    for (const sort of ["title", "oldest", "updated"]) {
      cases.push({
        name: `storage token on a sorted list`,
        method: "GET",
        path: `/api/leads?sort=${sort}&continuationToken=${Buffer.from('{"nextPartitionKey":"x"}').toString("base64url")}`,
        status: 400,
      });
    }
    expect(await run(cases)).toEqual([]);
  });

  it("record routes: wrong types, missing, unknown, system and oversize fields", async () => {
    const lead = `/api/leads/${ids.lead}`;
    const ifMatch = { "if-match": etags.lead };
    const cases: Case[] = [
      { name: "name is a number", method: "POST", path: "/api/leads", body: { name: 5 }, status: 400 },
      { name: "name missing", method: "POST", path: "/api/leads", body: { company: "x" }, status: 400 },
      { name: "blank name", method: "POST", path: "/api/leads", body: { name: "   " }, status: 400 },
      { name: "unknown field", method: "POST", path: "/api/leads", body: { name: "x", nickname: "y" }, status: 400 },
      { name: "oversize name", method: "POST", path: "/api/leads", body: { name: "x".repeat(1001) }, status: 400 },
      { name: "bad email", method: "POST", path: "/api/leads", body: { name: "x", email: "not-an-email" }, status: 400 },
      { name: "bad choice", method: "POST", path: "/api/leads", body: { name: "x", status: "x' or 'a' eq 'a" }, status: 400 },
      { name: "value as text", method: "POST", path: "/api/leads", body: { name: "x", value: "12" }, status: 400 },
      { name: "object value", method: "POST", path: "/api/leads", body: { name: { $ne: null } }, status: 400 },
      { name: "too many properties", method: "POST", path: "/api/leads", body: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, "x"])), status: 400 },
      ...["id", "createdAt", "createdBy", "updatedAt", "etag", "tenantId", "teamIds", "entity"].map((key) => ({
        name: `system property ${key}`,
        method: "POST",
        path: "/api/leads",
        body: { name: "x", [key]: key === "teamIds" ? ["t"] : "x" },
        status: 400,
      })),
      { name: "ownerId not a user id", method: "POST", path: "/api/leads", body: { name: "x", ownerId: "a' or 'b" }, status: 400 },
      { name: "ownerId a number", method: "POST", path: "/api/leads", body: { name: "x", ownerId: 5 }, status: 400 },
      { name: "ownerId of nobody", method: "POST", path: "/api/leads", body: { name: "x", ownerId: "nobody" }, status: 400 },
      { name: "ownerId in another tenant", method: "POST", path: "/api/leads", body: { name: "x", ownerId: victim.userId }, status: 400 },
      { name: "opportunity in no pipeline", method: "POST", path: "/api/opportunities", body: { name: "x", pipelineId: "x' or 'a' eq 'a" }, status: 400 },
      { name: "opportunity in no stage", method: "POST", path: "/api/opportunities", body: { name: "x", stageId: "nowhere" }, status: 400 },
      { name: "bad close date", method: "POST", path: "/api/opportunities", body: { name: "x", closeDate: "2024-02-30" }, status: 400 },
      { name: "case priority wrong type", method: "POST", path: "/api/cases", body: { title: "x", priority: ["High"] }, status: 400 },
      { name: "update: wrong type", method: "PATCH", path: lead, body: { name: 5 }, headers: ifMatch, status: 400 },
      { name: "update: blank required", method: "PATCH", path: lead, body: { name: "" }, headers: ifMatch, status: 400 },
      { name: "update: system property", method: "PATCH", path: lead, body: { createdBy: "me" }, headers: ifMatch, status: 400 },
      { name: "update: unknown field", method: "PATCH", path: lead, body: { bogus: 1 }, headers: ifMatch, status: 400 },
      { name: "assign: missing ownerId", method: "POST", path: `${lead}/assign`, body: {}, status: 400 },
      { name: "assign: injected ownerId", method: "POST", path: `${lead}/assign`, body: { ownerId: "a' or 'b' eq 'b" }, status: 400 },
      { name: "assign: nobody", method: "POST", path: `${lead}/assign`, body: { ownerId: "nobody" }, status: 400 },
      { name: "assign: extra field", method: "POST", path: `${lead}/assign`, body: { ownerId: "member", note: "x" }, status: 400 },
      { name: "note: missing text", method: "POST", path: `${lead}/notes`, body: {}, status: 400 },
      { name: "note: empty text", method: "POST", path: `${lead}/notes`, body: { text: "" }, status: 400 },
      { name: "note: blank text", method: "POST", path: `${lead}/notes`, body: { text: "   " }, status: 400 },
      { name: "note: number", method: "POST", path: `${lead}/notes`, body: { text: 5 }, status: 400 },
      { name: "note: oversize", method: "POST", path: `${lead}/notes`, body: { text: "x".repeat(10_001) }, status: 400 },
      { name: "convert: unknown field", method: "POST", path: `${lead}/convert`, body: { bogus: 1 }, status: 400 },
      { name: "convert: bad amount", method: "POST", path: `${lead}/convert`, body: { amount: "lots" }, status: 400 },
      { name: "missing record", method: "GET", path: `/api/leads/${"0".repeat(19)}`, status: 404 },
      { name: "another tenant's record", method: "GET", path: `/api/leads/${ids.victimLead}`, status: 404 },
      { name: "another tenant's record, patched", method: "PATCH", path: `/api/leads/${ids.victimLead}`, body: { name: "mine" }, headers: { "if-match": "*" }, status: [404, 428] },
      { name: "another tenant's record, deleted", method: "DELETE", path: `/api/leads/${ids.victimLead}`, status: 404 },
      { name: "a lead id under cases", method: "GET", path: `/api/cases/${ids.lead}`, status: 404 },
    ];
    expect(await run(cases)).toEqual([]);
  });

  it("list and audit queries: wrong types and oversize values", async () => {
    const cases: Case[] = [
      ...["0", "101", "-1", "abc", "1.5", "25%20or%201", "%27"].map((size) => ({ name: `pageSize ${size}`, method: "GET", path: `/api/leads?pageSize=${size}`, status: 400 })),
      { name: "unknown sort", method: "GET", path: "/api/leads?sort=name%27", status: 400 },
      { name: "owner injected", method: "GET", path: "/api/leads?owner=me%27%20or%20%271%27%20eq%20%271", status: 400 },
      { name: "q too long", method: "GET", path: `/api/leads?q=${"x".repeat(101)}`, status: 400 },
      { name: "q empty", method: "GET", path: "/api/leads?q=", status: 400 },
      { name: "status too long", method: "GET", path: `/api/leads?status=${"x".repeat(101)}`, status: 400 },
      { name: "audit actor injected", method: "GET", path: "/api/audit?actorId=x%27%20or%20%271%27%20eq%20%271", status: 400 },
      { name: "audit entity unknown", method: "GET", path: "/api/audit?entity=lead%27", status: 400 },
      { name: "audit record id", method: "GET", path: "/api/audit?recordId=%27", status: 400 },
      { name: "audit action injected", method: "GET", path: "/api/audit?action=lead.create%27%20or%20%27", status: 400 },
      { name: "audit from not a date", method: "GET", path: "/api/audit?from=yesterday", status: 400 },
      { name: "audit to injected", method: "GET", path: "/api/audit?to=2024-01-01%27%20or%20%27", status: 400 },
      { name: "explain without action", method: "GET", path: "/api/access/explain?entity=lead", status: 400 },
      { name: "explain unknown action", method: "GET", path: "/api/access/explain?action=drop", status: 400 },
      { name: "explain record action without entity", method: "GET", path: "/api/access/explain?action=read", status: 400 },
      { name: "explain bad id", method: "GET", path: "/api/access/explain?action=read&entity=lead&id=%27", status: 400 },
      { name: "explain bad user", method: "GET", path: "/api/access/explain?action=read&entity=lead&userId=a%27b", status: 400 },
      { name: "explain unknown user", method: "GET", path: "/api/access/explain?action=read&entity=lead&userId=nobody", status: 404 },
      { name: "explain another tenant's record", method: "GET", path: `/api/access/explain?action=read&entity=lead&id=${ids.victimLead}`, status: 404 },
      { name: "notes pageSize", method: "GET", path: `/api/leads/${ids.lead}/notes?pageSize=0`, status: 400 },
      { name: "export pageSize not accepted", method: "GET", path: "/api/leads/export?pageSize=5", status: 400 },
    ];
    expect(await run(cases)).toEqual([]);
  });

  it("If-Match: missing, stale, injected and oversize", async () => {
    const lead = `/api/leads/${ids.lead}`;
    const stale = "W/\"datetime'2020-01-01T00%3A00%3A00.0000000Z'\"";
    const cases: Case[] = [
      { name: "PATCH without If-Match", method: "PATCH", path: lead, body: { company: "x" }, status: 428 },
      { name: "PATCH with If-Match *", method: "PATCH", path: lead, body: { company: "x" }, headers: { "if-match": "*" }, status: 428 },
      { name: "PATCH with a stale ETag", method: "PATCH", path: lead, body: { company: "x" }, headers: { "if-match": stale }, status: 412 },
      { name: "PATCH with an injected ETag", method: "PATCH", path: lead, body: { company: "x" }, headers: { "if-match": "x' or '1' eq '1" }, status: 412 },
      { name: "PATCH with an oversize ETag", method: "PATCH", path: lead, body: { company: "x" }, headers: { "if-match": "x".repeat(201) }, status: 400 },
      { name: "PATCH with another record's ETag", method: "PATCH", path: lead, body: { company: "x" }, headers: { "if-match": etags.case }, status: 412 },
      { name: "DELETE with a stale ETag", method: "DELETE", path: lead, headers: { "if-match": stale }, status: 412 },
      { name: "assign with a stale ETag", method: "POST", path: `${lead}/assign`, body: { ownerId: "member" }, headers: { "if-match": stale }, status: 412 },
      { name: "form with a stale ETag", method: "PUT", path: "/api/config/forms/lead", body: { fields: defaultForm("lead") }, headers: { "if-match": stale }, status: 412 },
      {
        name: "pipeline with a stale ETag",
        method: "PUT",
        path: `/api/config/pipelines/${ids.pipelineId}`,
        body: {
          name: "Renamed",
          stages: [
            { id: "intro", name: "Intro", probability: 10, won: false, lost: false },
            { id: "signed", name: "Signed", probability: 100, won: true, lost: false },
          ],
        },
        headers: { "if-match": stale },
        status: 412,
      },
      { name: "user with a stale ETag", method: "PATCH", path: "/api/users/member", body: { displayName: "Renamed" }, headers: { "if-match": stale }, status: 412 },
      { name: "role with a stale ETag", method: "PUT", path: `/api/roles/${ids.roleId}`, body: { name: "Renamed" }, headers: { "if-match": stale }, status: 412 },
    ];
    expect(await run(cases)).toEqual([]);
  });

  it("configuration routes: wrong types, missing, unknown and oversize fields", async () => {
    const field = (extra: Record<string, unknown>) => ({ fields: [...defaultForm("lead"), { key: "extra", label: "Extra", type: "text", required: false, order: 9, ...extra }] });
    const stage = { id: "s1", name: "S1", probability: 10, won: false, lost: false };
    const cases: Case[] = [
      { name: "form: unknown entity", method: "PUT", path: "/api/config/forms/account", body: { fields: defaultForm("lead") }, status: 400 },
      { name: "form: no fields", method: "PUT", path: "/api/config/forms/lead", body: { fields: [] }, status: 400 },
      { name: "form: fields not a list", method: "PUT", path: "/api/config/forms/lead", body: { fields: "name" }, status: 400 },
      { name: "form: system key", method: "PUT", path: "/api/config/forms/lead", body: field({ key: "ownerId" }), status: 400 },
      { name: "form: injected key", method: "PUT", path: "/api/config/forms/lead", body: field({ key: "x' or 'a" }), status: 400 },
      { name: "form: duplicate key", method: "PUT", path: "/api/config/forms/lead", body: field({ key: "company" }), status: 400 },
      { name: "form: unknown type", method: "PUT", path: "/api/config/forms/lead", body: field({ type: "blob" }), status: 400 },
      { name: "form: choice without options", method: "PUT", path: "/api/config/forms/lead", body: field({ type: "choice" }), status: 400 },
      { name: "form: oversize label", method: "PUT", path: "/api/config/forms/lead", body: field({ label: "x".repeat(101) }), status: 400 },
      { name: "form: unknown property", method: "PUT", path: "/api/config/forms/lead", body: field({ hidden: true }), status: 400 },
      { name: "form: required not boolean", method: "PUT", path: "/api/config/forms/lead", body: field({ required: "yes" }), status: 400 },
      { name: "form: title field removed", method: "PUT", path: "/api/config/forms/lead", body: { fields: defaultForm("lead").filter((one) => one.key !== "name") }, status: 400 },
      { name: "pipeline: missing name", method: "POST", path: "/api/config/pipelines", body: { stages: [stage] }, status: 400 },
      { name: "pipeline: no stages", method: "POST", path: "/api/config/pipelines", body: { name: "p", stages: [] }, status: 400 },
      { name: "pipeline: injected stage id", method: "POST", path: "/api/config/pipelines", body: { name: "p", stages: [{ ...stage, id: "a' or 'b" }] }, status: 400 },
      { name: "pipeline: probability 101", method: "POST", path: "/api/config/pipelines", body: { name: "p", stages: [{ ...stage, probability: 101 }] }, status: 400 },
      { name: "pipeline: probability text", method: "POST", path: "/api/config/pipelines", body: { name: "p", stages: [{ ...stage, probability: "10" }] }, status: 400 },
      { name: "pipeline: won and lost", method: "POST", path: "/api/config/pipelines", body: { name: "p", stages: [{ ...stage, won: true, lost: true }] }, status: 400 },
      { name: "pipeline: duplicate stage", method: "POST", path: "/api/config/pipelines", body: { name: "p", stages: [stage, stage] }, status: 400 },
      { name: "pipeline: oversize name", method: "POST", path: "/api/config/pipelines", body: { name: "x".repeat(101), stages: [stage] }, status: 400 },
      { name: "pipeline: missing", method: "PUT", path: "/api/config/pipelines/nope", body: { name: "p", stages: [stage] }, status: 404 },
      {
        name: "pipeline: stage dropped by PUT",
        method: "PUT",
        path: `/api/config/pipelines/${ids.pipelineId}`,
        body: { name: "p", stages: [{ id: "intro", name: "Intro", probability: 10, won: false, lost: false }] },
        status: 400,
      },
      { name: "pipeline delete: missing", method: "DELETE", path: "/api/config/pipelines/nope", status: 404 },
      { name: "stage delete: missing stage", method: "DELETE", path: `/api/config/pipelines/${ids.pipelineId}/stages/nope`, status: 404 },
      { name: "stage delete: target is itself", method: "DELETE", path: `/api/config/pipelines/${ids.pipelineId}/stages/intro?targetStageId=intro`, status: 400 },
      { name: "stage delete: unknown target", method: "DELETE", path: `/api/config/pipelines/${ids.pipelineId}/stages/intro?targetStageId=nope`, status: 400 },
      { name: "stage delete: injected target", method: "DELETE", path: `/api/config/pipelines/${ids.pipelineId}/stages/intro?targetStageId=a%27%20or%20%27b`, status: 400 },
      { name: "user: missing displayName", method: "POST", path: "/api/users", body: { userId: "new" }, status: 400 },
      { name: "user: injected id", method: "POST", path: "/api/users", body: { userId: "a' or 'b", displayName: "x" }, status: 400 },
      { name: "user: unknown role", method: "POST", path: "/api/users", body: { userId: "new", displayName: "x", roleIds: ["nope"] }, status: 400 },
      { name: "user: no roles", method: "POST", path: "/api/users", body: { userId: "new", displayName: "x", roleIds: [] }, status: 400 },
      { name: "user: bad email", method: "POST", path: "/api/users", body: { userId: "new", displayName: "x", email: "nope" }, status: 400 },
      { name: "user: oversize name", method: "POST", path: "/api/users", body: { userId: "new", displayName: "x".repeat(201) }, status: 400 },
      { name: "user: teamIds not a list", method: "POST", path: "/api/users", body: { userId: "new", displayName: "x", teamIds: "red" }, status: 400 },
      { name: "user: already there", method: "POST", path: "/api/users", body: { userId: "member", displayName: "x" }, status: 409 },
      { name: "user patch: nothing", method: "PATCH", path: "/api/users/member", body: {}, status: 400 },
      { name: "user patch: active as text", method: "PATCH", path: "/api/users/member", body: { active: "no" }, status: 400 },
      { name: "user patch: injected role", method: "PATCH", path: "/api/users/member", body: { roleIds: ["owner' or"] }, status: 400 },
      { name: "user patch: missing user", method: "PATCH", path: "/api/users/nobody", body: { active: false }, status: 404 },
      { name: "user delete: missing user", method: "DELETE", path: "/api/users/nobody", status: 404 },
      { name: "user delete: last Owner", method: "DELETE", path: "/api/users/owner", status: 409 },
      { name: "role: missing name", method: "POST", path: "/api/roles", body: { template: "sales-rep" }, status: 400 },
      { name: "role: unknown template", method: "POST", path: "/api/roles", body: { name: "x", template: "nope" }, status: 400 },
      { name: "role: injected template", method: "POST", path: "/api/roles", body: { name: "x", template: "a' or" }, status: 400 },
      { name: "role: unknown scope", method: "POST", path: "/api/roles", body: { name: "x", entities: { lead: { read: "everything" } } }, status: 400 },
      { name: "role: unknown config permission", method: "POST", path: "/api/roles", body: { name: "x", config: ["root"] }, status: 400 },
      { name: "role: bad field rule", method: "POST", path: "/api/roles", body: { name: "x", fields: { lead: { "a'b": "hidden" } } }, status: 400 },
      { name: "role: duplicate name", method: "POST", path: "/api/roles", body: { name: "custom" }, status: 400 },
      { name: "role: built-in name", method: "POST", path: "/api/roles", body: { name: "Owner" }, status: 400 },
      { name: "role: oversize name", method: "POST", path: "/api/roles", body: { name: "x".repeat(81) }, status: 400 },
      { name: "role: change built-in", method: "PUT", path: "/api/roles/owner", body: { name: "Boss" }, status: 403 },
      { name: "role: missing", method: "PUT", path: "/api/roles/nope", body: { name: "x" }, status: 404 },
      { name: "role delete: missing", method: "DELETE", path: "/api/roles/nope", status: 404 },
      { name: "dev token: missing fields", method: "POST", path: "/api/dev/token", body: { tenantId: "t" }, status: 400 },
      { name: "dev token: injected tenant", method: "POST", path: "/api/dev/token", body: { tenantId: "t' or", userId: "u", displayName: "x" }, status: 400 },
      { name: "dev token: unknown field", method: "POST", path: "/api/dev/token", body: { tenantId: "t", userId: "u", displayName: "x", roles: ["owner"] }, status: 400 },
    ];
    expect(await run(cases)).toEqual([]);
  });

  it("OData metacharacters in query values match nothing instead of widening the filter", async () => {
    const wrong: string[] = [];
    for (const query of [
      "q=%27",
      "q=x%27%20or%20%27a%27%20eq%20%27a",
      "q=%27%27",
      "status=%27%20or%20%27%27%3D%27",
      "source=x%27%20or%20RowKey%20ne%20%27",
      "priority=%2527",
      "stageId=a%27)%20or%20(1%20eq%201",
      "pipelineId=%27%20eq%20%27",
    ]) {
      for (const sort of ["newest", "title"]) {
        const response = await call("GET", `/api/leads?${query}&sort=${sort}`);
        if (response.status !== 200 || response.body.items.length !== 0) wrong.push(`${query} ${sort}: ${response.status} ${response.text.slice(0, 200)}`);
      }
    }
    const audit = await call("GET", "/api/audit?entity=lead&from=2000-01-01&to=2999-01-01");
    if (audit.status !== 200) wrong.push(`audit: ${audit.status}`);
    expect(wrong).toEqual([]);
  });

  it("a forged continuation token pointing at another tenant reveals nothing of it", async () => {
    for (const partition of [`${victim.tenantId}|lead`, `${victim.tenantId}`, "", "~"]) {
      const token = Buffer.from(JSON.stringify({ nextPartitionKey: partition, nextRowKey: "" })).toString("base64url");
      for (const path of ["/api/leads", "/api/audit", `/api/leads/${ids.lead}/notes`]) {
        const response = await call("GET", `${path}?continuationToken=${token}`);
        expect([200, 400], `${path} ${partition}`).toContain(response.status);
        expect(response.text).not.toContain(ids.victimLead);
        expect(response.text).not.toContain("Victim");
      }
    }
  });
});

describe("OData metacharacters in stored values", () => {
  it("are stored verbatim and found by a prefix search that matches only them", async () => {
    const name = "O'Brien' or 'a' eq 'a";
    const created = await call("POST", "/api/leads", { body: { name, company: "%27 eq %27", status: "New" } });
    expect(created.status).toBe(201);
    const read = await call("GET", `/api/leads/${created.body.id}`);
    expect(read.body).toMatchObject({ name, company: "%27 eq %27" });
    const found = await call("GET", `/api/leads?q=${encodeURIComponent("o'brien' or")}`);
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
    const others = await call("GET", `/api/leads?q=${encodeURIComponent("O'")}`);
    expect(others.body.items.map((item: { name: string }) => item.name)).toEqual([name]);
  });
});
