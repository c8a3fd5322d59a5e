/**
 * Channels and group chats through the real route (CloudAdapter, dev mode): what
 * the bot posts there reaches every member's client, so it carries no record
 * data; each reader's own answer comes back as the response to an
 * `adaptiveCard/action` invoke (Universal Actions), under that reader's roles.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@crm/shared/policy";
import type { CrmRecord } from "@crm/shared/domain";
import { BotNotificationPort, registerBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { shownText, startChannelRecorder } from "./channel-recorder.js";
import type { ChannelRecorder, SentActivity } from "./channel-recorder.js";

const tenantId = "tenant-bot-shared";
type Person = { aadObjectId: string; name: string };
const olive: Person = { aadObjectId: "owner-oid", name: "Olive Owner" };
const mia: Person = { aadObjectId: "member-oid", name: "Mia Member" };
/** Reads everything; her role hides lead emails and opportunity amounts. */
const rita: Person = { aadObjectId: "analyst-oid", name: "Rita Analyst" };
/** Reads everything; her role hides lead names. */
const nia: Person = { aadObjectId: "nameless-oid", name: "Nia Noname" };

const channelId = "19:deals@thread.tacv2";
const inChannel = {
  conversation: { id: `${channelId};messageid=1700000000000`, conversationType: "channel", tenantId, isGroup: true },
  channelData: { tenant: { id: tenantId }, channel: { id: channelId }, team: { id: "19:team@thread.tacv2" } },
};
const inGroupChat = {
  conversation: { id: "19:group-chat-1@thread.v2", conversationType: "groupChat", tenantId, isGroup: true },
  channelData: { tenant: { id: tenantId } },
};

let server: TestServer;
let channel: ChannelRecorder;
let sequence = 0;
let grace: CrmRecord;
let asOlive: Actor;
const notifications = new BotNotificationPort();

const mri = (person: Person) => `29:${person.aadObjectId}`;

