import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrmRecord } from "@crm/shared/domain";
import { cardBytes, maxCardBytes } from "../cards/adaptive-card.js";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { actionTitles, startBotTestKit } from "../test-support/bot-test-kit.js";

let kit: BotTestKit;
let owner: ChatUser;
let mia: ChatUser;
let miasLead: CrmRecord;
let maxsLead: CrmRecord;
let deal: CrmRecord;

beforeAll(async () => {
  kit = await startBotTestKit();
  owner = await kit.user("t-show", "owner-1", "Olive Owner");
  mia = await kit.user("t-show", "mia", "Mia Member");
  await kit.user("t-show", "max", "Max Member");
  const actor = async (userId: string) => (await kit.services.actors.resolve({ tenantId: "t-show", userId, displayName: userId })).actor;
  miasLead = (await kit.services.records.create(await actor("mia"), "lead", { name: "O'Brien Ltd", company: "Irish Imports", status: "New" })).record;
  maxsLead = (await kit.services.records.create(await actor("max"), "lead", { name: "Secret Max Lead", company: "Hidden Corp" })).record;
  deal = (await kit.services.records.create(await actor("mia"), "opportunity", { name: "Big Deal", amount: 50_000 })).record;
  await kit.services.records.create(await actor("owner-1"), "case", { title: "Printer on fire", priority: "High" });
});
afterAll(() => kit.close());

describe("lead | opportunity | case <id or name>", () => {
  it("shows a Member their own lead by name, with status and note actions but no assign", async () => {
    const said = await mia.say("lead O'Brien");
    expect(said.text).toContain("Lead: O'Brien Ltd");
    expect(said.text).toContain("Company: Irish Imports");
    expect(actionTitles(said.cards[0]!)).toEqual(["Change status", "Add note"]);
    expect(cardBytes(said.cards[0]!)).toBeLessThan(maxCardBytes);
  });

  it("answers not found when a Member asks for another Member's lead, by id or by name", async () => {
    const byId = await mia.say(`lead ${maxsLead.id}`);
    expect(byId.text).toContain("Not found");
    expect(byId.text).toContain("That lead does not exist or you do not have access to it.");
    expect(byId.text).not.toContain("Hidden Corp");
    const byName = await mia.say("lead Secret Max");
    expect(byName.text).toContain("That lead does not exist or you do not have access to it.");
    // Exactly what a missing lead looks like.
    expect((await mia.say("lead 0000000000000000000")).text).toBe(byId.text);
  });

  it("shows the Owner anyone's record with the assign action", async () => {
    const said = await owner.say(`LEAD ${maxsLead.id}`);
    expect(said.text).toContain("Secret Max Lead");
    expect(said.text).toContain("Owner: Max Member");
    expect(actionTitles(said.cards[0]!)).toEqual(["Change status", "Add note", "Assign"]);
  });

  it("shows an opportunity's stage by name and offers a stage change", async () => {
    const said = await mia.say("opportunity big deal");
    expect(said.text).toContain("Stage: Prospecting");
    expect(said.text).toContain("Amount: 50,000");
    expect(actionTitles(said.cards[0]!)).toEqual(["Change stage", "Add note"]);
    expect((await mia.say(`opportunity ${deal.id}`)).text).toContain("Big Deal");
  });

  it("finds a case by title; a Member cannot see the Owner's case", async () => {
    expect((await owner.say("case printer")).text).toContain("Priority: High");
    expect((await mia.say("case printer")).text).toContain("That case does not exist");
  });

  it("lists candidates when several records match", async () => {
    await owner.say("new lead Twin A");
    await owner.say("new lead Twin B");
    const said = await owner.say("lead twin");
    expect(said.text).toContain('Several leads match "twin"');
    expect(said.text).toContain("Twin A");
    expect(said.text).toContain("Twin B");
  });

  it("refuses empty and oversize names, and treats OData metacharacters as text", async () => {
    expect((await mia.say("lead")).text).toContain("Name the lead");
    expect((await mia.say(`lead ${"n".repeat(300)}`)).text).toContain("at most 200 characters");
    expect((await mia.say("lead x' or '1' eq '1")).text).toContain("That lead does not exist");
    expect((await mia.say("lead ' or PartitionKey ne '")).text).toContain("That lead does not exist");
    expect((await mia.say("lead Secret' or titleLower ge '")).text).not.toContain("Hidden Corp");
    expect(miasLead.id).toMatch(/^[0-9a-z]{19}$/);
  });
});
