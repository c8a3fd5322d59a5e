/**
 * Data-quality findings in Teams, through the real route (CloudAdapter, dev mode) with a
 * local channel recording what the bot sends: each recipient of a finding gets its card,
 * rendered for them (Open and Fix deep-link into the tab; Dismiss asks a reason and is an
 * `Action.Execute` answered with the reader's own refreshed card). The policy decides as
 * for the API's dismiss: a second press or a stale card is told, a reader without update
 * on the record (the Data Analyst, Responsible for data cleanup) and another tenant are
 * refused, and a reader for whom the field is hidden gets plain words, never the data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotNotificationPort, registerBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock } from "../workflows/support.js";
import { shownText, startChannelRecorder } from "./channel-recorder.js";
import type { ChannelRecorder, SentActivity } from "./channel-recorder.js";

const tenantId = "tenant-bot-quality";
type Person = { aadObjectId: string; name: string; tenantId?: string };
const olga: Person = { aadObjectId: "olga-oid", name: "Olga" };
const mia: Person = { aadObjectId: "mia-oid", name: "Mia" };
/** Data Analyst: Responsible for data cleanup, reads everything, changes nothing. */
const ana: Person = { aadObjectId: "ana-oid", name: "Ana" };
/** A sales rep for whom a lead's email is hidden. */
const blind: Person = { aadObjectId: "blind-oid", name: "Blind" };
const stranger: Person = { aadObjectId: "stranger-oid", name: "Stranger", tenantId: "tenant-bot-quality-other" };

const clock = new TestClock(Date.parse("2026-10-01T09:00:00Z"));
const teamsAppId = "00000000-0000-4000-8000-00000000c0de";
let server: TestServer;
let channel: ChannelRecorder;
let sequence = 0;
const notifications = new BotNotificationPort();
const ids = { mine: "", blinds: "" };
let previousAppId: string | undefined;

const mri = (person: Person) => `29:${person.aadObjectId}`;
const personalChat = (person: Person) => `a:personal-${person.aadObjectId}`;

