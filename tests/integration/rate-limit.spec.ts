import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readServerConfig } from "../../server/src/config.js";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: { ...readServerConfig({}), port: 0, inMemoryStorage: true, rateLimitPerMinute: 5 } });
});
afterAll(async () => {
  await server.close();
});

describe("rate limit per signed-in user", () => {
  it("answers 429 with Retry-After past the limit, for that user only", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await server.call("GET", "/api/me", { as: "busy" })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await server.call("GET", "/api/me", { as: "busy" });
    expect(limited.body.error.code).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await server.call("GET", "/api/me", { as: "calm" })).status).toBe(200);
  });
});
