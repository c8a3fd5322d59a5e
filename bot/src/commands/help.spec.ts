import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardBytes, maxCardBytes } from "../cards/adaptive-card.js";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit } from "../test-support/bot-test-kit.js";

let kit: BotTestKit;
let owner: ChatUser;
let member: ChatUser;

beforeAll(async () => {
  kit = await startBotTestKit();
  owner = await kit.user("t-help", "owner-1", "Olive Owner");
  member = await kit.user("t-help", "member-1", "Mia Member");
});
afterAll(() => kit.close());

describe("help", () => {
  it("lists every command for an Owner, as an Adaptive Card 1.5", async () => {
    const said = await owner.say("help");
    expect(said.cards).toHaveLength(1);
    expect(said.cards[0]!.version).toBe("1.5");
    expect(cardBytes(said.cards[0]!)).toBeLessThan(maxCardBytes);
    expect(said.text).toContain("Olive Owner (Owner)");
    for (const usage of ["my leads", "new lead", "assign [record] to [user]", "pipeline", "forecast", "my role", "announcements on|off", "why can't I"]) {
      expect(said.text).toContain(usage);
    }
  });

  it("leaves out what a Member may not do (assign, announcements)", async () => {
    const said = await member.say("help");
    expect(said.text).toContain("Mia Member (Member)");
    expect(said.text).toContain("my leads");
    expect(said.text).not.toContain("assign <record>");
    expect(said.text).not.toContain("announcements");
  });

  it("is case-insensitive, ignores the bot's @mention and answers an empty message with help", async () => {
    expect((await member.say("  HeLp  ")).text).toContain("what you can do here");
    expect((await member.say("<at>CRM</at> help")).text).toContain("what you can do here");
    expect((await member.say("")).text).toContain("what you can do here");
  });

  it("suggests the nearest command on a typo, with a button that runs it", async () => {
    const said = await member.say("my laeds");
    expect(said.text).toContain("Did you mean **my leads**?");
    expect(said.cards[0]!.actions?.[0]).toMatchObject({ type: "Action.Submit", data: { crm: "command", text: "my leads" } });
    expect((await member.say("halp")).text).toContain("Did you mean **help**?");
    expect((await member.say("pipelnie")).text).toContain("Did you mean **pipeline**?");
  });

  it("says so when nothing is near, and refuses an oversize message", async () => {
    expect((await member.say("tell me a joke about databases")).text).toContain("is not a command I know");
    expect((await member.say(`find ${"x".repeat(2000)}`)).text).toContain("That message is too long");
  });
});
