import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe("the one server", () => {
  it("reports health with storage", async () => {
    const response = await server.call("GET", "/api/health");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ok", storage: "ok" });
  });

  it("makes the first user of a tenant its Owner and later users Members", async () => {
    const first = await server.call("GET", "/api/me", { as: { tenantId: "smoke", userId: "founder" } });
    const second = await server.call("GET", "/api/me", { as: { tenantId: "smoke", userId: "joiner" } });
    expect(first.body.roles.map((role: { id: string }) => role.id)).toEqual(["owner"]);
    expect(second.body.roles.map((role: { id: string }) => role.id)).toEqual(["member"]);
  });

  it("refuses a request without a token", async () => {
    const response = await server.call("GET", "/api/leads");
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("unauthenticated");
  });
});
