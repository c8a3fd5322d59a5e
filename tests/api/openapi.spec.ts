/**
 * /api/openapi.json describes the REST API as OpenAPI 3.1, generated from the same
 * schemas the routes validate with: every /api route is there (the bot's endpoint
 * and the document itself aside) with its path, query, header and body schemas.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifySchema } from "fastify";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { routesOf } from "../support/routes.js";

/** Not part of the documented REST API. */
const undocumented = ["POST /api/messages", "GET /api/openapi.json"];

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema?: Record<string, unknown> }[];
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown> }>; required?: boolean };
  responses?: Record<string, unknown>;
  security?: unknown[];
  summary?: string;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

let server: TestServer;
let doc: Document;
const schemas = new Map<string, FastifySchema | undefined>();

let routes: { method: string; url: string }[] = [];
const openapiPath = (url: string) => url.replace(/:(\w+)/g, "{$1}");
const operationOf = (route: { method: string; url: string }): Operation | undefined => doc.paths[openapiPath(route.url)]?.[route.method.toLowerCase()];
/** Swagger moves a parameter's description from its schema onto the parameter itself. */
const sameSchema = (a: unknown, b: unknown): boolean => {
  const plain = (schema: unknown) => {
    const { description: _description, ...rest } = (schema ?? {}) as Record<string, unknown>;
    return JSON.stringify(rest);
  };
  return plain(a) === plain(b);
};
const propertiesOf = (schema: unknown): Record<string, unknown> => (schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};

beforeAll(async () => {
  server = await startTestServer({
    extend: async (app) => {
      app.addHook("onResponse", async (request) => {
        if (request.routeOptions.url) schemas.set(`${request.method} ${request.routeOptions.url}`, request.routeOptions.schema);
      });
    },
  });
  const response = await server.call("GET", "/api/openapi.json");
  expect(response.status).toBe(200);
  doc = response.body;
  routes = routesOf(server.app.printRoutes({ commonPrefix: false })).filter((route) => route.url.startsWith("/api/") && !undocumented.includes(`${route.method} ${route.url}`));
  // An unsigned call reaches every route far enough for Fastify to name it and its schema.
  for (const route of routes) await server.call(route.method, route.url.replace(/:(\w+)/g, "x"));
});
afterAll(async () => {
  await server?.close();
});

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1.0 with a title, a version and bearer security", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("lists every registered /api route, and nothing that is not one", () => {
    expect(routes.length).toBeGreaterThan(40);
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const registered = routes.map((route) => `${route.method} ${openapiPath(route.url)}`);
    expect(registered.filter((route) => !documented.includes(route))).toEqual([]);
    expect(documented.filter((route) => !registered.includes(route))).toEqual([]);
    expect(Object.keys(doc.paths)).not.toContain("/api/messages");
  });

  it("gives every operation a summary and its responses", () => {
    for (const route of routes) {
      const operation = operationOf(route)!;
      expect(operation.summary, `${route.method} ${route.url}`).toBeTruthy();
      expect(Object.keys(operation.responses ?? {}).length, `${route.method} ${route.url}`).toBeGreaterThan(0);
    }
  });

  it("declares what each route answers on success: a schema with its properties, or no content", () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const where = `${route.method} ${route.url}`;
      const successes = Object.entries(operationOf(route)?.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      if (successes.length === 0) wrong.push(`${where}: no success response`);
      for (const [status, response] of successes) {
        const content = (response as { content?: Record<string, { schema?: Record<string, unknown> }> }).content;
        if (status === "204") {
          if (content) wrong.push(`${where}: 204 with content`);
          continue;
        }
        const json = content?.["application/json"]?.schema;
        if (!json) {
          if (!content?.["text/csv"]?.schema) wrong.push(`${where}: ${status} without a JSON schema`);
          continue;
        }
        if (Object.keys(propertiesOf(json)).length === 0) wrong.push(`${where}: ${status} names no properties`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("documents each route's path, query and header parameters with their schemas", () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const where = `${route.method} ${route.url}`;
      const schema = schemas.get(where);
      const parameters = operationOf(route)?.parameters ?? [];
      const pathNames = [...route.url.matchAll(/:(\w+)/g)].map((match) => match[1]!);
      for (const name of pathNames) {
        const parameter = parameters.find((candidate) => candidate.in === "path" && candidate.name === name);
        if (!parameter?.schema || parameter.required !== true) wrong.push(`${where}: path parameter ${name}`);
        else if (!sameSchema(parameter.schema, propertiesOf(schema?.params)[name])) wrong.push(`${where}: path ${name} schema differs`);
      }
      for (const [place, source] of [
        ["query", schema?.querystring],
        ["header", schema?.headers],
      ] as const) {
        for (const [name, property] of Object.entries(propertiesOf(source))) {
          const parameter = parameters.find((candidate) => candidate.in === place && candidate.name === name);
          if (!parameter?.schema) wrong.push(`${where}: ${place} parameter ${name} missing`);
          else if (!sameSchema(parameter.schema, property)) wrong.push(`${where}: ${place} ${name} schema differs`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("documents each route's request body with the schema it validates against", () => {
    const wrong: string[] = [];
    let bodies = 0;
    for (const route of routes) {
      const where = `${route.method} ${route.url}`;
      const body = schemas.get(where)?.body as Record<string, unknown> | undefined;
      const documented = operationOf(route)?.requestBody?.content?.["application/json"]?.schema;
      if (!body) {
        if (documented) wrong.push(`${where}: documents a body it does not take`);
        continue;
      }
      bodies += 1;
      if (!documented) {
        wrong.push(`${where}: body not documented`);
        continue;
      }
      if (JSON.stringify(Object.keys(propertiesOf(documented)).sort()) !== JSON.stringify(Object.keys(propertiesOf(body)).sort())) wrong.push(`${where}: body properties differ`);
      const required = (schema: unknown) => JSON.stringify([...((schema as { required?: string[] }).required ?? [])].sort());
      if (required(documented) !== required(body)) wrong.push(`${where}: required body fields differ`);
      if ((documented as { additionalProperties?: unknown }).additionalProperties !== body.additionalProperties) wrong.push(`${where}: additionalProperties differs`);
    }
    expect(bodies).toBeGreaterThan(20);
    expect(wrong).toEqual([]);
  });

  it("resolves every $ref inside the document", () => {
    const refs = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") {
        for (const [key, inner] of Object.entries(value)) {
          if (key === "$ref" && typeof inner === "string") refs.add(inner);
          else walk(inner);
        }
      }
    };
    walk(doc.paths);
    expect(refs.size).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components?.schemas?.[ref.replace("#/components/schemas/", "")], ref).toBeDefined();
    }
  });

  it("marks only the public routes as needing no token", () => {
    const open = routes.filter((route) => (operationOf(route)?.security ?? [{}]).length === 0).map((route) => `${route.method} ${route.url}`);
    expect(open.sort()).toEqual(["GET /api/health", "POST /api/dev/token"]);
  });
});
