/**
 * The "~due" marker and a concurrent enqueue: settle's conditional delete must
 * lose to an enqueue that happened after settle looked at the queue, even when
 * the new job is due later than the marker already says.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TableStore } from "../storage/table-store.js";
import { WorkQueue } from "./work-queue.js";

let store: TableStore;

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
});
afterAll(async () => {
  await store?.close();
});

describe("WorkQueue marker", () => {
  it("keeps a job enqueued between settle's read of the queue and its delete of the marker", async () => {
    const tenantId = "race";
    const meta = { depth: 0, enqueuedAt: "2026-03-02T09:00:00.000Z" };
    let interleave: (() => Promise<void>) | undefined;
    // The worker's view of the store: right before it deletes the marker, another
    // instance enqueues a job (the interleaving, made explicit).
    const workerStore = {
      table(name: Parameters<TableStore["table"]>[0]) {
        const client = store.table(name);
        return new Proxy(client, {
          get(target, property, receiver) {
            if (property === "deleteEntity") {
              return async (...args: Parameters<typeof client.deleteEntity>) => {
                const run = interleave;
                interleave = undefined;
                if (run) await run();
                return target.deleteEntity(...args);
              };
            }
            const value = Reflect.get(target, property, receiver);
            return typeof value === "function" ? value.bind(target) : value;
          },
        });
      },
    } as unknown as TableStore;
    const worker = new WorkQueue(workerStore);
    const producer = new WorkQueue(store);

    const first = await producer.enqueue(tenantId, "job-a", { kind: "reminder", taskId: "a", userId: "ann" }, 1_000, meta);
    const [due] = (await worker.dueTenants(2_000)).filter((entry) => entry.tenantId === tenantId);
    expect(due).toBeDefined();
    const [job] = await worker.due(tenantId, 2_000, 10);
    await worker.complete(job!);
    expect(first).toBeDefined();

    // A job due later than the marker (1 000) arrives while settle works.
    interleave = async () => {
      await producer.enqueue(tenantId, "job-b", { kind: "reminder", taskId: "b", userId: "ann" }, 1_500, meta);
    };
    await worker.settle(tenantId, due!.etag);
    expect(interleave).toBeUndefined();

    const later = (await worker.dueTenants(2_000)).filter((entry) => entry.tenantId === tenantId);
    expect(later).toHaveLength(1);
    expect((await worker.due(tenantId, 2_000, 10)).map((queued) => queued.key)).toEqual(["job-b"]);
  });
});