function activity(from: Person, extra: Record<string, unknown>) {
  sequence += 1;
  const tenant = from.tenantId ?? tenantId;
  return {
    type: "message",
    id: `quality-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: channel.url,
    from: { id: mri(from), aadObjectId: from.aadObjectId, name: from.name },
    recipient: { id: "28:crm-bot", name: "CRM" },
    conversation: { id: personalChat(from), conversationType: "personal", tenantId: tenant },
    channelData: { tenant: { id: tenant } },
    ...extra,
  };
}

async function post(body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function say(from: Person, text: string): Promise<SentActivity[]> {
  const before = channel.sent.length;
  const message = activity(from, { text });
  expect((await post(message)).status).toBe(200);
  return channel.repliesTo(message.id, before);
}

async function invoke(from: Person, action: { verb: string; data: unknown }, trigger: "manual" | "automatic" = "manual") {
  const body = activity(from, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", ...action }, trigger } });
  const response = await post(body);
  return { ...response, card: response.body?.value, text: shownText({ attachments: [{ content: response.body?.value }] }) };
}

const cardOf = (sent: SentActivity) => sent.body.attachments[0].content;
const proactiveTo = (person: Person): SentActivity[] => channel.sent.filter((entry) => entry.body?.conversation?.id === personalChat(person) && !/\/activities\/quality-\d+$/.test(entry.path));
/** The proactive finding card a person got about a record. */
const findingCardFor = (person: Person, recordId: string) =>
  proactiveTo(person)
    .map(cardOf)
    .find((card) => card.refresh?.action?.data?.crm === "finding" && card.refresh.action.data.id === recordId);
const titles = (card: any) => (card.actions ?? []).map((action: { title: string }) => action.title) as string[];
const dismissOf = (card: any) => card.actions.find((action: { title: string }) => action.title === "Dismiss…").card.actions[0];

const api = (person: Person, method: string, path: string, body?: unknown) =>
  server.call(method, path, { as: { tenantId: person.tenantId ?? tenantId, userId: person.aadObjectId, displayName: person.name }, ...(body !== undefined ? { body } : {}) });
const findingOf = async (recordId: string) =>
  ((await api(olga, "GET", "/api/data-quality/findings?state=open")).body.items as any[])
    .concat((await api(olga, "GET", "/api/data-quality/findings?state=dismissed")).body.items)
    .find((item) => item.recordId === recordId);

beforeAll(async () => {
  previousAppId = process.env.TEAMS_APP_ID;
  process.env.TEAMS_APP_ID = teamsAppId;
  channel = await startChannelRecorder();
  server = await startTestServer({
    clock,
    workflowPollMs: 0,
    notifications,
    extend: async (app, services) => {
      await registerBot(app, services, { auth: {}, sender: { pollIntervalMs: 100 }, notifications });
    },
  });
  const asOlga = (await server.services.actors.resolve({ tenantId, userId: olga.aadObjectId, displayName: olga.name })).actor;
  const analyst = await server.services.configuration.saveRole(asOlga, { name: "Data Analyst", template: "data-analyst" });
  const noEmail = await server.services.configuration.saveRole(asOlga, { name: "No email", template: "sales-rep", fields: { lead: { email: "hidden" } } });
  await server.services.configuration.addUser(asOlga, { userId: mia.aadObjectId, displayName: mia.name, roleIds: ["member"] });
  await server.services.configuration.addUser(asOlga, { userId: ana.aadObjectId, displayName: ana.name, roleIds: [analyst.id] });
  await server.services.configuration.addUser(asOlga, { userId: blind.aadObjectId, displayName: blind.name, roleIds: [noEmail.id] });
  for (const person of [olga, mia, ana, blind, stranger]) await say(person, "help");
  ids.mine = (await api(mia, "POST", "/api/leads", { name: "Mia's lead", email: "same@example.com" })).body.id;
  ids.blinds = (await api(olga, "POST", "/api/leads", { name: "Blind's lead", email: "same@example.com", ownerId: blind.aadObjectId })).body.id;
  expect(ids.mine && ids.blinds).toBeTruthy();
});

afterAll(async () => {
  if (previousAppId === undefined) delete process.env.TEAMS_APP_ID;
  else process.env.TEAMS_APP_ID = previousAppId;
  await server?.close();
  await channel?.close();
});

describe("a finding's card", () => {
  it("reaches the record's owner with Open, Fix and Dismiss (asking a reason), refreshed for them", async () => {
    await channel.waitFor(() => findingCardFor(mia, ids.mine) !== undefined);
    const card = findingCardFor(mia, ids.mine);
    const text = shownText({ attachments: [{ content: card }] });
    expect(text).toContain("Data quality: Same email as another record");
    expect(text).toContain("Record: Mia's lead");
    expect(text).toContain("Open since 1 Oct 2026.");
    expect(titles(card)).toEqual(["Open", "Fix", "Dismiss…"]);
    const [open, fix] = card.actions;
    const context = (url: string) => JSON.parse(new URL(url).searchParams.get("context")!);
    expect(open.url.startsWith(`https://teams.microsoft.com/l/entity/${teamsAppId}/leads?`)).toBe(true);
    expect(context(open.url)).toEqual({ subEntityId: `leads/${ids.mine}` });
    expect(context(fix.url)).toEqual({ subEntityId: `leads/${ids.mine}/edit` });
    const ask = card.actions[2].card;
    expect(ask.body[0]).toMatchObject({ type: "Input.Text", id: "reason", isRequired: true });
    expect(dismissOf(card)).toMatchObject({ type: "Action.Execute", verb: "press", data: { crm: "findingDismiss", entity: "lead", id: ids.mine, key: "duplicateEmail" } });
    expect(card.refresh).toEqual({ action: expect.objectContaining({ verb: "view", data: { crm: "finding", entity: "lead", id: ids.mine, key: "duplicateEmail" } }), userIds: [mri(mia)] });
    // Never the duplicated value itself.
    expect(JSON.stringify(card)).not.toContain("same@example.com");
  });

  it("reaches data cleanup's Responsible (a Data Analyst) without Dismiss or Fix: they may not change the record", async () => {
    await channel.waitFor(() => findingCardFor(ana, ids.mine) !== undefined);
    expect(titles(findingCardFor(ana, ids.mine))).toEqual(["Open"]);
  });

  it("tells a recipient for whom the field is hidden only that the finding is not available: no rule, no record", async () => {
    await channel.waitFor(() => proactiveTo(blind).some((sent) => shownText(sent.body).includes("Not available")));
    const sent = proactiveTo(blind).find((entry) => shownText(entry.body).includes("Not available"))!;
    expect(shownText(sent.body)).toContain("This data-quality finding does not exist any more, or it is not yours to see.");
    expect(JSON.stringify(sent.body)).not.toMatch(/Blind's lead|email|same@example/i);
  });
});

