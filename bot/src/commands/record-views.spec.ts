/**
 * Field rules in the bot's cards: every card shows a record as its reader's
 * roles allow, the record's name included. A hidden name reads "a lead" (never
 * an id), and nobody finds records by a name they may not see.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@crm/shared/policy";
import type { CrmRecord } from "@crm/shared/domain";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit, submitActions } from "../test-support/bot-test-kit.js";

const tenantId = "t-fields";
let kit: BotTestKit;
let owner: ChatUser;
let nameless: ChatUser;
let asOwner: Actor;
let grace: CrmRecord;
let deal: CrmRecord;

beforeAll(async () => {
  kit = await startBotTestKit();
  owner = await kit.user(tenantId, "owner-1", "Olive Owner");
  asOwner = (await kit.services.actors.resolve({ tenantId, userId: "owner-1", displayName: "Olive Owner" })).actor;
  // Works every record, but may not see leads' names and emails, nor opportunities' amounts.
  const role = await kit.services.configuration.saveRole(asOwner, {
    name: "Admin without names",
    template: "administrator",
    fields: { lead: { name: "hidden", email: "hidden" }, opportunity: { amount: "hidden" } },
  });
  await kit.services.configuration.addUser(asOwner, { userId: "nina", displayName: "Nina Noname", roleIds: [role.id] });
  nameless = await kit.user(tenantId, "nina", "Nina Noname");
  grace = (await kit.services.records.create(asOwner, "lead", { name: "Grace Hopper", company: "Navy", email: "grace@navy.test", ownerId: "nina" })).record;
  deal = (await kit.services.records.create(asOwner, "opportunity", { name: "Apollo contract", amount: 1_000_000, ownerId: "nina" })).record;
});
afterAll(() => kit.close());

const json = (said: { cards: unknown[]; activities: { summary?: string }[] }) => JSON.stringify(said.cards) + said.activities.map((activity) => activity.summary ?? "").join("\n");

describe("a record's card for a reader whose roles hide some fields", () => {
  it("names the lead neutrally and leaves the hidden fields out, everywhere on the card", async () => {
    const said = await nameless.say(`lead ${grace.id}`);
    expect(said.text).toContain("Your role does not show this lead's name.");
    expect(said.text).toContain("Company: Navy");
    expect(json(said)).not.toMatch(/Grace Hopper|grace@navy\.test/);
    // The Owner sees it all.
    const full = await owner.say(`lead ${grace.id}`);
    expect(full.text).toContain("Lead: Grace Hopper");
    expect(full.text).toContain("Email: grace@navy.test");
  });

  it("lists the reader's records as 'A lead', not by a name or an id", async () => {
    const said = await nameless.say("my leads");
    expect(said.text).toContain("A lead");
    expect(json(said)).not.toContain("Grace Hopper");
    expect(said.text).not.toContain(grace.id);
    const deals = await nameless.say("my opportunities");
    expect(deals.text).toContain("Apollo contract");
    expect(json(deals)).not.toMatch(/1,000,000|1000000/);
  });

  it("refuses to look up or search by a name the reader may not see, saying why", async () => {
    const lookup = await nameless.say("lead Grace");
    expect(lookup.text).toContain("Your role does not show the names of leads, so I cannot look one up by name.");
    expect(json(lookup)).not.toContain("Grace Hopper");
    const found = await nameless.say("find Apollo");
    expect(found.text).toContain("Apollo contract");
    const search = await nameless.say("find Grace");
    expect(search.text).toContain("Your role does not show the names of leads, so they were not searched.");
    expect(json(search)).not.toContain("Grace Hopper");
  });

  it("says what a note or an assignment was about without the hidden name", async () => {
    const detail = await nameless.say(`lead ${grace.id}`);
    const note = submitActions(detail.cards[0]!).find((action) => action.data.crm === "addNote")!;
    const noted = await nameless.submit({ ...note.data, note: "Called" });
    expect(noted.text).toContain("Your note is on this lead.");
    const assigned = await nameless.say(`assign lead ${grace.id} to Olive Owner`);
    expect(assigned.text).toContain("This lead now belongs to Olive Owner.");
    expect(json(noted) + json(assigned)).not.toContain("Grace Hopper");
    const byName = await nameless.say("assign lead Grace to Olive Owner");
    expect(byName.text).toContain("Your role does not show the names of leads");
  });

  it("keeps the amount out of a deal's card for a reader who may not see it", async () => {
    const said = await nameless.say(`opportunity ${deal.id}`);
    expect(said.text).toContain("Opportunity: Apollo contract");
    expect(json(said)).not.toMatch(/1,000,000|1000000|Amount/);
  });
});
