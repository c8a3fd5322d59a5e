/**
 * Access requests in Teams, through the real route (CloudAdapter, dev mode) with a
 * local channel recording what the bot sends: `request role` asks as the verified
 * user; approvers receive the approval card; Approve / Deny are `Action.Execute`
 * invokes answered with the reader's own refreshed card (Universal Actions); a
 * second click, a stale card, the requester, another tenant and an outsider are
 * each told, and nothing happens twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotNotificationPort, registerBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, days } from "../workflows/support.js";
import { shownText, startChannelRecorder } from "./channel-recorder.js";
import type { ChannelRecorder, SentActivity } from "./channel-recorder.js";

const tenantId = "tenant-bot-access";
type Person = { aadObjectId: string; name: string; tenantId?: string };
const olga: Person = { aadObjectId: "olga-oid", name: "Olga" };
const otto: Person = { aadObjectId: "otto-oid", name: "Otto" };
const rita: Person = { aadObjectId: "rita-oid", name: "Rita" };
/** A Member with no part in Rita's requests. */
const max: Person = { aadObjectId: "max-oid", name: "Max" };
/** An Owner of another organisation. */
const stranger: Person = { aadObjectId: "stranger-oid", name: "Stranger", tenantId: "tenant-bot-access-other" };

const clock = new TestClock(Date.parse("2026-10-01T09:00:00Z"));
let server: TestServer;
let channel: ChannelRecorder;
let sequence = 0;
let salesManager: string;
const notifications = new BotNotificationPort();

const mri = (person: Person) => `29:${person.aadObjectId}`;
const personalChat = (person: Person) => `a:personal-${person.aadObjectId}`;

