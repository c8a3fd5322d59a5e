/**
 * Workflow tasks and reminders reach their person in chat, end to end: the real
 * server with the real workflow engine (time driven through the injected Clock,
 * no sleeping for business time), the bot's port as in server/src/main.ts, and
 * a local stand-in for the channel receiving the proactive cards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotNotificationPort, registerBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, days, hours } from "../workflows/support.js";
import { shownText, startChannelRecorder } from "./channel-recorder.js";
import type { ChannelRecorder, SentActivity } from "./channel-recorder.js";

const tenantId = "tenant-bot-tasks";
const owner = { aadObjectId: "owner-oid", name: "Olive Owner" };
const member = { aadObjectId: "member-oid", name: "Mia Member" };
const start = Date.parse("2026-03-02T09:00:00Z");
const clock = new TestClock(start);
const notifications = new BotNotificationPort();

let server: TestServer;
let channel: ChannelRecorder;
let sequence = 0;

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
});

afterAll(async () => {
  await server?.close();
  await channel?.close();
});

function activity(from: { aadObjectId: string; name: string }, text: string, extra: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    type: "message",
    id: `activity-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: channel.url,
    from: { id: `29:${from.aadObjectId}`, aadObjectId: from.aadObjectId, name: from.name },
    recipient: { id: "28:crm-bot", name: "CRM" },
    conversation: { id: `a:personal-${from.aadObjectId}`, conversationType: "personal", tenantId },
    channelData: { tenant: { id: tenantId } },
    text,
    ...extra,
  };
}

async function say(from: { aadObjectId: string; name: string }, text: string, extra: Record<string, unknown> = {}): Promise<string[]> {
  const before = channel.sent.length;
  const message = activity(from, text, extra);
  const response = await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message) });
  await response.text();
  expect(response.status).toBe(200);
  return channel.repliesTo(message.id, before).map((entry) => shownText(entry.body));
}

const proactiveTo = (userId: string, title: string): SentActivity[] =>
  channel.sent.filter((entry) => entry.path.includes(`personal-${userId}`) && !/\/activities\/activity-\d+$/.test(entry.path) && shownText(entry.body).startsWith(title));

const buttons = (entry: SentActivity): { title: string; data: Record<string, unknown> }[] =>
  (entry.body.attachments[0].content.actions ?? []).map((action: { title: string; data: Record<string, unknown> }) => ({ title: action.title, data: action.data }));

/** Runs every due workflow job, then gives the sender (real time) a moment: anything more would be a duplicate. */
async function settle(): Promise<void> {
  await server.workflows.drain();
  await server.workflows.drain();
  await new Promise((resolve) => setTimeout(resolve, 400));
}

