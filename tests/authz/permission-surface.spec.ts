/**
 * Every route with the requirement it declares, as a reviewed snapshot: a change
 * to who may do what shows up as a diff of __snapshots__/permission-surface.txt.
 * The declaration is what one hook enforces (shared/src/api/authorize.ts), so the
 * snapshot lists what is enforced, not a label beside it.
 * Also: every non-public /api route refuses a request without a valid token.
 *
 * Fastify hides a route's `config` from printRoutes and an `onRoute` hook added
 * after the routes never sees them, so the routes are listed from printRoutes and
 * each one's config is read from `request.routeOptions` while calling it unsigned.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// Brings in the declaration of `config.requires` on Fastify routes (a module augmentation).
import type {} from "../../shared/src/api/authorize.js";
import { describeRequirement } from "@crm/shared/policy";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { routesOf } from "../support/routes.js";

/** The only /api routes a client may call without a bearer token. */
const publicApiRoutes = ["GET /api/health", "GET /api/openapi.json", "POST /api/dev/token", "POST /api/messages"];

interface Seen {
  url: string;
  permission: string | undefined;
  public: boolean;
}

let server: TestServer;
const seen = new Map<string, Seen>();

beforeAll(async () => {
  server = await startTestServer({
    extend: async (app) => {
      app.addHook("onResponse", async (request) => {
        const { url, config } = request.routeOptions;
        if (url) seen.set(`${request.method} ${url}`, { url, permission: config?.requires && describeRequirement(config.requires), public: config?.requires?.kind === "public" });
      });
    },
  });
});
afterAll(async () => {
  await server?.close();
});

const sampleParams: Record<string, string> = { id: "0".repeat(19), entity: "lead", userId: "someone", roleId: "some-role", stageId: "some-stage" };
const concrete = (url: string) => url.replace(/:([A-Za-z]+)/g, (_, name: string) => sampleParams[name] ?? "x");

describe("permission surface", () => {
  let routes: { method: string; url: string }[];

  beforeAll(async () => {
    routes = routesOf(server.app.printRoutes({ commonPrefix: false }));
    for (const route of routes) {
      const body = ["POST", "PUT", "PATCH"].includes(route.method) ? {} : undefined;
      await server.call(route.method, concrete(route.url), body === undefined ? {} : { body });
    }
  });

  it("finds the routes in Fastify's tree", () => {
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) expect(server.app.hasRoute(route), `${route.method} ${route.url}`).toBe(true);
    expect(routes).toContainEqual({ method: "PATCH", url: "/api/leads/:id" });
    expect(routes).toContainEqual({ method: "DELETE", url: "/api/config/pipelines/:id/stages/:stageId" });
  });

  it("names a permission on every route", () => {
    const missing = routes.filter((route) => !seen.get(`${route.method} ${route.url}`)?.permission);
    expect(missing).toEqual([]);
  });

  it("matches the reviewed snapshot", async () => {
    const lines = [...routes]
      .sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method))
      .map((route) => {
        const info = seen.get(`${route.method} ${route.url}`);
        return `${route.method.padEnd(6)} ${route.url.padEnd(44)} ${info?.permission ?? "(none)"}${info?.public ? " [no token]" : ""}`;
      });
    await expect(`${lines.join("\n")}\n`).toMatchFileSnapshot("./__snapshots__/permission-surface.txt");
  });

  it("marks as public only the health, OpenAPI, dev sign-in and bot routes, and the tab", () => {
    const publicRoutes = routes.filter((route) => seen.get(`${route.method} ${route.url}`)?.public).map((route) => `${route.method} ${route.url}`);
    for (const route of publicRoutes) {
      if (route.split(" ")[1]!.startsWith("/api/")) expect(publicApiRoutes, route).toContain(route);
    }
  });

  it("refuses every other /api route without a token, or with a bad one, with 401", async () => {
    const guarded = routes.filter((route) => route.url.startsWith("/api/") && !publicApiRoutes.includes(`${route.method} ${route.url}`));
    expect(guarded.length).toBeGreaterThan(40);
    const wrong: string[] = [];
    for (const route of guarded) {
      const body = ["POST", "PUT", "PATCH"].includes(route.method) ? { name: "x" } : undefined;
      const attempts: Record<string, string>[] = [{}, { authorization: "Bearer not.a.token" }, { authorization: "Basic dXNlcjpwYXNz" }, { authorization: "Bearer " }];
      for (const headers of attempts) {
        const response = await server.call(route.method, concrete(route.url), { headers, ...(body ? { body } : {}) });
        if (response.status !== 401 || response.body?.error?.code !== "unauthenticated") {
          wrong.push(`${route.method} ${route.url} with ${JSON.stringify(headers)}: ${response.status} ${response.text.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("refuses a token signed by another key", async () => {
    const token = await server.tokenFor("surface", "someone");
    const [header, payload] = token.split(".");
    const forged = `${header}.${payload}.${Buffer.from("not the signature").toString("base64url")}`;
    const response = await server.call("GET", "/api/me", { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), tid: "other" })).toString("base64url")}.${token.split(".")[2]}`;
    expect((await server.call("GET", "/api/me", { headers: { authorization: `Bearer ${tampered}` } })).status).toBe(401);
    expect((await server.call("GET", "/api/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
