import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit } from "../test-support/bot-test-kit.js";

let kit: BotTestKit;
let owner: ChatUser;
let mia: ChatUser;
let max: ChatUser;

beforeAll(async () => {
  kit = await startBotTestKit();
  owner = await kit.user("t-find", "owner-1", "Olive Owner");
  mia = await kit.user("t-find", "mia", "Mia Member");
  max = await kit.user("t-find", "max", "Max Member");
  await mia.say("new lead Contoso Lead, Contoso");
  await max.say("new lead Contoso Rival, Contoso");
  await owner.say("new lead Contoso Owner");
  const asMia = (await kit.services.actors.resolve({ tenantId: "t-find", userId: "mia", displayName: "Mia" })).actor;
  await kit.services.records.create(asMia, "opportunity", { name: "Contoso renewal" });
  await kit.services.records.create(asMia, "case", { title: "Contoso outage" });
});
afterAll(() => kit.close());

describe("find", () => {
  it("searches a Member's own leads, opportunities and cases only", async () => {
    const said = await mia.say("find contoso");
    expect(said.text).toContain("Contoso Lead");
    expect(said.text).toContain("Contoso renewal");
    expect(said.text).toContain("Contoso outage");
    expect(said.text).not.toContain("Contoso Rival");
    expect(said.text).not.toContain("Contoso Owner");
  });

  it("searches everything for the Owner", async () => {
    const said = await owner.say("Find Contoso");
    for (const name of ["Contoso Lead", "Contoso Rival", "Contoso Owner", "Contoso renewal"]) expect(said.text).toContain(name);
  });

  it("refuses empty and oversize searches", async () => {
    expect((await mia.say("find")).text).toContain("Tell me what to look for");
    expect((await mia.say("find    ")).text).toContain("Tell me what to look for");
    expect((await mia.say(`find ${"c".repeat(101)}`)).text).toContain("at most 100 characters");
  });

  it("treats quotes and ' or ' as text: no widening of the filter", async () => {
    for (const attack of ["contoso' or '1' eq '1", "' or PartitionKey ne '", "x' or ownerId eq 'max", "contoso\u0027)", "contoso or 1 eq 1"]) {
      const said = await mia.say(`find ${attack}`);
      expect(said.text).not.toContain("Contoso Rival");
      expect(said.text).not.toContain("Contoso Owner");
    }
    expect((await mia.say("find contoso' or '1' eq '1")).text).toContain("Nothing you may see matches");
  });
});
