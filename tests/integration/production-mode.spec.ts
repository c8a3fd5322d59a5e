import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DevTokenIssuer } from "@crm/shared";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { readServerConfig } from "../../server/src/config.js";

let server: TestServer;
beforeAll(async () => {
  const entra = readServerConfig({ AAD_APP_CLIENT_ID: "00000000-0000-0000-0000-000000000001", AAD_APP_OAUTH_AUTHORITY_HOST: "http://127.0.0.1:9" }).entra;
  expect(entra).toBeDefined();
  server = await startTestServer({ config: { ...readServerConfig({}), port: 0, inMemoryStorage: true, entra: entra! } });
});
afterAll(async () => {
  await server.close();
});

describe("production mode (an Entra app is configured)", () => {
  it("has no dev sign-in endpoint", async () => {
    const response = await server.call("POST", "/api/dev/token", { body: { tenantId: "t", userId: "u", displayName: "U" } });
    expect(response.status).toBe(404);
    expect(server.devIssuer).toBeUndefined();
  });

  it("refuses a token from a dev issuer", async () => {
    const foreign = await (await DevTokenIssuer.create()).issue({ tenantId: "t", userId: "u", displayName: "U" });
    const response = await server.call("GET", "/api/me", { headers: { authorization: `Bearer ${foreign}` } });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("unauthenticated");
    expect(response.text).not.toMatch(/jwks|JWS|jose|ECONNREFUSED/i);
  });
});