function activity(from: Person, extra: Record<string, unknown>) {
  sequence += 1;
  return {
    type: "message",
    id: `shared-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: channel.url,
    from: { id: mri(from), aadObjectId: from.aadObjectId, name: from.name },
    recipient: { id: "28:crm-bot", name: "CRM" },
    conversation: { id: `a:personal-${from.aadObjectId}`, conversationType: "personal", tenantId },
    channelData: { tenant: { id: tenantId } },
    ...extra,
  };
}

async function post(body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Says something where `where` is; returns what the bot posted there for everyone. */
async function say(from: Person, text: string, where: Record<string, unknown> = inChannel): Promise<SentActivity[]> {
  const before = channel.sent.length;
  const mention = { entities: [{ type: "mention", mentioned: { id: "28:crm-bot", name: "CRM" }, text: "<at>CRM</at>" }] };
  expect((await post(activity(from, { text: `<at>CRM</at> ${text}`, ...mention, ...where }))).status).toBe(200);
  return channel.sent.slice(before);
}

/** An `adaptiveCard/action` invoke, as Teams sends it for a press ("manual") or a refresh it makes by itself ("automatic"). */
async function invoke(from: Person, action: { verb: string; data: unknown }, options: { trigger?: "manual" | "automatic"; id?: string; where?: Record<string, unknown> } = {}) {
  const before = channel.sent.length;
  const body = activity(from, {
    type: "invoke",
    name: "adaptiveCard/action",
    ...(options.id ? { id: options.id } : {}),
    value: { action: { type: "Action.Execute", ...action }, trigger: options.trigger ?? "manual" },
    ...(options.where ?? inChannel),
  });
  const response = await post(body);
  return { ...response, card: response.body?.value, text: shownText({ attachments: [{ content: response.body?.value }] }), posted: channel.sent.slice(before) };
}

/** Every Action.Execute (buttons, ShowCards, refresh) and every Action.Submit in a JSON tree. */
function actionsIn(node: unknown, type: "Action.Execute" | "Action.Submit"): { title: string; verb?: string; data: any }[] {
  const found: { title: string; verb?: string; data: any }[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const object = value as Record<string, unknown>;
      if (object.type === type) found.push({ title: String(object.title), verb: object.verb as string | undefined, data: object.data });
      Object.values(object).forEach(walk);
    }
  };
  walk(node);
  return found;
}

const cardOf = (sent: SentActivity) => sent.body.attachments[0].content;
/** What a message shows (text, summary, cards); the envelope around it names only the conversation and the asker. */
const shownJson = (sent: SentActivity) => JSON.stringify({ text: sent.body.text, summary: sent.body.summary, attachments: sent.body.attachments });

beforeAll(async () => {
  channel = await startChannelRecorder();
  server = await startTestServer({
    notifications,
    extend: async (app, services) => {
      await registerBot(app, services, { auth: {}, sender: { pollIntervalMs: 100 }, notifications });
    },
  });
  asOlive = (await server.services.actors.resolve({ tenantId, userId: olive.aadObjectId, displayName: olive.name })).actor;
  await server.services.actors.resolve({ tenantId, userId: mia.aadObjectId, displayName: mia.name });
  const analyst = await server.services.configuration.saveRole(asOlive, {
    name: "Analyst without emails",
    template: "data-analyst",
    fields: { lead: { email: "hidden" }, opportunity: { amount: "hidden" } },
  });
  await server.services.configuration.addUser(asOlive, { userId: rita.aadObjectId, displayName: rita.name, roleIds: [analyst.id] });
  const nameless = await server.services.configuration.saveRole(asOlive, { name: "Analyst without names", template: "data-analyst", fields: { lead: { name: "hidden" } } });
  await server.services.configuration.addUser(asOlive, { userId: nia.aadObjectId, displayName: nia.name, roleIds: [nameless.id] });
  grace = (await server.services.records.create(asOlive, "lead", { name: "Grace Hopper", company: "Navy", email: "grace@navy.test" })).record;
});

afterAll(async () => {
  await server?.close();
  await channel?.close();
});

describe("a question in a channel", () => {
  let posted: SentActivity;

  it("posts a card without any record data, refreshed for the asker only", async () => {
    const sent = await say(olive, "lead grace");
    expect(sent).toHaveLength(1);
    posted = sent[0]!;
    const json = shownJson(posted);
    // The words typed are fine; nothing the record holds is.
    expect(json).not.toMatch(/Grace Hopper|grace@navy\.test|Navy|Olive Owner/);
    expect(actionsIn(posted.body, "Action.Submit")).toEqual([]);
    const card = cardOf(posted);
    expect(card.refresh).toEqual({ action: expect.objectContaining({ type: "Action.Execute", verb: "view" }), userIds: [mri(olive)] });
    expect(card.actions).toEqual([expect.objectContaining({ type: "Action.Execute", title: "Show what I may see", verb: "view" })]);
    expect(shownText(posted.body)).toContain("Each person here sees only what their role allows.");
  });

  it("shows the asker their own answer when Teams refreshes the card for them", async () => {
    const refreshed = await invoke(olive, cardOf(posted).refresh.action, { trigger: "automatic" });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(refreshed.text).toContain("Lead: Grace Hopper");
    expect(refreshed.text).toContain("Email: grace@navy.test");
    expect(refreshed.text).toContain("Owner: Olive Owner");
    // Answered in place, for her only: nothing new in the channel.
    expect(refreshed.posted).toEqual([]);
    expect(actionsIn(refreshed.card, "Action.Submit")).toEqual([]);
    expect(actionsIn(refreshed.card, "Action.Execute").map((action) => action.verb)).toContain("press");
    expect(refreshed.card.refresh.userIds).toEqual([mri(olive)]);
  });

  it("shows everyone else, on pressing the button, only what their own roles allow", async () => {
    const button = cardOf(posted).actions[0];
    const asMia = await invoke(mia, button);
    expect(asMia.text).toContain("That lead does not exist or you do not have access to it.");
    expect(JSON.stringify(asMia.body)).not.toMatch(/Grace Hopper|navy/i);
    const asRita = await invoke(rita, button);
    expect(asRita.text).toContain("Lead: Grace Hopper");
    expect(asRita.text).toContain("Company: Navy");
    expect(JSON.stringify(asRita.body)).not.toContain("grace@navy.test");
    const asNia = await invoke(nia, button);
    expect(asNia.text).toContain("Your role does not show this lead's name.");
    expect(JSON.stringify(asNia.body)).not.toContain("Grace Hopper");
    expect(asNia.text).toContain("Email: grace@navy.test");
  });

  it("keeps a Member's question from showing anyone else's answer to her, or hers to them", async () => {
    const [card] = await say(mia, "my leads");
    expect(shownJson(card!)).not.toContain("Grace Hopper");
    const asOlive = await invoke(olive, cardOf(card!).actions[0]);
    expect(asOlive.text).toContain("Your leads");
    expect(asOlive.text).toContain("Grace Hopper");
  });

  it("answers a search by a name the reader may not see with a plain refusal", async () => {
    const [card] = await say(nia, "find gra");
    const found = await invoke(nia, cardOf(card!).refresh.action, { trigger: "automatic" });
    expect(found.text).toContain("Your role does not show the names of leads, so they were not searched.");
    expect(found.text).not.toContain("Grace Hopper");
    const [lookup] = await say(nia, "lead gra");
    const looked = await invoke(nia, cardOf(lookup!).refresh.action, { trigger: "automatic" });
    expect(looked.text).toContain("Your role does not show the names of leads, so I cannot look one up by name.");
  });
});

describe("changes in a channel", () => {
  it("answer the person who pressed with their updated card, post nothing, and run once per press", async () => {
    const [card] = await say(olive, `lead ${grace.id}`);
    const mine = await invoke(olive, cardOf(card!).refresh.action, { trigger: "automatic" });
    const setStatus = actionsIn(mine.card, "Action.Execute").find((action) => action.data.crm === "setStatus")!;
    const changed = await invoke(olive, { verb: setStatus.verb!, data: { ...setStatus.data, status: "Contacted" } }, { id: "press-status-1" });
    expect(changed.text).toContain("Status: Contacted");
    expect(changed.posted).toEqual([]);

    const addNote = actionsIn(changed.card, "Action.Execute").find((action) => action.data.crm === "addNote")!;
    const press = { verb: addNote.verb!, data: { ...addNote.data, note: "Called her back" } };
    const noted = await invoke(olive, press, { id: "press-note-1" });
    expect(noted.text).toContain('Your note is on the lead "Grace Hopper".');
    // Teams sends the same press again: the note is not added twice; the answer shows where things stand.
    const again = await invoke(olive, press, { id: "press-note-1" });
    expect(again.status).toBe(200);
    expect(again.text).toContain("Lead: Grace Hopper");
    const notes = await server.services.records.listNotes(asOlive, "lead", grace.id, 10);
    expect(notes.items.map((note) => note.text)).toEqual(["Called her back"]);
    expect(noted.posted).toEqual([]);
    expect(again.posted).toEqual([]);
  });

  it("never change anything from a refresh Teams makes by itself, nor from a view", async () => {
    const before = (await server.services.records.get(asOlive, "lead", grace.id)).record;
    const press = { verb: "press", data: { crm: "addNote", entity: "lead", id: grace.id, note: "from a refresh" } };
    const refused = await invoke(olive, press, { trigger: "automatic" });
    expect(refused.text).toContain("This button does something only when you press it.");
    const asView = await invoke(olive, { verb: "view", data: { crm: "setStatus", entity: "lead", id: grace.id, etag: before.etag, status: "Qualified" } }, { trigger: "automatic" });
    expect(asView.text).toContain("This card is out of date.");
    const createAsView = await invoke(olive, { verb: "view", data: { crm: "command", text: "new lead Sneaky Refresh" } }, { trigger: "automatic" });
    expect(createAsView.text).toContain("This card is out of date.");
    const after = (await server.services.records.get(asOlive, "lead", grace.id)).record;
    expect(after.etag).toBe(before.etag);
    expect((await server.services.records.listNotes(asOlive, "lead", grace.id, 10)).items.map((note) => note.text)).not.toContain("from a refresh");
    expect((await server.services.records.list(asOlive, "lead", { search: "Sneaky" })).items).toEqual([]);
  });

  it("answers a card action that names no action with 400, posting nothing", async () => {
    const before = channel.sent.length;
    const response = await post(activity(olive, { type: "invoke", name: "adaptiveCard/action", value: { trigger: "manual" }, ...inChannel }));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, type: "application/vnd.microsoft.error" });
    expect(channel.sent.length).toBe(before);
  });

  it("refuses a press from someone who may not make the change, with no record data", async () => {
    const pressed = await invoke(mia, { verb: "press", data: { crm: "setStatus", entity: "lead", id: grace.id, etag: "x", status: "Lost" } });
    expect(pressed.text).toContain("That lead does not exist or you do not have access to it.");
    expect(JSON.stringify(pressed.body)).not.toMatch(/Grace|Navy/);
  });

  it("creates from a typed command once, and shows the new record only through each reader's view", async () => {
    const sent = await say(olive, "new lead Katherine Johnson, NASA, kj@nasa.test");
    expect(sent).toHaveLength(1);
    const card = cardOf(sent[0]!);
    // The typed words are in the asker's own message anyway; the stored record is not on the card.
    expect(JSON.stringify(card)).not.toMatch(/Olive Owner|Owner:|Status/);
    expect(card.refresh.action.data).toMatchObject({ crm: "show", entity: "lead" });
    const asMia = await invoke(mia, card.actions[0]);
    expect(asMia.text).toContain("does not exist or you do not have access");
    const asOliveNow = await invoke(olive, card.refresh.action, { trigger: "automatic" });
    expect(asOliveNow.text).toContain("Lead: Katherine Johnson");
    expect((await server.services.records.list(asOlive, "lead", { search: "Katherine" })).items).toHaveLength(1);
  });
});

describe("a group chat", () => {
  it("follows the same rule as a channel", async () => {
    const [card] = await say(olive, `lead ${grace.id}`, inGroupChat);
    expect(shownJson(card!)).not.toMatch(/Grace Hopper|grace@navy\.test|Navy/);
    expect(card!.path).toContain(encodeURIComponent("19:group-chat-1@thread.v2"));
    const asRita = await invoke(rita, cardOf(card!).actions[0], { where: inGroupChat });
    expect(asRita.text).toContain("Lead: Grace Hopper");
    expect(asRita.text).not.toContain("grace@navy.test");
  });

  it("keeps personal chat as it was: one reader, the answer itself", async () => {
    const before = channel.sent.length;
    expect((await post(activity(olive, { text: `lead ${grace.id}` }))).status).toBe(200);
    const reply = channel.sent.slice(before)[0]!;
    expect(shownText(reply.body)).toContain("Email: grace@navy.test");
    expect(cardOf(reply).refresh).toBeUndefined();
  });
});

describe("proactive posts to a channel", () => {
  const postedHere = () => channel.sent.filter((entry) => entry.path.startsWith(`/v3/conversations/${encodeURIComponent(channelId)}/activities`) && !entry.path.includes("shared-"));

  it("announce a won deal with no values; each reader opens it under their own roles", async () => {
    await say(olive, "announcements on");
    const deal = await server.services.records.create(asOlive, "opportunity", { name: "Apollo contract", amount: 1_000_000 });
    await server.services.records.update(asOlive, "opportunity", deal.record.id, deal.record.etag, { stageId: "won" });
    await channel.waitFor(() => postedHere().length === 1);
    const announcement = postedHere()[0]!;
    expect(JSON.stringify(announcement.body)).not.toMatch(/Apollo|1,000,000|1000000|Olive Owner/);
    expect(announcement.body.recipient?.name).toBeUndefined();
    expect(shownText(announcement.body)).toContain("An opportunity was won.");
    const card = cardOf(announcement);
    expect(card.refresh).toEqual({ action: expect.objectContaining({ verb: "view", data: { crm: "show", entity: "opportunity", id: deal.record.id } }), userIds: [] });
    const asOliveNow = await invoke(olive, card.actions[0]);
    expect(asOliveNow.text).toContain("Opportunity: Apollo contract");
    expect(asOliveNow.text).toContain("Amount: 1,000,000");
    const asRita = await invoke(rita, card.actions[0]);
    expect(asRita.text).toContain("Opportunity: Apollo contract");
    expect(JSON.stringify(asRita.body)).not.toMatch(/1,000,000|1000000/);
    expect((await invoke(mia, card.actions[0])).text).toContain("That opportunity does not exist or you do not have access to it.");
  });

  it("treat a workflow's channel text as public and add each reader's own view of the record", async () => {
    const before = postedHere().length;
    // As the workflow engine writes it for a channel: field labels, no values.
    await notifications.enqueue({
      tenantId,
      recipient: { kind: "channel", channelId },
      dedupeKey: "workflow-1:grace",
      title: "New lead routed",
      text: "A lead came in: Name (Company).",
      entity: "lead",
      recordId: grace.id,
    });
    await channel.waitFor(() => postedHere().length === before + 1);
    const post = postedHere()[before]!;
    expect(shownText(post.body)).toContain("A lead came in: Name (Company).");
    expect(shownJson(post)).not.toMatch(/Grace|Navy/);
    const button = cardOf(post).actions[0];
    expect(button).toMatchObject({ type: "Action.Execute", verb: "view", data: { crm: "show", entity: "lead", id: grace.id } });
    expect((await invoke(rita, button)).text).toContain("Lead: Grace Hopper");
    expect((await invoke(mia, button)).text).toContain("That lead does not exist");
  });

  it("stop when announcements are turned off, a workflow's posts included", async () => {
    const replies = await say(olive, "announcements off");
    expect(replies.map((reply) => shownText(reply.body)).join("\n")).toContain("I will no longer post in this channel.");
    const before = postedHere().length;
    await notifications.enqueue({
      tenantId,
      recipient: { kind: "channel", channelId },
      dedupeKey: "workflow-1:after-off",
      title: "New lead routed",
      text: "A quiet lead came in.",
      entity: "lead",
      recordId: grace.id,
    });
    const deal = await server.services.records.create(asOlive, "opportunity", { name: "Gemini contract", amount: 5 });
    await server.services.records.update(asOlive, "opportunity", deal.record.id, deal.record.etag, { stageId: "won" });
    // Olive hears of nothing here (she won it herself); a post to the channel would have been sent by now.
    const sent = await channel
      .waitFor(() => postedHere().length > before, 1500)
      .then(
        () => true,
        () => false,
      );
    expect(sent).toBe(false);
    // On again: posts resume.
    await say(olive, "announcements on");
    await notifications.enqueue({
      tenantId,
      recipient: { kind: "channel", channelId },
      dedupeKey: "workflow-1:after-on",
      title: "New lead routed",
      text: "Another lead came in.",
      entity: "lead",
      recordId: grace.id,
    });
    await channel.waitFor(() => postedHere().some((entry) => shownText(entry.body).includes("Another lead came in.")));
    // What came while they were off is not kept for later either.
    expect(
      postedHere()
        .map((entry) => shownText(entry.body))
        .join("\n"),
    ).not.toContain("A quiet lead came in.");
  });
});
