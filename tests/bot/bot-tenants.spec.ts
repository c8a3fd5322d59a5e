/** The bot applies the same tenant allow-list and id normalisation as the API's token verifier. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { startChannelRecorder } from "./channel-recorder.js";
import type { ChannelRecorder } from "./channel-recorder.js";
import { configRowKeys } from "../support/stored-rows.js";

const allowed = "11111111-2222-3333-4444-555555555555";
let server: TestServer;
let channel: ChannelRecorder;

beforeAll(async () => {
  channel = await startChannelRecorder();
  server = await startTestServer({
    extend: async (app, services) => {
      await registerBot(app, services, { auth: {}, startSender: false, allowedTenants: [allowed] });
    },
  });
});
afterAll(async () => {
  await server?.close();
  await channel?.close();
});

const activity = (tenantId: string, aadObjectId: string, id: string) => ({
  type: "message",
  id,
  timestamp: new Date().toISOString(),
  channelId: "msteams",
  serviceUrl: channel.url,
  from: { id: `29:${aadObjectId}`, aadObjectId, name: "Someone" },
  recipient: { id: "28:crm-bot", name: "CRM" },
  conversation: { id: `a:personal-${aadObjectId}`, conversationType: "personal", tenantId },
  channelData: { tenant: { id: tenantId } },
  text: "my role",
});

const post = async (body: unknown) => {
  const response = await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.text() };
};

describe("tenants in chat", () => {
  it("refuses an organisation outside ALLOWED_TENANTS before anything is stored or answered", async () => {
    const before = channel.sent.length;
    const response = await post(activity("99999999-9999-9999-9999-999999999999", "AAAA-user", "act-1"));
    expect(response.status).toBe(403);
    expect(response.body).toContain("not available to your organisation");
    expect(channel.sent.length).toBe(before);
    expect(await configRowKeys(server.services.store, "99999999-9999-9999-9999-999999999999")).toEqual([]);
  });

  it("treats ids in any letter case as the same lowercase user", async () => {
    expect((await post(activity(allowed.toUpperCase(), "ABCDEF01-USER", "act-2"))).status).toBe(200);
    expect(await server.services.actors.user(allowed, "abcdef01-user")).toBeDefined();
    expect(await server.services.actors.user(allowed.toUpperCase(), "ABCDEF01-USER")).toBeUndefined();
  });
});
