/** Roles over HTTP carry ETags: a change made with a stale one answers 412 instead of overwriting someone else's. */
import { configPermissions } from "@crm/shared/vocabulary";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const owner = { tenantId: "roles-api", userId: "owner" };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.call("GET", "/api/me", { as: owner });
});
afterAll(async () => {
  await server?.close();
});

describe("roles API", () => {
  it("gives custom roles their ETag (in the list, and as a header on a save); built-in roles have none", async () => {
    const created = await server.call("POST", "/api/roles", { as: owner, body: { name: "Analyst", template: "data-analyst" } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.etag).toBeTruthy();
    expect(created.headers.get("etag")).toBe(created.body.etag);
    const list = await server.call("GET", "/api/roles", { as: owner });
    const analyst = list.body.items.find((role: { id: string }) => role.id === created.body.id);
    expect(analyst.etag).toBe(created.body.etag);
    expect(list.body.items.filter((role: { builtIn: boolean; etag?: string }) => role.builtIn && role.etag !== undefined)).toEqual([]);
  });

  it("answers 412 to a change sent with a stale If-Match, and takes the current one", async () => {
    const created = await server.call("POST", "/api/roles", { as: owner, body: { name: "Support", template: "customer-service-rep" } });
    const first = await server.call("PUT", `/api/roles/${created.body.id}`, {
      as: owner,
      body: { name: "Support", fields: { case: { priority: "read" } } },
      headers: { "if-match": created.body.etag },
    });
    expect(first.status, first.text).toBe(200);
    expect(first.body.etag).not.toBe(created.body.etag);
    expect(first.headers.get("etag")).toBe(first.body.etag);

    const stale = await server.call("PUT", `/api/roles/${created.body.id}`, {
      as: owner,
      body: { name: "Support", fields: { case: { priority: "hidden" } } },
      headers: { "if-match": created.body.etag },
    });
    expect(stale.status).toBe(412);
    const kept = await server.call("GET", "/api/roles", { as: owner });
    expect(kept.body.items.find((role: { id: string }) => role.id === created.body.id).fields.case).toEqual({ priority: "read" });

    const current = await server.call("PUT", `/api/roles/${created.body.id}`, {
      as: owner,
      body: { name: "Support", fields: { case: { priority: "hidden" } } },
      headers: { "if-match": first.body.etag },
    });
    expect(current.status, current.text).toBe(200);
  });

  it("takes a role with every configuration permission there is", async () => {
    const created = await server.call("POST", "/api/roles", { as: owner, body: { name: "Administrator", config: [...configPermissions] } });
    expect(created.status, created.text).toBe(201);
    expect([...created.body.config].sort()).toEqual([...configPermissions].sort());
  });
});
