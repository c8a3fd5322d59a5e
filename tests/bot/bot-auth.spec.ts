/** With BOT_ID configured, /api/messages demands Bot Framework authentication (checked before any network call). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    extend: async (app, services) =>
      void (await registerBot(app, services, { auth: { appId: "00000000-0000-0000-0000-000000000001", password: "not-a-secret", type: "MultiTenant" }, startSender: false })),
  });
});
afterAll(() => server.close());

describe("POST /api/messages with a registered bot", () => {
  it("refuses an activity without a Bot Framework token", async () => {
    const response = await fetch(`${server.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        type: "message",
        id: "x",
        channelId: "msteams",
        serviceUrl: "http://127.0.0.1:9/",
        from: { id: "29:a", aadObjectId: "a" },
        conversation: { id: "c", tenantId: "t" },
        recipient: { id: "28:b" },
        text: "help",
      }),
    });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toMatch(/at .*\.js/);
  });

  it("does not offer the bot route in the REST API description", async () => {
    const response = await fetch(`${server.url}/api/openapi.json`);
    const description = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(description.paths)).not.toContain("/api/messages");
  });
});