describe("workflow tasks and reminders in chat", () => {
  it("tells the assignee of a new task, reminds them when a reminder falls due, once each, with Done and the record", async () => {
    // Both have talked to the bot, so it can reach them; the first becomes the Owner.
    await say(owner, "hello");
    await say(member, "hello");
    const as = { tenantId, userId: owner.aadObjectId };
    const workflow = await server.call("POST", "/api/config/workflows", {
      as,
      body: {
        name: "Follow up new leads",
        entity: "lead",
        trigger: { type: "created" },
        actions: [
          { type: "createTask", kind: "task", title: "Qualify {record}", due: { amount: 1, unit: "days" }, assignTo: { kind: "owner" } },
          { type: "createTask", kind: "reminder", title: "Call {record} back", due: { amount: 3, unit: "hours" }, assignTo: { kind: "owner" } },
          { type: "notify", to: { kind: "owner" }, message: "{record} is yours: start today." },
        ],
      },
    });
    expect(workflow.status).toBe(201);
    const lead = await server.call("POST", "/api/leads", { as, body: { name: "Grace Hopper", ownerId: member.aadObjectId } });
    expect(lead.status).toBe(201);
    const leadId = lead.body.id as string;

    // The run: the new task is announced to its assignee at once; the workflow's own message too.
    await server.workflows.drain();
    await channel.waitFor(() => proactiveTo("member-oid", "New task").length > 0 && proactiveTo("member-oid", "Follow up new leads").length > 0);
    await settle();
    const newTask = proactiveTo("member-oid", "New task");
    expect(newTask).toHaveLength(1);
    expect(shownText(newTask[0]!.body)).toContain("Qualify Grace Hopper (due 2026-03-03)");
    expect(proactiveTo("member-oid", "Follow up new leads")).toHaveLength(1);
    expect(shownText(proactiveTo("member-oid", "Follow up new leads")[0]!.body)).toContain("Grace Hopper is yours: start today.");
    const taskButtons = buttons(newTask[0]!);
    expect(taskButtons.map((button) => button.title)).toEqual(["Done", "Open lead"]);
    expect(taskButtons[1]!.data).toEqual({ crm: "command", text: `lead ${leadId}` });
    // A reminder says nothing until it falls due; nobody else hears of either.
    expect(proactiveTo("member-oid", "Reminder")).toHaveLength(0);
    expect(channel.sent.filter((entry) => entry.path.includes("personal-owner-oid") && !/activity-\d+$/.test(entry.path))).toHaveLength(0);

    // Just before it is due: nothing. Just after: the reminder, once.
    clock.set(new Date(start + hours(3) - 60_000).toISOString());
    await settle();
    expect(proactiveTo("member-oid", "Reminder")).toHaveLength(0);
    clock.set(new Date(start + hours(3) + 60_000).toISOString());
    await server.workflows.drain();
    await channel.waitFor(() => proactiveTo("member-oid", "Reminder").length > 0);
    await settle();
    const reminder = proactiveTo("member-oid", "Reminder");
    expect(reminder).toHaveLength(1);
    expect(shownText(reminder[0]!.body)).toContain("Call Grace Hopper back");
    expect(buttons(reminder[0]!).map((button) => button.title)).toEqual(["Done", "Open lead"]);

    // "Done" on the reminder card: the same rule as PATCH /api/tasks/:id.
    const doneReminder = await say(member, "", { value: buttons(reminder[0]!)[0]!.data });
    expect(doneReminder.join("\n")).toContain('"Call Grace Hopper back" is done.');
    // "Done" on the task card before it is due: its due reminder never comes.
    const doneTask = await say(member, "", { value: taskButtons[0]!.data });
    expect(doneTask.join("\n")).toContain('"Qualify Grace Hopper" is done.');
    const tasks = await server.call("GET", "/api/tasks", { as: { tenantId, userId: member.aadObjectId } });
    expect(tasks.body.items.map((task: { title: string; done: boolean }) => [task.title, task.done])).toEqual(
      expect.arrayContaining([
        ["Qualify Grace Hopper", true],
        ["Call Grace Hopper back", true],
      ]),
    );
    // Another user pressing the same button is told it does not exist.
    const stolen = await say(owner, "", { value: taskButtons[0]!.data });
    expect(stolen.join("\n")).toContain("Not found");

    clock.set(new Date(start + days(2)).toISOString());
    await settle();
    expect(proactiveTo("member-oid", "Task due")).toHaveLength(0);
    expect(proactiveTo("member-oid", "New task")).toHaveLength(1);
    expect(proactiveTo("member-oid", "Reminder")).toHaveLength(1);
  });

  it("tells the assignee when an open task falls due, once", async () => {
    const as = { tenantId, userId: owner.aadObjectId };
    const lead = await server.call("POST", "/api/leads", { as, body: { name: "Ada Lovelace", ownerId: member.aadObjectId } });
    expect(lead.status).toBe(201);
    await server.workflows.drain();
    await channel.waitFor(() => proactiveTo("member-oid", "New task").some((entry) => shownText(entry.body).includes("Ada Lovelace")));
    clock.advance(days(1) + 60_000);
    await server.workflows.drain();
    await channel.waitFor(() => proactiveTo("member-oid", "Task due").length > 0);
    await settle();
    clock.advance(days(3));
    await settle();
    const due = proactiveTo("member-oid", "Task due");
    expect(due).toHaveLength(1);
    expect(shownText(due[0]!.body)).toContain("Qualify Ada Lovelace");
    expect(buttons(due[0]!).map((button) => button.title)).toEqual(["Done", "Open lead"]);
    // The task is still open: my tasks shows it, overdue.
    const mine = (await say(member, "my tasks")).join("\n");
    expect(mine).toContain("Qualify Ada Lovelace");
    // Created on day 2 (the clock of the first test), due a day later.
    expect(mine).toContain("Qualify Ada Lovelace\nOverdue: was due 2026-03-05 09:00 UTC");
    // Its reminder (3 hours) came once along the way.
    expect(proactiveTo("member-oid", "Reminder").filter((entry) => shownText(entry.body).includes("Call Ada Lovelace back"))).toHaveLength(1);
  });
});
