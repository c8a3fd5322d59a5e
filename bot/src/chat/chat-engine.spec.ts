import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "./command.js";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit } from "../test-support/bot-test-kit.js";

/** A command that fails the way a bug or an outage would: a plain Error with internals in its message. */
const brokenCommand: Command = {
  name: "explode",
  usage: "explode",
  summary: "Fails on purpose (test only).",
  run: async () => {
    throw new Error("ECONNRESET at TableClient.getEntity (/srv/node_modules/@azure/data-tables/dist/index.js:123)");
  },
};

let kit: BotTestKit;
let owner: ChatUser;

beforeAll(async () => {
  kit = await startBotTestKit([brokenCommand]);
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
