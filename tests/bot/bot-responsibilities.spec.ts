/**
 * `who does <task>` and `my responsibilities` through the real route and CloudAdapter:
 * the same chart the tab shows, names only, the Owners where the chart names nobody.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { shownText, startChannelRecorder } from "./channel-recorder.js";
import type { ChannelRecorder } from "./channel-recorder.js";

const tenantId = "tenant-bot-raci";
let server: TestServer;
let channel: ChannelRecorder;
let sequence = 0;

beforeAll(async () => {
  channel = await startChannelRecorder();
  server = await startTestServer({ extend: async (app, services) => void (await registerBot(app, services, { auth: {}, startSender: false })) });
  const { actor: owner } = await server.services.actors.resolve({ tenantId, userId: "owner-oid", displayName: "Olive Owner" });
  const analysts = await server.services.configuration.saveRole(owner, { name: "Analysts", template: "data-analyst" });
  await server.services.configuration.addUser(owner, { userId: "ana-oid", displayName: "Ana Analyst", roleIds: [analysts.id] });
  await server.services.configuration.addUser(owner, { userId: "mia-oid", displayName: "Mia Member" });
});
afterAll(async () => {
  await server?.close();
  await channel?.close();
});

async function say(aadObjectId: string, text: string): Promise<string> {
  sequence += 1;
  const id = `raci-${sequence}`;
  const from = channel.sent.length;
  const response = await fetch(`${server.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "message",
      id,
      timestamp: new Date().toISOString(),
      channelId: "msteams",
      serviceUrl: channel.url,
      from: { id: `29:${aadObjectId}`, aadObjectId, name: aadObjectId },
      recipient: { id: "28:crm-bot", name: "CRM" },
      conversation: { id: `a:personal-${aadObjectId}`, conversationType: "personal", tenantId },
      channelData: { tenant: { id: tenantId } },
      text,
    }),
  });
  expect(response.status).toBe(200);
  await channel.waitFor(() => channel.repliesTo(id, from).length > 0);
  return channel
    .repliesTo(id, from)
    .map((entry) => shownText(entry.body))
    .join("\n");
}

describe("who does <task>", () => {
  it("tells a Member who is Responsible and Accountable for data cleanup, with the roles", async () => {
    const answer = await say("mia-oid", "who does data cleanup");
    expect(answer).toContain("Responsible: Ana Analyst (Data Analyst)");
    expect(answer).toContain("Accountable: Olive Owner (as Owners: the chart names nobody) (CRM Manager)");
    expect(answer).toContain("Consulted: Sales Ops Lead, Marketing Manager");
    expect(answer).toContain("Informed: Everyone");
    expect(answer).not.toMatch(/-oid/);
  });

  it("finds a task by part of its name, and answers an unknown one with the list of tasks", async () => {
    expect(await say("mia-oid", "Who does lead follow-up?")).toContain("Lead follow-up:");
    const unknown = await say("mia-oid", "who does the dishes");
    expect(unknown).toContain("Ask like this: who does data cleanup.");
    expect(unknown).toContain("Data cleanup, Lead follow-up, Pipeline stage updates");
  });
});

describe("my responsibilities", () => {
  it("lists the caller's tasks with their letters, and the Accountable's due reviews", async () => {
    const ana = await say("ana-oid", "my responsibilities");
    expect(ana).toContain("Data cleanup: Responsible, Informed");
    expect(ana).toContain("Pipeline stage updates: Informed");
    expect(ana).toContain("Lead source tracking: Consulted");
    const owner = await say("owner-oid", "my responsibilities");
    expect(owner).toContain("System configuration: Accountable, Informed (its quarterly review is due)");
    expect(owner).toContain("Access reviews: Accountable (its quarterly review is due)");
  });
});