function activity(from: Person, extra: Record<string, unknown>) {
  sequence += 1;
  const tenant = from.tenantId ?? tenantId;
  return {
    type: "message",
    id: `access-${sequence}`,
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

/** Says something in the person's personal chat; answers with the bot's replies there. */
async function say(from: Person, text: string): Promise<SentActivity[]> {
  const before = channel.sent.length;
  const message = activity(from, { text });
  expect((await post(message)).status).toBe(200);
  return channel.repliesTo(message.id, before);
}

/** An `adaptiveCard/action` invoke, as Teams sends it for a press ("manual") or a refresh it makes by itself ("automatic"). */
async function invoke(from: Person, action: { verb: string; data: unknown }, options: { trigger?: "manual" | "automatic"; id?: string } = {}) {
  const body = activity(from, {
    type: "invoke",
    name: "adaptiveCard/action",
    ...(options.id ? { id: options.id } : {}),
    value: { action: { type: "Action.Execute", ...action }, trigger: options.trigger ?? "manual" },
  });
  const response = await post(body);
  return { ...response, card: response.body?.value, text: shownText({ attachments: [{ content: response.body?.value }] }) };
}

/** Every Action.Execute (buttons and refresh) in a card. */
function executes(node: unknown): { title: string; verb: string; data: any }[] {
  const found: { title: string; verb: string; data: any }[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const object = value as Record<string, unknown>;
      if (object.type === "Action.Execute") found.push({ title: String(object.title), verb: String(object.verb), data: object.data });
      Object.values(object).forEach(walk);
    }
  };
  walk(node);
  return found;
}
const buttons = (card: any) => (card.actions ?? []).map((action: { title: string }) => action.title) as string[];
const cardOf = (sent: SentActivity) => sent.body.attachments[0].content;

/** Proactive messages to a person (replies to their own messages excluded). */
const proactiveTo = (person: Person): SentActivity[] => channel.sent.filter((entry) => entry.body?.conversation?.id === personalChat(person) && !/\/activities\/access-\d+$/.test(entry.path));

const api = (person: Person, method: string, path: string, body?: unknown) =>
  server.call(method, path, { as: { tenantId: person.tenantId ?? tenantId, userId: person.aadObjectId, displayName: person.name }, ...(body !== undefined ? { body } : {}) });

beforeAll(async () => {
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
  salesManager = (await server.services.configuration.saveRole(asOlga, { name: "Sales Manager", template: "sales-manager" })).id;
  await server.services.configuration.saveRole(asOlga, { name: "Auditor", template: "data-analyst" });
  await server.services.configuration.addUser(asOlga, { userId: otto.aadObjectId, displayName: otto.name, roleIds: ["owner"] });
  for (const person of [rita, max]) await server.services.configuration.addUser(asOlga, { userId: person.aadObjectId, displayName: person.name, roleIds: ["member"] });
  await server.services.accessRules.savePolicy(asOlga, salesManager, { approvers: { kind: "owners" }, approvalsNeeded: 1, maxDays: 30, justificationRequired: true, expiresAfterDays: 7 });
  // Each personal chat becomes known to the bot on the first message, as in Teams.
  for (const person of [olga, otto, rita, max, stranger]) await say(person, "help");
});

afterAll(async () => {
  await server?.close();
  await channel?.close();
});

let requestId: string;

describe("request role", () => {
  it("asks as the verified user: a pending request with the reason and the end date, and a card without buttons for the requester", async () => {
    const [reply] = await say(rita, "request role sales manager for 30 days: covering Q4 renewals");
    const card = cardOf(reply!);
    const text = shownText(reply!.body);
    expect(text).toContain("Access request: Sales Manager for Rita");
    expect(text).toContain("Your request was sent to the approvers.");
    expect(text).toContain("Why: covering Q4 renewals");
    expect(text).toContain("Until: 31 Oct 2026");
    expect(buttons(card)).toEqual([]);
    expect(card.refresh).toEqual({ action: expect.objectContaining({ type: "Action.Execute", verb: "view", data: expect.objectContaining({ crm: "accessRequest" }) }), userIds: [mri(rita)] });

    const mine = (await api(rita, "GET", "/api/access/requests?view=mine")).body.items;
    expect(mine).toEqual([
      expect.objectContaining({
        roleName: "Sales Manager",
        requester: { id: rita.aadObjectId, name: "Rita" },
        subject: { id: rita.aadObjectId, name: "Rita" },
        status: "pending",
        justification: "covering Q4 renewals",
      }),
    ]);
    expect(Date.parse(mine[0].endsAt)).toBe(clock.now().getTime() + days(30));
    requestId = mine[0].id;
    expect(card.refresh.action.data.id).toBe(requestId);
  });

  it("reaches each approver as the approval card, rendered for them: Approve / Deny with a comment, refreshed for them", async () => {
    await channel.waitFor(() => proactiveTo(olga).length > 0 && proactiveTo(otto).length > 0);
    for (const approver of [olga, otto]) {
      const sent = proactiveTo(approver);
      expect(sent).toHaveLength(1);
      const card = cardOf(sent[0]!);
      const text = shownText(sent[0]!.body);
      expect(text).toContain("Access request: Sales Manager for Rita");
      expect(text).toContain("Asked by: Rita on 1 Oct 2026");
      expect(text).toContain("Waiting for 1 approval");
      expect(card.body.some((element: { type: string; id?: string }) => element.type === "Input.Text" && element.id === "comment")).toBe(true);
      expect(executes(card.actions)).toEqual([
        { title: "Approve", verb: "press", data: { crm: "accessDecide", id: requestId, outcome: "approve" } },
        { title: "Deny", verb: "press", data: { crm: "accessDecide", id: requestId, outcome: "deny" } },
      ]);
      expect(card.refresh).toEqual({ action: expect.objectContaining({ verb: "view", data: { crm: "accessRequest", id: requestId } }), userIds: [mri(approver)] });
    }
  });

  it("shows a requester their request in `my requests`", async () => {
    const [reply] = await say(rita, "my requests");
    expect(shownText(reply!.body)).toContain("Sales Manager for Rita: waiting for a decision");
  });
});

describe("deciding from the card", () => {
  it("Approve gives the role and answers with the refreshed card: who approved, when, and the comment", async () => {
    const approved = await invoke(olga, { verb: "press", data: { crm: "accessDecide", id: requestId, outcome: "approve", comment: "Fine for Q4" } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ statusCode: 200, type: "application/vnd.microsoft.card.adaptive" });
    expect(approved.text).toContain("You approved this request.");
    expect(approved.text).toContain("Approved by Olga on 1 Oct 2026. The role is given.");
    expect(approved.text).toContain("Approved by Olga on 1 Oct 2026: “Fine for Q4”");
    expect(buttons(approved.card)).toEqual([]);
    expect(approved.card.refresh.userIds).toEqual([mri(olga)]);
    const users = (await api(olga, "GET", "/api/users")).body.items as { userId: string; roleIds: string[] }[];
    expect(users.find((user) => user.userId === rita.aadObjectId)!.roleIds).toContain(salesManager);
  });

  it("a second approver's card refreshes to show who approved, without buttons", async () => {
    const refresh = cardOf(proactiveTo(otto)[0]!).refresh.action;
    const refreshed = await invoke(otto, refresh, { trigger: "automatic" });
    expect(refreshed.status).toBe(200);
    expect(refreshed.text).toContain("Approved by Olga on 1 Oct 2026.");
    expect(buttons(refreshed.card)).toEqual([]);
    expect(refreshed.card.refresh.userIds).toEqual([mri(otto)]);
  });

  it("a click on a stale card or a second click is told who decided, and nothing happens twice", async () => {
    const stale = await invoke(otto, { verb: "press", data: { crm: "accessDecide", id: requestId, outcome: "deny", comment: "No" } });
    expect(stale.status).toBe(200);
    expect(stale.text).toContain("Olga already approved this request on 1 Oct 2026.");
    expect(stale.text).toContain("Access request: Sales Manager for Rita");
    expect(buttons(stale.card)).toEqual([]);
    const again = await invoke(olga, { verb: "press", data: { crm: "accessDecide", id: requestId, outcome: "approve" } });
    expect(again.text).toContain("Olga already approved this request on 1 Oct 2026.");
    // Teams sending the very same press again: shown where things stand, not run again.
    const press = { verb: "press", data: { crm: "accessDecide", id: requestId, outcome: "approve" } };
    await invoke(otto, press, { id: "access-replayed-press" });
    const replayed = await invoke(otto, press, { id: "access-replayed-press" });
    expect(replayed.text).toContain("Access request: Sales Manager for Rita");
    const request = (await api(olga, "GET", `/api/access/requests/${requestId}`)).body;
    expect(request).toMatchObject({ status: "approved", decisions: [{ approverName: "Olga", outcome: "approve", comment: "Fine for Q4" }] });
    const audit = (await api(olga, "GET", "/api/audit?pageSize=100")).body.items as { action: string; outcome: string }[];
    expect(audit.filter((entry) => entry.action === "access.approve" && entry.outcome === "allowed")).toHaveLength(1);
    expect(audit.filter((entry) => entry.action === "access.grant")).toHaveLength(1);
  });

  it("tells the requester it was approved, as the card", async () => {
    await channel.waitFor(() => proactiveTo(rita).some((entry) => shownText(entry.body).includes("Approved by Olga")));
    const told = proactiveTo(rita).find((entry) => shownText(entry.body).includes("Approved by Olga"))!;
    expect(shownText(told.body)).toContain("Olga approved the role Sales Manager for Rita, until 31 Oct 2026.");
    expect(buttons(cardOf(told))).toEqual([]);
  });
});

describe("who may not decide", () => {
  let auditorRequest: string;

  it("the requester's own card has no buttons, and a forged press is refused in plain words", async () => {
    const [reply] = await say(rita, "request role Auditor: quarter close");
    expect(buttons(cardOf(reply!))).toEqual([]);
    expect(shownText(reply!.body)).toContain("Until: No end date");
    auditorRequest = cardOf(reply!).refresh.action.data.id;
    const forged = await invoke(rita, { verb: "press", data: { crm: "accessDecide", id: auditorRequest, outcome: "approve" } });
    expect(forged.status).toBe(200);
    expect(forged.text).toContain("You are not allowed to do this: nobody decides a request they made");
    expect(buttons(forged.card)).toEqual([]);
    expect((await api(olga, "GET", `/api/access/requests/${auditorRequest}`)).body).toMatchObject({ status: "pending", decisions: [] });
  });

  it("a user of another organisation, or one with no part in it, gets the same 'not available' card as for a missing request", async () => {
    const missing = await invoke(max, { verb: "view", data: { crm: "accessRequest", id: "0000000000000000000" } }, { trigger: "automatic" });
    expect(missing.text).toContain("This access request does not exist, or it is not yours to see.");
    for (const outsider of [stranger, max]) {
      const view = await invoke(outsider, { verb: "view", data: { crm: "accessRequest", id: auditorRequest } }, { trigger: "automatic" });
      expect(view.status).toBe(200);
      expect(view.card.body).toEqual(missing.card.body);
      expect(view.card.actions).toBeUndefined();
      const press = await invoke(outsider, { verb: "press", data: { crm: "accessDecide", id: auditorRequest, outcome: "approve" } });
      expect(press.text).toContain("This access request does not exist, or it is not yours to see.");
      expect(JSON.stringify(press.body)).not.toMatch(/Auditor|Rita|quarter close/);
    }
    expect((await api(olga, "GET", `/api/access/requests/${auditorRequest}`)).body).toMatchObject({ status: "pending", decisions: [] });
  });
});

describe("bad input to request role", () => {
  const replyTo = async (text: string) => shownText((await say(max, text))[0]!.body);

  it("no role: asks which, listing the roles one may ask for", async () => {
    const text = await replyTo("request role");
    expect(text).toContain("Which role?");
    expect(text).toContain("You may ask for: Auditor, Owner, Sales Manager.");
  });

  it("an unknown role: says so and lists the roles one may ask for", async () => {
    const text = await replyTo("request role Astronaut for 3 days: space");
    expect(text).toContain('There is no role called "Astronaut" you may ask for. You may ask for: Auditor, Owner, Sales Manager.');
  });

  it("an oversize justification, a duration beyond the maximum, no reason, a past end date: each told plainly", async () => {
    expect(await replyTo(`request role Auditor: ${"x".repeat(1200)}`)).toContain("That message is too long");
    expect(await replyTo("request role Sales Manager for 45 days: busy season")).toContain("This role is given for at most 30 days.");
    expect(await replyTo("request role Sales Manager for 2 weeks")).toContain("Say why this access is needed.");
    expect(await replyTo("request role Sales Manager until 2020-01-31: old")).toContain("The end date has to be in the future.");
    const mine = (await api(max, "GET", "/api/access/requests?view=mine")).body.items;
    expect(mine).toEqual([]);
  });

  it("accepts 'for 2 weeks' and 'until' dates", async () => {
    const text = await replyTo("request role SALES MANAGER for 2 weeks: holiday cover");
    expect(text).toContain("Until: 15 Oct 2026");
    const mine = (await api(max, "GET", "/api/access/requests?view=mine")).body.items;
    expect(mine).toEqual([expect.objectContaining({ roleName: "Sales Manager", status: "pending", justification: "holiday cover" })]);
  });

  it("never shows a stack or storage text", async () => {
    const text = await replyTo("request role Auditor until 2026-13-45: x");
    expect(text).toContain("Write the end date as YYYY-MM-DD");
    expect(text).not.toMatch(/Error:|at .*\.js|TableStorage|statusCode/);
  });
});

describe("Deny from the card", () => {
  it("denies with the comment; the approver's card says so and the requester's shows who denied", async () => {
    const [pending] = (await api(olga, "GET", "/api/access/requests?view=inbox")).body.items.filter((item: { subject: { id: string } }) => item.subject.id === max.aadObjectId);
    const [listed] = await say(otto, "my requests");
    expect(shownText(listed!.body)).toContain("2 requests wait for your decision.");
    const denied = await invoke(otto, { verb: "press", data: { crm: "accessDecide", id: pending.id, outcome: "deny", comment: "Not this quarter" } });
    expect(denied.text).toContain("You denied this request.");
    expect(denied.text).toContain("Denied by Otto on 1 Oct 2026: “Not this quarter”");
    const asMax = await invoke(max, { verb: "view", data: { crm: "accessRequest", id: pending.id } }, { trigger: "automatic" });
    expect(asMax.text).toContain("Denied by Otto on 1 Oct 2026.");
    const users = (await api(olga, "GET", "/api/users")).body.items as { userId: string; roleIds: string[] }[];
    expect(users.find((user) => user.userId === max.aadObjectId)!.roleIds).toEqual(["member"]);
  });
});