describe("dismissing from the card", () => {
  it("needs a reason, said in plain words, and nothing changes", async () => {
    const press = await invoke(mia, { verb: "press", data: { ...dismissOf(findingCardFor(mia, ids.mine)).data, reason: "  " } });
    expect(press.status).toBe(200);
    expect(press.text).toContain("Say why in 1 to 500 characters.");
    expect((await findingOf(ids.mine)).state).toBe("open");
  });

  it("a reader without update on the record is refused, and nothing changes", async () => {
    const press = await invoke(ana, { verb: "press", data: { crm: "findingDismiss", entity: "lead", id: ids.mine, key: "duplicateEmail", reason: "not mine" } });
    expect(press.text).toContain("You may not dismiss this finding");
    expect(titles(press.card)).toEqual(["Open"]);
    expect((await findingOf(ids.mine)).state).toBe("open");
  });

  it("another tenant's user gets 'not available', as for a missing finding", async () => {
    const missing = await invoke(stranger, { verb: "view", data: { crm: "finding", entity: "lead", id: "0000000000000000000", key: "duplicateEmail" } }, "automatic");
    for (const verb of ["view", "press"]) {
      const crm = verb === "view" ? "finding" : "findingDismiss";
      const answer = await invoke(stranger, { verb, data: { crm, entity: "lead", id: ids.mine, key: "duplicateEmail", reason: "mine now" } }, verb === "view" ? "automatic" : "manual");
      expect(answer.status).toBe(200);
      expect(answer.card.body).toEqual(missing.card.body);
      expect(JSON.stringify(answer.body)).not.toMatch(/Mia|Same email/);
    }
    expect((await findingOf(ids.mine)).state).toBe("open");
  });

  it("works once: the owner's press dismisses with the reason and answers with their refreshed card, without Dismiss", async () => {
    const press = await invoke(mia, { verb: "press", data: { ...dismissOf(findingCardFor(mia, ids.mine)).data, reason: "Two people share the inbox" } });
    expect(press.status).toBe(200);
    expect(press.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(press.text).toContain("You dismissed this finding.");
    expect(press.text).toContain("Dismissed on 1 Oct 2026: “Two people share the inbox”");
    expect(titles(press.card)).toEqual(["Open"]);
    expect(press.card.refresh.userIds).toEqual([mri(mia)]);
    expect(await findingOf(ids.mine)).toMatchObject({ state: "dismissed", reason: "Two people share the inbox" });
  });

  it("a second press on the stale card is told, and the first reason stays", async () => {
    const again = await invoke(mia, { verb: "press", data: { ...dismissOf(findingCardFor(mia, ids.mine)).data, reason: "again" } });
    expect(again.text).toContain("Only an open finding can be dismissed.");
    expect(titles(again.card)).toEqual(["Open"]);
    expect((await findingOf(ids.mine)).reason).toBe("Two people share the inbox");
  });

  it("a stale card's refresh shows the finding as it is now", async () => {
    const refreshed = await invoke(olga, findingCardFor(mia, ids.mine).refresh.action, "automatic");
    expect(refreshed.text).toContain("Dismissed on 1 Oct 2026");
  });
});
