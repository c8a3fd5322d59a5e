import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrmRecord } from "@crm/shared/domain";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit, submitActions } from "../test-support/bot-test-kit.js";

let kit: BotTestKit;
let owner: ChatUser;
let mia: ChatUser;
let max: ChatUser;
let miasDeal: CrmRecord;
let maxsCase: CrmRecord;

const notificationsFor = async (userId: string) => {
  const rows: Record<string, unknown>[] = [];
  for await (const row of kit.services.store.table("work").listEntities({ queryOptions: { filter: `PartitionKey eq 't-act|notify|u-${userId}'` } })) rows.push(row);
  return rows;
};
const action = (said: { cards: unknown[] }, title: string) => submitActions(said.cards[0] as never).find((candidate) => candidate.title === title)!;

beforeAll(async () => {
  kit = await startBotTestKit();
  owner = await kit.user("t-act", "owner-1", "Olive Owner");
  mia = await kit.user("t-act", "mia", "Mia Member");
  max = await kit.user("t-act", "max", "Max Member");
  const actor = async (userId: string) => (await kit.services.actors.resolve({ tenantId: "t-act", userId, displayName: userId })).actor;
  miasDeal = (await kit.services.records.create(await actor("mia"), "opportunity", { name: "Mia Deal", amount: 100 })).record;
  maxsCase = (await kit.services.records.create(await actor("max"), "case", { title: "Max Case", status: "New" })).record;
});
afterAll(() => kit.close());

describe("card actions", () => {
  it("changes a stage from the detail card; the owner hears when someone else moved it to won", async () => {
    const detail = await mia.say(`opportunity ${miasDeal.id}`);
    const save = action(detail, "Save");
    expect(save.data).toMatchObject({ crm: "setStage", id: miasDeal.id });
    const moved = await mia.submit({ ...save.data, stageId: "proposal" });
    expect(moved.text).toContain("Stage: Proposal");
    expect(await notificationsFor("mia")).toHaveLength(0);

    const ownerView = await owner.say(`opportunity ${miasDeal.id}`);
    const won = await owner.submit({ ...action(ownerView, "Save").data, stageId: "won" });
    expect(won.text).toContain("Stage: Closed won");
    const rows = await notificationsFor("mia");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: "Deal won", text: '"Mia Deal" moved to Closed won.' });
  });

  it("refuses a stale card: someone changed the record meanwhile", async () => {
    const stale = await mia.say(`opportunity ${miasDeal.id}`);
    await owner.submit({ ...action(await owner.say(`opportunity ${miasDeal.id}`), "Save").data, stageId: "negotiation" });
    const said = await mia.submit({ ...action(stale, "Save").data, stageId: "lost" });
    expect(said.text).toContain("Changed meanwhile");
  });

  it("changes a case's status; an escalation notifies its owner", async () => {
    const detail = await owner.say(`case ${maxsCase.id}`);
    const status = submitActions(detail.cards[0]!).find((candidate) => candidate.data.crm === "setStatus")!;
    const said = await owner.submit({ ...status.data, status: "Escalated" });
    expect(said.text).toContain("Status: Escalated");
    expect(await notificationsFor("max")).toEqual([expect.objectContaining({ title: "Case escalated", text: 'The case "Max Case" was escalated.' })]);
    const invalid = await owner.submit({ ...submitActions(said.cards[0]!).find((candidate) => candidate.data.crm === "setStatus")!.data, status: "Exploded" });
    expect(invalid.text).toContain("Status must be one of");
  });

  it("adds a note; refuses an empty or oversize one", async () => {
    const detail = await max.say(`case ${maxsCase.id}`);
    const note = submitActions(detail.cards[0]!).find((candidate) => candidate.data.crm === "addNote")!;
    expect((await max.submit({ ...note.data, note: "Called the customer" })).text).toContain('Your note is on the case "Max Case".');
    expect((await max.submit({ ...note.data, note: "   " })).text).toContain("A note is required.");
    expect((await max.submit({ ...note.data, note: "n".repeat(2001) })).text).toContain("at most 2000 characters");
  });

  it("gives a Member not found for another Member's record, whatever the card says", async () => {
    expect((await mia.submit({ crm: "addNote", entity: "case", id: maxsCase.id, note: "sneaky" })).text).toContain("That case does not exist");
    expect((await mia.submit({ crm: "setStatus", entity: "case", id: maxsCase.id, etag: "x", status: "Closed" })).text).toContain("That case does not exist");
    expect((await mia.submit({ crm: "setStatus", entity: "case'", id: maxsCase.id, status: "Closed" })).text).toContain("This card is out of date");
    expect((await mia.submit({ crm: "setStatus", entity: "case", id: "../../x", status: "Closed" })).text).toContain("This card is out of date");
  });

  it("assigns from the card for the Owner, listing only active users", async () => {
    const detail = await owner.say(`case ${maxsCase.id}`);
    const json = JSON.stringify(detail.cards[0]);
    expect(json).toContain('"title":"Mia Member","value":"mia"');
    const assign = submitActions(detail.cards[0]!).find((candidate) => candidate.data.crm === "assign")!;
    expect((await owner.submit({ ...assign.data, ownerId: "mia" })).text).toContain("now belongs to Mia Member");
    expect((await owner.submit({ ...assign.data, ownerId: "ghost" })).text).toContain("Changed meanwhile");
  });
});
