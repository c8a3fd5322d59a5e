/**
 * A leaver's work finds a new owner: an Owner deactivates a user through the users API,
 * a job on the leavers' queue moves their open records in batches of 50 from their owner
 * index by the Owner's rule (round-robin over a role here), one audited operation per
 * batch; interrupted after the first batch and resumed by a fresh set of services over
 * the same tables (a restart), nothing moves twice. The Owners' queue keeps the records
 * and asks the Owners. Real server and in-memory Azurite; notifications recorded at the port.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "@crm/shared/services";
import type { Notification, NotificationPort } from "@crm/shared/services";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock } from "../workflows/support.js";

const tenantId = "tenant-leavers";
const clock = new TestClock(Date.parse("2026-11-02T09:00:00Z"));
const told: Notification[] = [];
const notifications: NotificationPort = { enqueue: async (notification) => void told.push(notification) };
let server: TestServer;
let salesRep: string;
/** The second instance, after the restart. */
let restarted: ReturnType<typeof createServices>;

const as = (userId: string) => ({ as: { tenantId, userId, displayName: userId } });
const actorOf = async (userId: string) => (await server.services.actors.resolve({ tenantId, userId, displayName: userId })).actor;
const owned = async (ownerId: string) => (await server.services.records.list(await actorOf("olga"), "lead", { pageSize: 200, sort: "newest" })).items.filter((item) => item.record.ownerId === ownerId);

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0, notifications });
  const olga = await actorOf("olga");
  salesRep = (await server.services.configuration.saveRole(olga, { name: "Sales Rep", template: "sales-rep" })).id;
  for (const userId of ["ann", "bob"]) await server.services.configuration.addUser(olga, { userId, displayName: userId === "ann" ? "Ann" : "Bob", roleIds: [salesRep] });
  for (const userId of ["rita", "max"]) await server.services.configuration.addUser(olga, { userId, displayName: userId === "rita" ? "Rita" : "Max" });
  const rita = await actorOf("rita");
  for (let index = 0; index < 55; index += 1) await server.services.records.create(rita, "lead", { name: `Lead ${index}` });
  await server.services.records.create(rita, "lead", { name: "Lost cause", status: "Unqualified" });
  const widget = await server.services.records.create(rita, "case", { title: "Broken widget" });
  // Rita's open task on her case, and a done one that stays with her.
  const task = {
    userId: "rita",
    kind: "task" as const,
    title: "Call back about the widget",
    dueAt: "2026-11-03T09:00:00Z",
    entity: "case" as const,
    recordId: widget.record.id,
    workflowId: "wf-manual",
    createdAt: "2026-11-02T09:00:00Z",
  };
  await server.services.workflowEngine.stores.tasks.create(tenantId, { ...task, id: "task-open", done: false });
  await server.services.workflowEngine.stores.tasks.create(tenantId, { ...task, id: "task-done", title: "Done already", done: true });
  const max = await actorOf("max");
  await server.services.records.create(max, "lead", { name: "Max's lead" });
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("a leaver's records", () => {
  it("refuses a rule naming nobody, and keeps the Owners' queue as the default", async () => {
    const olga = await actorOf("olga");
    expect(await server.services.leavers.rule(olga)).toMatchObject({ kind: "ownersQueue" });
    await expect(server.services.leavers.setRule(olga, { kind: "user", userId: "nobody" })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(server.services.leavers.setRule(await actorOf("ann"), { kind: "ownersQueue" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("moves open records round-robin in batches of 50, resumes after a restart between batches, and moves nothing twice", async () => {
    const olga = await actorOf("olga");
    await server.services.leavers.setRule(olga, { kind: "roundRobin", roleId: salesRep });
    const deactivated = await server.call("PATCH", "/api/users/rita", { ...as("olga"), body: { active: false } });
    expect(deactivated.status, deactivated.text).toBe(200);
    expect((await server.call("GET", "/api/leads", as("rita"))).status).toBe(403);

    expect(await server.services.leaverJobs.tick()).toBe(1);
    expect((await owned("ann")).length + (await owned("bob")).length).toBe(50);
    expect((await server.services.leavers.pending(olga))[0]).toMatchObject({ userId: "rita", status: "running", moved: 50, batches: 1 });

    // A restart: this instance stops (handing its lease back), another set of services over the same tables picks the job up where it stopped.
    await server.services.leaverJobs.stop();
    restarted = createServices(server.services.store, clock, { notifications });
    await restarted.leaverJobs.drain();
    const [ann, bob] = [await owned("ann"), await owned("bob")];
    expect(ann.length + bob.length).toBe(55);
    expect(Math.abs(ann.length - bob.length)).toBeLessThanOrEqual(1);
    expect((await owned("rita")).map((item) => item.record.fields.name)).toEqual(["Lost cause"]);
    const cases = (await server.services.records.list(olga, "case", { pageSize: 10, sort: "newest" })).items;
    const caseOwner = cases[0]!.record.ownerId;
    expect(["ann", "bob"]).toContain(caseOwner);
    // Her open task followed its case to the case's new owner, who is told; the done one stays.
    expect((await server.services.workflowEngine.stores.tasks.list(tenantId, caseOwner)).map((task) => task.title)).toEqual(["Call back about the widget"]);
    expect((await server.services.workflowEngine.stores.tasks.list(tenantId, "rita")).map((task) => task.title)).toEqual(["Done already"]);
    expect(told.filter((notification) => notification.title === "Tasks for you").map((notification) => [notification.recipient, notification.text])).toEqual([
      [{ kind: "user", userId: caseOwner }, "You now have 1 task that was Rita's, who was deactivated. It is in My tasks in the CRM."],
    ]);

    const audit = async (action: string) => (await server.services.audit.list(olga, { pageSize: 500, action })).items;
    const leadMoves = await audit("lead.assign");
    expect(leadMoves).toHaveLength(55);
    expect(new Set(leadMoves.map((entry) => entry.recordId)).size).toBe(55);
    expect(leadMoves.every((entry) => entry.actorKind === "system" && entry.reason === "Leaver's work: Rita was deactivated")).toBe(true);
    const batches = await audit("reassign.batch");
    expect(batches.map((entry) => entry.reason).sort()).toEqual([
      "Leaver's work: 1 of Rita's tasks moved",
      "Leaver's work: 50 of Rita's records moved (batch 1)",
      "Leaver's work: 6 of Rita's records moved (batch 2)",
    ]);
    expect(await audit("reassign.done")).toHaveLength(1);
    expect(await server.services.leavers.pending(olga)).toEqual([]);

    const forAnn = told.filter((notification) => notification.recipient.kind === "user" && notification.recipient.userId === "ann");
    expect(forAnn.length).toBe(2);
    expect(forAnn[0]!.text).toMatch(/^You now own \d+ leads? that were Rita's, who was deactivated\./);
    expect(forAnn.every((notification) => !/Lead \d/.test(notification.text))).toBe(true);
  });

  it("keeps the records in the Owners' queue and asks the Owners to reassign them", async () => {
    const olga = await actorOf("olga");
    await server.services.leavers.setRule(olga, { kind: "ownersQueue" });
    expect((await server.call("PATCH", "/api/users/max", { ...as("olga"), body: { active: false } })).status).toBe(200);
    await restarted.leaverJobs.drain();
    expect((await owned("max")).length).toBe(1);
    expect(await server.services.leavers.pending(olga)).toEqual([expect.objectContaining({ userId: "max", displayName: "Max", status: "waiting", moved: 0 })]);
    expect(told.find((notification) => notification.title === "Reassign Max's records")?.recipient).toEqual({ kind: "user", userId: "olga" });
  });
});
