/**
 * A crash between a change and its workflow's actions: the change writer's outbox
 * redelivers the event, and the actions take effect exactly once, even when the
 * worker also dies after acting and runs the same job again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoredNotificationPort, TableStore } from "@crm/shared/storage";
import { createServices } from "@crm/shared/services";
import type { Actor } from "@crm/shared/policy";
import type { CrmServices } from "@crm/shared/services";
import type { WorkflowEngine } from "@crm/shared/workflows";
import { TestClock } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let store: TableStore;
let services: CrmServices;
let engine: WorkflowEngine;
let owner: Actor;
const crash = { armed: false };

/** The services' view of the store: while armed, the process is "dead" from the moment the engine writes the change's job, so the job is never stored (nor on the writer's retries); disarming is the restart. */
function dyingAtEnqueue(store: TableStore): TableStore {
  const passThrough = <T extends object>(target: T, override: (property: string | symbol) => unknown) =>
    new Proxy(target, {
      get(object, property, receiver) {
        const replaced = override(property);
        if (replaced) return replaced;
        const value = Reflect.get(object, property, receiver);
        return typeof value === "function" ? value.bind(object) : value;
      },
    });
  return passThrough(store, (property) => {
    if (property !== "table") return undefined;
    return (name: Parameters<TableStore["table"]>[0]) => {
      const client = store.table(name);
      return passThrough(client, (method) => {
        if (name !== "work" || method !== "createEntity") return undefined;
        return async (...args: Parameters<typeof client.createEntity>) => {
          if (crash.armed && String(args[0].partitionKey).endsWith("|q")) {
            throw new Error("the process died here");
          }
          return client.createEntity(...args);
        };
      });
    };
  });
}

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
  services = createServices(dyingAtEnqueue(store), clock, { holderId: "crash-test" });
  engine = services.workflowEngine;
  owner = (await services.actors.resolve({ tenantId: "crash", userId: "owner", displayName: "Owner" })).actor;
  for (const userId of ["ann", "bob"]) await services.configuration.addUser(owner, { userId, displayName: userId });
  await services.workflows.create(owner, {
    name: "New lead routine",
    entity: "lead",
    trigger: { type: "created" },
    actions: [
      { type: "assign", strategy: "roundRobin", pool: { userIds: ["ann", "bob"] } },
      { type: "notify", to: { kind: "owner" }, message: "{record} is yours" },
      { type: "addNote", text: "Assigned by the lead routine" },
      { type: "createTask", kind: "task", title: "Call {record}", due: { amount: 1, unit: "days" }, assignTo: { kind: "owner" } },
    ],
  });
});
afterAll(async () => {
  await engine?.stop();
  await store?.close();
});

const queued = async () => {
  const rows: Record<string, unknown>[] = [];
  for await (const row of store.table("work").listEntities<Record<string, unknown>>({ queryOptions: { filter: "PartitionKey eq 'crash|q'" } })) rows.push(row);
  return rows;
};

describe("a crash between the change and the action", () => {
  it("runs the actions once the outbox sweeper redelivers the event", async () => {
    crash.armed = true;
    // The write is made and its caller hears success; the follow-ups (events included) stay in the outbox.
    await services.records.create(owner, "lead", { name: "Acme" });
    crash.armed = false; // the restart
    const leads = await services.records.list(owner, "lead", { owner: "all" });
    expect(leads.items).toHaveLength(1);
    const leadId = leads.items[0]!.record.id;
    expect(await engine.drain()).toBe(0); // the engine never heard of it

    // The sweeper (here called directly) finishes the change's follow-ups, events included.
    expect(await services.events.sweep("records", 0, Date.now() + 1000)).toBe(1);
    const jobs = await queued();
    expect(jobs.filter((row) => String(row.jobKey).startsWith("e|"))).toHaveLength(1);

    await engine.drain();
    const lead = await services.records.get(owner, "lead", leadId);
    expect(lead.record.ownerId).toBe("ann");
    expect((await services.records.listNotes(owner, "lead", leadId, 10)).items).toHaveLength(1);
    expect(await engine.stores.tasks.list("crash", "ann")).toHaveLength(1);
    expect(await (engine.storedNotifications as StoredNotificationPort).pending("crash")).toHaveLength(2); // "is yours" + "new task"

    // Redelivering the same event again (a second sweep, a second instance) adds nothing.
    for (const row of jobs) {
      const { partitionKey: _p, rowKey: _r, etag: _e, timestamp: _t, ...properties } = row;
      await store.table("work").upsertEntity({ partitionKey: String(row.partitionKey), rowKey: String(row.rowKey), ...properties }, "Replace");
    }
    await store.table("work").upsertEntity({ partitionKey: "~due", rowKey: "crash", nextDue: 0 }, "Replace");
    expect(await engine.drain()).toBe(1);
    expect((await services.records.get(owner, "lead", leadId)).record.ownerId).toBe("ann");
    expect((await services.records.listNotes(owner, "lead", leadId, 10)).items).toHaveLength(1);
    expect(await engine.stores.tasks.list("crash", "ann")).toHaveLength(1);
    expect(await (engine.storedNotifications as StoredNotificationPort).pending("crash")).toHaveLength(2);
    const history = await engine.stores.runs.forRecord("crash", "lead", leadId, 10);
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ status: "done" });

    // The round-robin counter moved once: the next lead goes to bob.
    const next = await services.records.create(owner, "lead", { name: "Globex" });
    await engine.drain();
    expect((await services.records.get(owner, "lead", next.record.id)).record.ownerId).toBe("bob");
  });

  it("continues a job that died half-way from its saved plan, without redoing the done actions", async () => {
    const created = await services.records.create(owner, "lead", { name: "Initech" });
    const [job] = await engine.stores.queue.due("crash", clock.now().getTime(), 10);
    expect(job).toBeDefined();
    // Pretend the first two actions ran and the worker died before the third: the plan says so.
    // A real first attempt saved exactly this after its second action.
    const actor = await engine.actorFor("crash", (await engine.stores.definitions.list("crash"))[0]!);
    await services.records.assign(actor, "lead", created.record.id, "ann");
    await engine.stores.queue.savePlan(job!, {
      conditions: { passed: true, match: "all", results: [] },
      next: 2,
      outcomes: [
        { type: "assign", description: "assign", outcome: "done", detail: "assigned to ann" },
        { type: "notify", description: "notify", outcome: "done", detail: "told ann" },
      ],
    });
    const before = (await (engine.storedNotifications as StoredNotificationPort).pending("crash")).length;
    await engine.drain();
    const lead = await services.records.get(owner, "lead", created.record.id);
    expect(lead.record.ownerId).toBe("ann");
    // Only the note and the task ran (the task tells its assignee once).
    expect((await services.records.listNotes(owner, "lead", created.record.id, 10)).items).toHaveLength(1);
    expect((await (engine.storedNotifications as StoredNotificationPort).pending("crash")).length).toBe(before + 1);
    const [run] = (await engine.stores.runs.forRecord("crash", "lead", created.record.id, 10)).items;
    expect(run!.actions.map((action) => action.outcome)).toEqual(["done", "done", "done", "done"]);
  });
});
