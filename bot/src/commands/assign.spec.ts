import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrmRecord } from "@crm/shared/domain";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit, submitActions } from "../test-support/bot-test-kit.js";
import { parseAssignArguments } from "./assign.js";

let kit: BotTestKit;
let owner: ChatUser;
let mia: ChatUser;
let max: ChatUser;
let lead: CrmRecord;

const pendingNotifications = async (userId: string) => {
  const rows: Record<string, unknown>[] = [];
  for await (const row of kit.services.store.table("work").listEntities({ queryOptions: { filter: `PartitionKey eq 't-assign|notify|u-${userId}'` } })) rows.push(row);
  return rows;
};

beforeAll(async () => {
  kit = await startBotTestKit();
  owner = await kit.user("t-assign", "owner-1", "Olive Owner");
  mia = await kit.user("t-assign", "mia", "Mia Member");
  max = await kit.user("t-assign", "max", "Max Member");
  const asOwner = (await kit.services.actors.resolve({ tenantId: "t-assign", userId: "owner-1", displayName: "Olive" })).actor;
  lead = (await kit.services.records.create(asOwner, "lead", { name: "Hand Over Ltd" })).record;
  await mia.say("new lead Mias Own Lead");
});
afterAll(() => kit.close());

describe("assign [record] to [user]", () => {
  it("parses the record, its entity and the user", () => {
    expect(parseAssignArguments("lead Hand Over Ltd to Mia Member")).toEqual({ entity: "lead", record: "Hand Over Ltd", user: "Mia Member" });
    expect(parseAssignArguments("Acme to Tom to Max")).toEqual({ record: "Acme to Tom", user: "Max" });
  });

  it("lets the Owner assign by name; the new owner is notified once", async () => {
    const said = await owner.say("assign lead Hand Over Ltd to Mia Member");
    expect(said.text).toContain('The lead "Hand Over Ltd" now belongs to Mia Member. They will be notified.');
    expect((await mia.say(`lead ${lead.id}`)).text).toContain("Hand Over Ltd");
    const rows = await pendingNotifications("mia");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: "New lead for you", text: 'Olive Owner assigned you the lead "Hand Over Ltd".', state: "pending", recordId: lead.id });
  });

  it("refuses a Member with the policy's reason, before looking anything up", async () => {
    const said = await mia.say("assign lead Mias Own Lead to Max Member");
    expect(said.text).toContain("Not allowed");
    expect(said.text).toContain("no role of this user (Member) allows assign on leads");
    const unknown = await mia.say("assign lead Does Not Exist to Nobody");
    expect(unknown.text).toContain("no role of this user (Member) allows assign on leads");
    expect((await max.say("my leads")).text).not.toContain("Mias Own Lead");
  });

  it("refuses a Member's card-button assign with the policy's reason", async () => {
    const list = await mia.say("my leads");
    const open = submitActions(list.cards[0]!).find((action) => action.title === "Open" && String(action.data.text).startsWith("lead "))!;
    const said = await mia.submit({ crm: "assign", entity: "lead", id: String(open.data.text).slice("lead ".length), ownerId: "max" });
    expect(said.text).toContain("no role of this user (Member) allows assign on leads");
    expect((await max.say("my leads")).text).toContain("You have no leads yet.");
  });

  it("answers bad arguments plainly", async () => {
    expect((await owner.say("assign")).text).toContain("Write: assign [lead, opportunity or case] [id or name] to [user].");
    expect((await owner.say("assign lead Hand Over Ltd")).text).toContain("Write: assign");
    expect((await owner.say("assign lead to Mia")).text).toContain("Write: assign");
    expect((await owner.say("assign lead Hand Over Ltd to Nobody Here")).text).toContain('Nobody active in your organisation is called "Nobody Here"');
    expect((await owner.say("assign lead No Such Lead to Mia Member")).text).toContain("That lead does not exist");
    expect((await owner.say("assign lead x' or '1' eq '1 to Mia Member")).text).toContain("That lead does not exist");
    expect((await owner.say(`assign lead ${"x".repeat(250)} to Mia`)).text).toContain("at most 200 characters");
  });

  it("finds a record without its entity word, by id", async () => {
    const said = await owner.say(`assign ${lead.id} to max`);
    expect(said.text).toContain("now belongs to Max Member");
  });
});
