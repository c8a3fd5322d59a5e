/**
 * Who is asking comes only from the authenticated activity's Entra ids
 * (`from.aadObjectId` and the tenant), through the real route and CloudAdapter.
 * `from.id` is a Teams MRI the client addresses people by, never an identity:
 * an activity that has one but no aadObjectId is refused and reads nothing.
 * Only the Teams channel vouches for those ids: an activity from another Bot
 * Framework channel (Web Chat, Direct Line: their client writes `from` and
 * `channelData`), or whose conversation and channelData name different tenants,
 * is refused the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { shownText, startChannelRecorder } from "./channel-recorder.js";
import type { ChannelRecorder } from "./channel-recorder.js";
import { configRowKeys } from "../support/stored-rows.js";

const tenantId = "tenant-bot-identity";
const owner = { aadObjectId: "owner-oid", name: "Olive Owner" };
let server: TestServer;
let channel: ChannelRecorder;
let sequence = 0;

beforeAll(async () => {
  channel = await startChannelRecorder();
  server = await startTestServer({ extend: async (app, services) => void (await registerBot(app, services, { auth: {}, startSender: false })) });
  const { actor } = await server.services.actors.resolve({ tenantId, userId: owner.aadObjectId, displayName: owner.name });
  await server.services.records.create(actor, "lead", { name: "Grace Hopper", company: "Navy" });
});
afterAll(async () => {
  await server?.close();
  await channel?.close();
});

/** An activity whose sender has a Teams id but no Entra object id. */
function withoutEntraId(tenant: string, fromId: string, extra: Record<string, unknown>) {
  sequence += 1;
  return {
    type: "message",
    id: `no-oid-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: channel.url,
    from: { id: fromId, name: "Someone" },
    recipient: { id: "28:crm-bot", name: "CRM" },
    conversation: { id: `a:personal-${fromId}`, conversationType: "personal", tenantId: tenant },
    channelData: { tenant: { id: tenant } },
    ...extra,
  };
}

async function post(body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

describe("an activity without an Entra object id", () => {
  it("is told the bot cannot tell who it is, even when its Teams id is a known user's object id", async () => {
    const before = channel.sent.length;
    expect((await post(withoutEntraId(tenantId, owner.aadObjectId, { text: "my leads" }))).status).toBe(200);
    const replies = channel.sent.slice(before).map((entry) => shownText(entry.body));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("I cannot tell who you are");
    expect(replies.join("\n")).not.toMatch(/Grace Hopper|Navy|Your leads/);
  });

  it("creates no user and no tenant", async () => {
    const newTenant = "tenant-bot-identity-new";
    expect((await post(withoutEntraId(newTenant, "29:1stranger", { text: "help" }))).status).toBe(200);
    expect((await post(withoutEntraId(tenantId, "29:1stranger", { text: "help" }))).status).toBe(200);
    expect(await configRowKeys(server.services.store, newTenant)).toEqual([]);
    expect(await server.services.actors.user(tenantId, "29:1stranger")).toBeUndefined();
    expect((await server.services.configuration.listUsers(tenantId)).map((user) => user.userId)).toEqual([owner.aadObjectId]);
  });

  it("gets the same refusal for a card action, as the invoke's answer", async () => {
    const invoke = withoutEntraId(tenantId, owner.aadObjectId, {
      type: "invoke",
      name: "adaptiveCard/action",
      value: { action: { type: "Action.Execute", verb: "view", data: { crm: "command", text: "my leads" } }, trigger: "manual" },
    });
    const before = channel.sent.length;
    const response = await post(invoke);
    expect(response.status).toBe(200);
    const shown = shownText({ attachments: [{ content: response.body.value }] });
    expect(shown).toContain("I cannot tell who you are");
    expect(shown).not.toContain("Grace Hopper");
    expect(channel.sent.length).toBe(before);
  });
});

describe("an activity Teams did not vouch for", () => {
  const asOwner = (extra: Record<string, unknown>) => ({
    ...withoutEntraId(tenantId, "29:owner", { text: "my leads" }),
    from: { id: "29:owner", aadObjectId: owner.aadObjectId, name: owner.name },
    ...extra,
  });

  it("from another channel than Teams, naming a known user's object id, reads nothing", async () => {
    for (const channelId of ["directline", "webchat", "emulator"]) {
      const before = channel.sent.length;
      expect((await post(asOwner({ channelId }))).status).toBe(200);
      const replies = channel.sent.slice(before).map((entry) => shownText(entry.body));
      expect(replies.join("\n"), channelId).toContain("I cannot tell who you are");
      expect(replies.join("\n"), channelId).not.toMatch(/Grace Hopper|Navy|Your leads/);
    }
  });

  it("whose conversation and channelData name different tenants, reads nothing and joins nobody", async () => {
    const other = "tenant-bot-identity-other";
    for (const [conversationTenant, dataTenant] of [
      [other, tenantId],
      [tenantId, other],
    ]) {
      const activity = asOwner({});
      const before = channel.sent.length;
      const forged = { ...activity, conversation: { ...activity.conversation, tenantId: conversationTenant }, channelData: { tenant: { id: dataTenant } } };
      expect((await post(forged)).status).toBe(200);
      const replies = channel.sent.slice(before).map((entry) => shownText(entry.body));
      expect(replies.join("\n")).toContain("I cannot tell who you are");
      expect(replies.join("\n")).not.toMatch(/Grace Hopper|Navy|Your leads/);
    }
    expect(await configRowKeys(server.services.store, other)).toEqual([]);
  });

  it("is still answered from Teams with matching tenants", async () => {
    const before = channel.sent.length;
    expect((await post(asOwner({}))).status).toBe(200);
    expect(
      channel.sent
        .slice(before)
        .map((entry) => shownText(entry.body))
        .join("\n"),
    ).toContain("Grace Hopper");
  });
});
