import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit } from "../test-support/bot-test-kit.js";
import { parseQuestion } from "./why-cant-i.js";

let kit: BotTestKit;
let owner: ChatUser;
let mia: ChatUser;
let max: ChatUser;

beforeAll(async () => {
  kit = await startBotTestKit();
  owner = await kit.user("t-role", "owner-1", "Olive Owner");
  mia = await kit.user("t-role", "mia", "Mia Member");
  max = await kit.user("t-role", "max", "Max Member");
});
afterAll(() => kit.close());

describe("my role", () => {
  it("shows the Owner's role and configuration rights", async () => {
    const said = await owner.say("my role");
    expect(said.text).toContain("Your role: Owner");
    expect(said.text).toContain("leads: create (all), read (all), update (all), delete (all), assign (all), export (all)");
    expect(said.text).toContain("manage users and roles");
  });

  it("shows a Member's own-scope rights and no configuration", async () => {
    const said = await mia.say("My Role");
    expect(said.text).toContain("Your role: Member");
    expect(said.text).toContain("leads: create (all), read (own), update (own), delete (own), export (own)");
    expect(said.text).toContain("You may not change the configuration.");
  });
});

describe("why can't I <action> <entity>", () => {
  it("parses actions, entities, record ids and configuration questions", () => {
    expect(parseQuestion("assign leads")).toEqual({ kind: "record", action: "assign", entity: "lead" });
    expect(parseQuestion("see case 0000000000000000001?")).toEqual({ kind: "record", action: "read", entity: "case", id: "0000000000000000001" });
    expect(parseQuestion("manage forms")).toEqual({ kind: "config", permission: "forms" });
    expect(() => parseQuestion("fly")).toThrow(/Ask like this/);
  });

  it("gives a Member the policy's reason, word for word", async () => {
    const said = await mia.say("why can't I assign leads");
    expect(said.text).toContain("You cannot");
    expect(said.text).toContain("Because no role of this user (Member) allows assign on leads.");
    const curly = await mia.say("Why can’t I manage users?");
    expect(curly.text).toContain("no role of this user (Member) may manage users and roles");
  });

  it("says yes with the granting role when allowed", async () => {
    const said = await owner.say("why cant i delete opportunities");
    expect(said.text).toContain("You can");
    expect(said.text).toContain("role Owner allows delete on all opportunities");
    expect((await mia.say("why can i create leads")).text).toContain("role Member allows create on all leads");
  });

  it("explains one record, and hides records the caller may not read", async () => {
    await max.say("new lead Maxs Lead");
    const id = String((await owner.say("lead Maxs Lead")).text.match(/Id: ([0-9a-z]{19})/)![1]);
    expect((await mia.say(`why can't I update lead ${id}`)).text).toContain("That lead does not exist or you do not have access to it.");
    expect((await max.say(`why can't I update lead ${id}`)).text).toContain("role Member allows update on their own leads and this lead is their own");
    expect((await owner.say(`why can't I update lead ${id}`)).text).toContain("this lead is owned by someone else");
  });

  it("answers nonsense with how to ask", async () => {
    expect((await mia.say("why can't I")).text).toContain("Ask like this");
    expect((await mia.say("why can't I fly to the moon")).text).toContain("Ask like this");
    expect((await mia.say(`why can't I ${"a".repeat(300)}`)).text).toContain("Ask like this");
  });
});
