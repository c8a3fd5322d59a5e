import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "./command.js";
import { cardReply } from "./chat-turn.js";
import { adaptiveCard, paragraph } from "../cards/adaptive-card.js";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { executeActions, startBotTestKit } from "../test-support/bot-test-kit.js";

/** A command that fails the way a bug or an outage would: a plain Error with internals in its message. */
const brokenCommand: Command = {
  name: "explode",
  usage: "explode",
  summary: "Fails on purpose (test only).",
  run: async () => {
    throw new Error("ECONNRESET at TableClient.getEntity (/srv/node_modules/@azure/data-tables/dist/index.js:123)");
  },
};

/** A command that changes something and answers with a card that says nothing of how it may be shared. */
const carelessCommand: Command = {
  name: "careless",
  usage: "careless",
  summary: "Answers with a card that names no view (test only).",
  run: async () => [cardReply(adaptiveCard([paragraph("Secret Deal is worth 1,000,000.")]), "Secret Deal")],
};

let kit: BotTestKit;
let owner: ChatUser;

beforeAll(async () => {
  kit = await startBotTestKit([brokenCommand, carelessCommand]);
  owner = await kit.user("t-engine", "owner-1", "Olive Owner");
});
afterAll(() => kit.close());

describe("chat engine", () => {
  it("handles a replayed activity (same id) once", async () => {
    const first = await owner.send({ id: "replayed-1", text: "new lead Only Once" });
    expect(first.text).toContain("Lead: Only Once");
    const replay = await owner.send({ id: "replayed-1", text: "new lead Only Once" });
    expect(replay.activities).toHaveLength(0);
    const list = await owner.say("find Only Once");
    expect(list.text.match(/Only Once/g)?.length).toBe(2); // the title "Results for" and one record
  });

  it("turns an unexpected failure into a short card with a reference, never the error's text", async () => {
    const said = await owner.say("explode");
    expect(said.text).toContain("Something went wrong");
    const reference = said.text.match(/Reference: ([0-9a-f]{8})/)?.[1];
    expect(reference).toBeDefined();
    expect(said.text).not.toMatch(/ECONNRESET|node_modules|TableClient|index\.js/);
    expect(kit.logged.some((entry) => entry.message.includes(reference!) && String(entry.error).includes("ECONNRESET"))).toBe(true);
  });

  it("refuses a conversation that carries no Entra identity", async () => {
    const said = await owner.send({ from: { id: "29:anonymous", name: "Someone" } });
    expect(said.text).toContain("I cannot tell who you are");
  });

  it("keeps the personal chat's reference for proactive messages", async () => {
    const reference = await kit.core.conversations.get("t-engine", { kind: "user", userId: "owner-1" });
    expect(reference?.serviceUrl).toBe("https://channel.invalid/");
    expect(reference?.conversation?.id).toMatch(/^personal-owner-1-/);
  });
});

describe("chat engine in a group chat", () => {
  let inGroup: ChatUser;
  beforeAll(async () => {
    inGroup = await kit.user("t-engine", "owner-1", "Olive Owner", { groupChatId: "19:group-engine@thread.v2" });
  });

  it("posts what carries nothing about any record as it is, its buttons answering each presser in place", async () => {
    const said = await inGroup.say("my leds");
    expect(said.text).toContain("I did not understand that");
    const [suggestion] = executeActions(said.cards[0]!).filter((action) => action.title === "my leads");
    expect(suggestion).toMatchObject({ verb: "press", data: { crm: "command", text: "my leads" } });
    const pressed = await inGroup.invoke(suggestion!.verb, suggestion!.data);
    expect(pressed.text).toContain("Your leads");
    expect(pressed.sent).toEqual([]);
  });

  it("shows nobody an answer that does not say how it may be shared (deny by default)", async () => {
    const said = await inGroup.say("careless");
    expect(said.text).toContain("Not shown here");
    expect(JSON.stringify(said.activities)).not.toMatch(/Secret Deal|1,000,000/);
  });

  it("handles a replayed card press once", async () => {
    const lead = await kit.services.records.create((await kit.services.actors.resolve({ tenantId: "t-engine", userId: "owner-1", displayName: "Olive Owner" })).actor, "lead", {
      name: "Pressed Once",
    });
    const press = { crm: "addNote", entity: "lead", id: lead.record.id, note: "Once" };
    expect((await inGroup.invoke("press", press, { id: "press-1" })).text).toContain('Your note is on the lead "Pressed Once".');
    expect((await inGroup.invoke("press", press, { id: "press-1" })).text).toContain("Lead: Pressed Once");
    const asOwner = (await kit.services.actors.resolve({ tenantId: "t-engine", userId: "owner-1", displayName: "Olive Owner" })).actor;
    expect((await kit.services.records.listNotes(asOwner, "lead", lead.record.id, 10)).items).toHaveLength(1);
  });
});
