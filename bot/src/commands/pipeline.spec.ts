/** pipeline and forecast: the same opportunities, summed within the caller's scope. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit } from "../test-support/bot-test-kit.js";

let kit: BotTestKit;
let owner: ChatUser;
let mia: ChatUser;
let max: ChatUser;

beforeAll(async () => {
  kit = await startBotTestKit();
  owner = await kit.user("t-sum", "owner-1", "Olive Owner");
  mia = await kit.user("t-sum", "mia", "Mia Member");
  max = await kit.user("t-sum", "max", "Max Member");
  const actor = async (userId: string) => (await kit.services.actors.resolve({ tenantId: "t-sum", userId, displayName: userId })).actor;
  const asMia = await actor("mia");
  const asMax = await actor("max");
  await kit.services.records.create(asMia, "opportunity", { name: "Mia A", amount: 10_000, stageId: "proposal", closeDate: "2027-01-15" });
  await kit.services.records.create(asMia, "opportunity", { name: "Mia B", amount: 20_000, stageId: "prospecting", closeDate: "2027-02-01" });
  await kit.services.records.create(asMia, "opportunity", { name: "Mia Won", amount: 5_000, stageId: "won", closeDate: "2027-01-20" });
  await kit.services.records.create(asMax, "opportunity", { name: "Max A", amount: 1_000_000, stageId: "negotiation", closeDate: "2027-01-10" });
});
afterAll(() => kit.close());

describe("pipeline", () => {
  it("sums a Member's own opportunities per stage, weighted by probability", async () => {
    const said = await mia.say("pipeline");
    expect(said.text).toContain("Your own opportunities.");
    expect(said.text).toContain("Prospecting (1): 20,000 · weighted 2,000");
    expect(said.text).toContain("Proposal (1): 10,000 · weighted 5,000");
    expect(said.text).toContain("Closed won (1): 5,000 · weighted 5,000");
    expect(said.text).toContain("Weighted open: 7,000");
    expect(said.text).toContain("Won: 5,000");
    expect(said.text).not.toContain("1,000,000");
  });

  it("sums everything for the Owner", async () => {
    const said = await owner.say("PIPELINE");
    expect(said.text).toContain("All opportunities of your organisation.");
    expect(said.text).toContain("Negotiation (1): 1,000,000 · weighted 750,000");
    expect(said.text).toContain("Weighted open: 757,000");
  });

  it("says when there is nothing to sum", async () => {
    const fresh = await kit.user("t-sum-empty", "owner-2", "Another Owner");
    expect((await fresh.say("pipeline")).text).toContain("No opportunities yet.");
  });
});

describe("forecast", () => {
  it("groups a Member's open opportunities by close month, with what was won", async () => {
    const said = await mia.say("forecast");
    expect(said.text).toContain("2027-01 (1 open): weighted 5,000 of 10,000 · won 5,000");
    expect(said.text).toContain("2027-02 (1 open): weighted 2,000 of 20,000");
    expect(said.text).not.toContain("750,000");
  });

  it("includes everyone's for the Owner, months in order", async () => {
    const said = await owner.say("forecast");
    expect(said.text).toContain("2027-01 (2 open): weighted 755,000 of 1,010,000 · won 5,000");
    expect(said.text.indexOf("2027-01")).toBeLessThan(said.text.indexOf("2027-02"));
  });

  it("ignores trailing words rather than failing", async () => {
    expect((await max.say("forecast please")).text).toContain("2027-01 (1 open): weighted 750,000 of 1,000,000");
  });
});
