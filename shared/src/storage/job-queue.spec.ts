/**
 * The job queue on a real (in-memory) Azurite: idempotent enqueue, progress saved
 * with the ETag, retries; and the "~due" marker against a concurrent enqueue: settle's conditional delete must
 * lose to an enqueue that happened after settle looked at the queue, even when the
 * new job is due later than the marker already says.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobQueue, queueLayout } from "./job-queue.js";
import { TableStore } from "./table-store.js";

let store: TableStore;

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
});
afterAll(async () => {
  await store?.close();
});

describe("JobQueue marker", () => {
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
    const layout = queueLayout("race");
    const worker = new JobQueue<{ taskId: string }>(workerStore, layout);
    const producer = new JobQueue<{ taskId: string }>(store, layout);

    const first = await producer.enqueue(tenantId, "job-a", { taskId: "a" }, 1_000, meta);
    const [due] = (await worker.dueTenants(2_000)).filter((entry) => entry.tenantId === tenantId);
    expect(due).toBeDefined();
    const [job] = await worker.due(tenantId, 2_000, 10);
    await worker.complete(job!);
    expect(first).toBeDefined();

    // A job due later than the marker (1 000) arrives while settle works.
    interleave = async () => {
      await producer.enqueue(tenantId, "job-b", { taskId: "b" }, 1_500, meta);
    };
    await worker.settle(tenantId, due!.etag);
    expect(interleave).toBeUndefined();

    const later = (await worker.dueTenants(2_000)).filter((entry) => entry.tenantId === tenantId);
    expect(later).toHaveLength(1);
    expect((await worker.due(tenantId, 2_000, 10)).map((queued) => queued.key)).toEqual(["job-b"]);
  });
});

describe("JobQueue jobs", () => {
  type Payload = { group: string; n: number };
  const meta = { enqueuedAt: "2026-03-02T09:00:00.000Z" };
  const queue = () => new JobQueue<Payload, { next: number }, { note?: string }>(store, queueLayout("jobs-spec"), (job) => job.group);

  it("enqueues a key once per due time, and lists only what is due, earliest first", async () => {
    const jobs = queue();
    expect(await jobs.enqueue("t1", "b", { group: "g", n: 2 }, 2_000, meta)).toBeDefined();
    expect(await jobs.enqueue("t1", "a", { group: "g", n: 1 }, 1_000, meta)).toBeDefined();
    expect(await jobs.enqueue("t1", "a", { group: "g", n: 1 }, 1_000, meta)).toBeUndefined();
    expect(await jobs.enqueue("t1", "later", { group: "g", n: 3 }, 9_000, meta)).toBeDefined();
    expect((await jobs.due("t1", 2_000, 10)).map((job) => [job.key, job.job.n])).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    expect((await jobs.dueTenants(2_000)).map((due) => due.tenantId)).toEqual(["t1"]);
    expect(await jobs.dueTenants(500)).toEqual([]);
    expect(await jobs.due("t2", 2_000, 10)).toEqual([]);
  });

  it("saves a plan only against the ETag it read, and keeps plan and key through a retry", async () => {
    const jobs = queue();
    await jobs.enqueue("t3", "planned", { group: "g", n: 1 }, 1_000, { ...meta, depth: 2, causedAt: 500 });
    const [job] = await jobs.due("t3", 1_000, 10);
    const etag = await jobs.savePlan(job!, { next: 1 });
    await expect(jobs.savePlan(job!, { next: 2 })).rejects.toMatchObject({ statusCode: 412 });
    await jobs.retryLater({ ...job!, etag, plan: { next: 1 } }, 5_000, "storage was busy");
    expect(await jobs.due("t3", 4_999, 10)).toEqual([]);
    const [retried] = await jobs.due("t3", 5_000, 10);
    expect(retried).toMatchObject({ key: "planned", attempts: 1, depth: 2, causedAt: 500, lastError: "storage was busy", plan: { next: 1 } });
    await jobs.complete(retried!);
    await jobs.complete(retried!);
    expect(await jobs.due("t3", 10_000, 10)).toEqual([]);
  });
});
