import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit, submitActions } from "../test-support/bot-test-kit.js";
import { myRecordsPageSize } from "./my-records.js";

let kit: BotTestKit;
let owner: ChatUser;
let member: ChatUser;

beforeAll(async () => {
  kit = await startBotTestKit();
  owner = await kit.user("t-mine", "owner-1", "Olive Owner");
  member = await kit.user("t-mine", "member-1", "Mia Member");
  const { actors, records } = kit.services;
  const asMember = (await actors.resolve({ tenantId: "t-mine", userId: "member-1", displayName: "Mia Member" })).actor;
  const asOwner = (await actors.resolve({ tenantId: "t-mine", userId: "owner-1", displayName: "Olive Owner" })).actor;
  for (let index = 0; index < myRecordsPageSize + 3; index += 1) await records.create(asMember, "lead", { name: `Member lead ${String(index).padStart(2, "0")}`, company: "Contoso" });
  await records.create(asOwner, "lead", { name: "Owner lead" });
  await records.create(asMember, "opportunity", { name: "Member deal", amount: 1000 });
  await records.create(asOwner, "case", { title: "Owner case" });
});
afterAll(() => kit.close());

describe("my leads / my opportunities / my cases", () => {
  it("pages a Member's own leads with a More action that continues", async () => {
    const first = await member.say("my leads");
    expect(first.text).toContain("Your leads");
    expect(first.text).toContain("Member lead");
    expect(first.text).not.toContain("Owner lead");
    const more = submitActions(first.cards[0]!).find((action) => action.title === "More");
    expect(more?.data).toMatchObject({ crm: "more", entity: "lead" });
    const second = await member.submit(more!.data);
    expect(second.text).toContain("Your leads (continued)");
    expect(second.text).toContain("Member lead");
    expect(second.text).not.toContain("Owner lead");
    const openButtons = submitActions(first.cards[0]!).filter((action) => action.title === "Open");
    const seen = [...submitActions(first.cards[0]!), ...submitActions(second.cards[0]!)].filter((action) => action.title === "Open");
    expect(openButtons).toHaveLength(myRecordsPageSize);
    expect(new Set(seen.map((action) => action.data.text)).size).toBe(myRecordsPageSize + 3);
  });

  it("shows an Owner only the leads they own too (it is 'my' leads)", async () => {
    const said = await owner.say("My Leads");
    expect(said.text).toContain("Owner lead");
    expect(said.text).not.toContain("Member lead");
  });

  it("lists opportunities and cases, and says when there are none", async () => {
    expect((await member.say("my opportunities")).text).toContain("Member deal");
    expect((await member.say("my cases")).text).toContain("You have no cases yet.");
    expect((await owner.say("my cases")).text).toContain("Owner case");
  });

  it("refuses a tampered More action", async () => {
    expect((await member.submit({ crm: "more", entity: "lead'; drop", token: "x" })).text).toContain("This card is out of date");
    expect((await member.submit({ crm: "more", entity: "lead" })).text).toContain("This card is out of date");
    expect((await member.submit({ crm: "nonsense" })).text).toContain("This card is out of date");
  });
});
