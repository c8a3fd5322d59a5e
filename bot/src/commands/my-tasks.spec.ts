import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@crm/shared/policy";
import type { WorkflowEngine } from "@crm/shared/workflows";
import type { BotTestKit, ChatUser } from "../test-support/bot-test-kit.js";
import { startBotTestKit, submitActions } from "../test-support/bot-test-kit.js";
import { myTasksPageSize } from "./my-tasks.js";

const tenantId = "t-tasks";
let kit: BotTestKit;
let owner: ChatUser;
let member: ChatUser;
let other: ChatUser;
let engine: WorkflowEngine;
let asOwner: Actor;
let leadId: string;

const hour = 3_600_000;
const task = (userId: string, n: number, dueInMs: number, extra: { kind?: "task" | "reminder"; title?: string; done?: boolean } = {}) => ({
  id: `${userId
    .replace(/[^0-9a-f]/g, "a")
    .padEnd(8, "0")
    .slice(0, 8)}${String(n).padStart(24, "0")}`,
  userId,
  kind: extra.kind ?? "task",
  title: extra.title ?? `${userId} task ${String(n).padStart(2, "0")}`,
  dueAt: new Date(Date.now() + dueInMs).toISOString(),
  entity: "lead" as const,
  recordId: leadId,
  workflowId: "0000000000000000000",
  createdAt: new Date().toISOString(),
  done: extra.done ?? false,
});

beforeAll(async () => {
  kit = await startBotTestKit();
  // The bot's queue is the engine's port, as in the server.
  engine = kit.services.workflowEngine;
  owner = await kit.user(tenantId, "owner-1", "Olive Owner");
  member = await kit.user(tenantId, "member-1", "Mia Member");
  other = await kit.user(tenantId, "member-2", "Max Member");
  asOwner = (await kit.services.actors.resolve({ tenantId, userId: "owner-1", displayName: "Olive Owner" })).actor;
  leadId = (await kit.services.records.create(asOwner, "lead", { name: "Grace Hopper", ownerId: "member-1" })).record.id;
  // Seeded as the engine stores them: one overdue, the rest due in 1..n hours, one done, in random order.
  const seeded = [
    task("member-1", 0, -2 * hour, { title: "Call Grace back", kind: "reminder" }),
    ...Array.from({ length: myTasksPageSize + 2 }, (_, index) => task("member-1", index + 1, (myTasksPageSize + 3 - index) * hour)),
    task("member-1", 50, hour / 2, { title: "Already done", done: true }),
    task("member-2", 1, hour, { title: "Max's private task" }),
  ];
  for (const item of seeded.sort(() => Math.random() - 0.5)) await engine.stores.tasks.create(tenantId, item);
});
afterAll(async () => {
  await engine.stop();
  await kit.close();
});

describe("my tasks", () => {
  it("lists a Member's open tasks soonest due first, the overdue one marked, paged with More", async () => {
    const first = await member.say("my tasks");
    expect(first.text).toContain("Your tasks");
    const lines = first.text.split("\n");
    expect(lines[1]).toBe("Call Grace back");
    expect(lines[2]).toMatch(/^Overdue: was due \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(first.text).not.toContain("Already done");
    expect(first.text).not.toContain("Max's private task");
    const titles = lines.filter((line) => line.startsWith("member-1 task"));
    expect(titles).toEqual([...titles].sort().reverse()); // seeded so that a higher number is due sooner
    expect(titles).toHaveLength(myTasksPageSize - 1);
    const actions = submitActions(first.cards[0]!);
    expect(actions.filter((action) => action.title === "Done")).toHaveLength(myTasksPageSize);
    expect(actions.find((action) => action.title === "Open lead")?.data).toEqual({ crm: "command", text: `lead ${leadId}` });
    const more = actions.find((action) => action.title === "More")!;
    expect(more.data).toMatchObject({ crm: "moreTasks" });

    const second = await member.submit(more.data);
    expect(second.text).toContain("Your tasks (continued)");
    const rest = second.text.split("\n").filter((line) => line.startsWith("member-1 task"));
    expect(rest).toEqual(["member-1 task 03", "member-1 task 02", "member-1 task 01"]);
    expect(submitActions(second.cards[0]!).some((action) => action.title === "More")).toBe(false);
  });

  it("marks a task done with its Done button, as PATCH /api/tasks/:id does", async () => {
    const said = await member.say("my tasks");
    const done = submitActions(said.cards[0]!).find((action) => action.title === "Done")!;
    const answer = await member.submit(done.data);
    expect(answer.text).toContain("Reminder done");
    expect(answer.text).toContain('"Call Grace back" is done.');
    expect((await member.say("my tasks")).text).not.toContain("Call Grace back");
    const stored = await kit.services.workflows.tasksOf((await kit.services.actors.resolve({ tenantId, userId: "member-1", displayName: "Mia Member" })).actor);
    expect(stored.find((item) => item.title === "Call Grace back")).toMatchObject({ done: true });
  });

  it("never shows or completes another Member's task", async () => {
    expect((await other.say("my tasks")).text).toContain("Max's private task");
    expect((await other.say("my tasks")).text).not.toContain("member-1 task");
    const mine = submitActions((await member.say("my tasks")).cards[0]!).find((action) => action.title === "Done")!;
    const refused = await other.submit(mine.data);
    expect(refused.text).toContain("Not found");
    expect((await member.say("my tasks")).text).toContain("member-1 task");
    // Not even the Owner sees a Member's tasks: they are the caller's own, as in the API.
    const ownerSays = await owner.say("my tasks");
    expect(ownerSays.text).toContain("You have no open tasks.");
  });

  it("refuses tampered Done and More data", async () => {
    for (const id of [undefined, "", "x", "' or 1 eq 1", "A".repeat(32), `${"a".repeat(31)}'`]) {
      expect((await member.submit({ crm: "taskDone", ...(id === undefined ? {} : { id }) })).text).toContain("This card is out of date");
    }
    expect((await member.submit({ crm: "moreTasks" })).text).toContain("This card is out of date");
    expect((await member.submit({ crm: "moreTasks", after: "x".repeat(500) })).text).toContain("This card is out of date");
  });

  it("is in help for everyone (the API lets every signed-in user read their own tasks), and typos are matched", async () => {
    expect((await member.say("help")).text).toContain("my tasks");
    expect((await owner.say("help")).text).toContain("my tasks");
    const typo = await member.say("my taks");
    expect(typo.text).toContain("Did you mean **my tasks**?");
    expect((await member.say("My Tasks")).text).toContain("Your tasks");
  });

  it("shows a task a workflow created for the record's owner", async () => {
    const service = kit.services.workflows;
    await service.create(asOwner, {
      name: "Follow up new leads",
      entity: "lead",
      trigger: { type: "created" },
      actions: [{ type: "createTask", kind: "task", title: "Follow up on {record}", due: { amount: 2, unit: "days" }, assignTo: { kind: "owner" } }],
    });
    await kit.services.records.create(asOwner, "lead", { name: "Ada Lovelace", ownerId: "member-2" });
    await engine.drain();
    const said = await other.say("my tasks");
    expect(said.text).toContain("Follow up on Ada Lovelace");
    expect((await member.say("my tasks")).text).not.toContain("Ada Lovelace");
  });
});
