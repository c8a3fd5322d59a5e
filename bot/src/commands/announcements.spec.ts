import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit } from "../test-support/bot-test-kit.js";

let kit: BotTestKit;
let ownerInChannel: ChatUser;
let memberInChannel: ChatUser;
let ownerInPersonal: ChatUser;
const channelId = "19:sales@thread.tacv2";

beforeAll(async () => {
  kit = await startBotTestKit();
  ownerInPersonal = await kit.user("t-ann", "owner-1", "Olive Owner");
  ownerInChannel = await kit.user("t-ann", "owner-1", "Olive Owner", { channelId });
  memberInChannel = await kit.user("t-ann", "mia", "Mia Member", { channelId });
});
afterAll(() => kit.close());

describe("announcements on|off", () => {
  it("lets an Owner turn won-deal announcements on in a channel, stored for proactive posts", async () => {
    expect((await ownerInChannel.say("<at>CRM</at> announcements on")).text).toContain("I will post won deals in this channel.");
    const channels = await kit.core.conversations.announcementChannels("t-ann");
    expect(channels).toEqual([{ kind: "channel", channelId }]);
    const reference = await kit.core.conversations.get("t-ann", { kind: "channel", channelId });
    expect(reference?.conversation?.id).toBe(channelId);
  });

  it("posts a won deal to the channel (queued for the sender)", async () => {
    const owner = (await kit.services.actors.resolve({ tenantId: "t-ann", userId: "owner-1", displayName: "Olive Owner" })).actor;
    const deal = await kit.services.records.create(owner, "opportunity", { name: "Enterprise deal", amount: 250_000 });
    await kit.services.records.update(owner, "opportunity", deal.record.id, deal.record.etag, { stageId: "won" });
    const rows: Record<string, unknown>[] = [];
    for await (const row of kit.services.store.table("work").listEntities({ queryOptions: { filter: "tenantId eq 't-ann' and kind eq 'notification'" } })) rows.push(row);
    // Everyone in the channel reads it: no name, amount or owner; each reader opens the deal under their own roles.
    expect(rows).toEqual([
      expect.objectContaining({ title: "Deal won", text: "An opportunity was won.", entity: "opportunity", recordId: deal.record.id, recipient: JSON.stringify({ kind: "channel", channelId }) }),
    ]);
  });

  it("refuses a Member with the policy's reason", async () => {
    const said = await memberInChannel.say("announcements off");
    expect(said.text).toContain("no role of this user (Member) may configure workflows");
    expect(await kit.core.conversations.announcementChannels("t-ann")).toHaveLength(1);
  });

  it("refuses outside a channel and bad arguments", async () => {
    expect((await ownerInPersonal.say("announcements on")).text).toContain("Announcements are set in a channel");
    expect((await ownerInChannel.say("announcements maybe")).text).toContain("Write: announcements on, or announcements off.");
  });

  it("turns them off again", async () => {
    expect((await ownerInChannel.say("announcements off")).text).toContain("I will no longer post in this channel.");
    expect(await kit.core.conversations.announcementChannels("t-ann")).toEqual([]);
  });
});
