import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultForm } from "@crm/shared/domain";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit, submitActions } from "../test-support/bot-test-kit.js";
import { parseLeadArguments } from "./new-lead.js";

let kit: BotTestKit;
let owner: ChatUser;
let member: ChatUser;

beforeAll(async () => {
  kit = await startBotTestKit();
  owner = await kit.user("t-new", "owner-1", "Olive Owner");
  member = await kit.user("t-new", "member-1", "Mia Member");
});
afterAll(() => kit.close());

const inputIds = (card: unknown): string[] =>
  JSON.stringify(card)
    .match(/"id":"f_[a-zA-Z0-9]+"/g)
    ?.map((match) => match.slice(8, -1)) ?? [];

describe("new lead", () => {
  it("parses name, company and email with commas, or an email among words", () => {
    expect(parseLeadArguments("Ada Lovelace, Analytical Engines, ada@engines.test")).toEqual({ name: "Ada Lovelace", company: "Analytical Engines", email: "ada@engines.test" });
    expect(parseLeadArguments("Ada Lovelace ada@engines.test")).toEqual({ name: "Ada Lovelace", email: "ada@engines.test" });
    expect(parseLeadArguments("")).toEqual({});
  });

  it("creates the lead for a Member, owned by them", async () => {
    const said = await member.say("new lead Ada Lovelace, Analytical Engines, ada@engines.test");
    expect(said.text).toContain("Lead: Ada Lovelace");
    expect(said.text).toContain("Owner: Mia Member");
    expect((await member.say("my leads")).text).toContain("Ada Lovelace");
  });

  it("opens a form when the name is missing, and the form creates the lead", async () => {
    const said = await member.say("new lead");
    expect(said.text).toContain("New lead");
    expect(inputIds(said.cards[0])).toEqual(["name", "company", "email"]);
    const create = submitActions(said.cards[0]!).find((action) => action.title === "Create lead")!;
    const created = await member.submit({ ...create.data, f_name: "Charles Babbage", f_company: "Difference Ltd" });
    expect(created.text).toContain("Lead: Charles Babbage");
  });

  it("asks for the fields an Owner made required", async () => {
    const fields = defaultForm("lead").map((field) => (field.key === "source" || field.key === "phone" ? { ...field, required: true } : field));
    const ownerActor = (await kit.services.actors.resolve({ tenantId: "t-new", userId: "owner-1", displayName: "Olive Owner" })).actor;
    await kit.services.configuration.putForm(ownerActor, "lead", fields);
    const said = await member.say("new lead Grace Hopper, Navy");
    expect(said.text).toContain("Some required details are missing");
    expect(inputIds(said.cards[0])).toEqual(["name", "company", "email", "phone", "source"]);
    expect(JSON.stringify(said.cards[0])).toContain('"value":"Grace Hopper"');
    const create = submitActions(said.cards[0]!).find((action) => action.title === "Create lead")!;
    const wrong = await member.submit({ ...create.data, f_name: "Grace Hopper", f_phone: "call me", f_source: "Web" });
    expect(wrong.text).toContain("Please complete or correct");
    expect(wrong.text).toContain("Phone must be a phone number.");
    const right = await member.submit({ ...create.data, f_name: "Grace Hopper", f_phone: "+1 555 0100", f_source: "Web" });
    expect(right.text).toContain("Lead: Grace Hopper");
    expect(right.text).toContain("Source: Web");
    await kit.services.configuration.putForm(ownerActor, "lead", defaultForm("lead"));
  });

  it("shows problems with bad values instead of creating", async () => {
    const said = await owner.say("new lead Bad Email, Acme, not-an-email@");
    expect(said.text).toContain("Email must be an email address.");
    expect((await owner.say("new lead a, b, c, d")).text).toContain("Write at most: name, company, email.");
    expect((await owner.say(`new lead ${"n".repeat(1200)}`)).text).toContain("too long");
  });

  it("stores OData metacharacters as plain text", async () => {
    const said = await member.say("new lead O'Hara' or '1' eq '1, Quote's Co");
    expect(said.text).toContain("Lead: O'Hara' or '1' eq '1");
    expect((await member.say("lead O'Hara")).text).toContain("Quote's Co");
  });

  it("refuses a role without create, with the policy's reason", async () => {
    const ownerActor = (await kit.services.actors.resolve({ tenantId: "t-new", userId: "owner-1", displayName: "Olive Owner" })).actor;
    const viewer = await kit.services.configuration.saveRole(ownerActor, {
      name: "Viewer",
      description: "Reads own leads only",
      entities: {
        lead: { create: "none", read: "own", update: "none", delete: "none", assign: "none", export: "none" },
        opportunity: { create: "none", read: "none", update: "none", delete: "none", assign: "none", export: "none" },
        case: { create: "none", read: "none", update: "none", delete: "none", assign: "none", export: "none" },
      },
      config: [],
      fields: {},
    });
    const viewerUser = await kit.user("t-new", "viewer-1", "Vic Viewer");
    const stored = await kit.services.actors.user("t-new", "viewer-1");
    await kit.services.configuration.updateUser(ownerActor, "viewer-1", { roleIds: [viewer.id] }, stored!.etag);
    const said = await viewerUser.say("new lead Someone");
    expect(said.text).toContain("Not allowed");
    expect(said.text).toContain("no role of this user (Viewer) allows create on leads");
    expect((await viewerUser.say("help")).text).not.toContain("new lead");
  });
});
