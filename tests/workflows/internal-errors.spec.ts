/**
 * An unexpected failure inside an action (a storage or network error, a bug) must
 * not show its raw text to users: runs and dead letters get a generic message with
 * a short reference; the raw error goes to the server log only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TableStore } from "@crm/shared/storage";
import { createServices } from "@crm/shared/services";
import type { Actor } from "@crm/shared/policy";
import type { CrmServices } from "@crm/shared/services";
import type { WorkflowEngine } from "@crm/shared/workflows";
import { TestClock } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
const secret = "connect ECONNREFUSED 10.1.2.3:443 AccountKey=c2VjcmV0";
const logged: { message: string; error: unknown }[] = [];
let store: TableStore;
let services: CrmServices;
let engine: WorkflowEngine;
let owner: Actor;

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
  const failingPort = {
    enqueue: async () => {
      throw new Error(secret);
    },
  };
  services = createServices(store, clock, {
    notifications: failingPort,
    holderId: "internal-errors",
    workflows: { maxAttempts: 2, backoffMs: () => 0, logError: (message, error) => logged.push({ message, error }) },
  });
  engine = services.workflowEngine;
  owner = (await services.actors.resolve({ tenantId: "interr", userId: "owner", displayName: "Owner" })).actor;
  await services.workflows.create(owner, {
    name: "Tell the owner",
    entity: "lead",
    trigger: { type: "created" },
    actions: [{ type: "notify", to: { kind: "owner" }, message: "{record} is new" }],
  });
});
afterAll(async () => {
  await engine?.stop();
  await store?.close();
});

describe("unexpected failures", () => {
  it("store a generic message with a reference in runs and dead letters, and log the raw error", async () => {
    const { record } = await services.records.create(owner, "lead", { name: "Acme" });
    await engine.drain();
    const letters = await engine.stores.queue.letters.list("interr");
    expect(letters).toHaveLength(1);
    const runs = await engine.stores.runs.forRecord("interr", "lead", record.id, 10);
    const shown = JSON.stringify({ letters, runs });
    expect(shown).not.toContain("ECONNREFUSED");
    expect(shown).not.toContain("AccountKey");
    expect(letters[0]!.reason).toMatch(/^Unexpected failure \(reference [0-9a-f]{8}\)/);
    const reference = /reference ([0-9a-f]{8})/.exec(letters[0]!.reason)![1]!;
    const run = runs.items.find((item) => item.status === "failed")!;
    expect(run.actions[0]!.detail).toContain(`reference ${reference}`);
    // The raw error reaches the log, under the same reference.
    const entry = logged.find((item) => item.message.includes(reference));
    expect(entry?.error).toBeInstanceOf(Error);
    expect((entry!.error as Error).message).toBe(secret);
  });
});
