/**
 * The job queue on a real (in-memory) Azurite: idempotent enqueue, progress saved
 * with the ETag, retries, dead letters with their group's count, revive and discard;
 * and the "~due" marker against a concurrent enqueue: settle's conditional delete must
 * lose to an enqueue that happened after settle looked at the queue, even when the
 * new job is due later than the marker already says.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashKey } from "../domain/ids.js";
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
    expect((await jobs.due("t1", 2_000, 10)).map((job) => [job.key, job.job.n])).toEqual([["a", 1], ["b", 2]]);
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

  it("dead-letters a job with its group's count in step; reviving puts it back due now, discarding removes it", async () => {
    const jobs = queue();
    for (const key of ["x", "y"]) await jobs.enqueue("t4", key, { group: "g1", n: 1 }, 1_000, meta);
    const [x, y] = await jobs.due("t4", 1_000, 10);
    const letter = await jobs.deadLetter(x!, "It failed.", "2026-03-02T09:01:00.000Z", { note: "why" });
    expect(letter).toMatchObject({ key: "x", attempts: 1, reason: "It failed.", note: "why", job: { group: "g1" } });
    // The same job dead-lettered again (a crash before it was removed) is not counted twice.
    await jobs.deadLetter(x!, "It failed again.", "2026-03-02T09:02:00.000Z", {});
    await jobs.deadLetter(y!, "It failed.", "2026-03-02T09:03:00.000Z", {});
    expect(await jobs.due("t4", 1_000, 10)).toEqual([]);
    expect((await jobs.deadLetters("t4")).map((item) => item.key)).toEqual(["y", "x"]);
    expect((await jobs.groupCounts("t4")).get("g1")?.openDeadLetters).toBe(2);

    expect(await jobs.revive("t4", letter.id, 7_000)).toMatchObject({ key: "x" });
    expect((await jobs.due("t4", 7_000, 10)).map((job) => [job.key, job.attempts])).toEqual([["x", 0]]);
    expect(await jobs.discard("t4", hashKey("y"))).toBe(true);
    expect(await jobs.discard("t4", hashKey("y"))).toBe(false);
    expect(await jobs.revive("t4", letter.id, 7_000)).toBeUndefined();
    expect(await jobs.deadLetters("t4")).toEqual([]);
    expect((await jobs.groupCounts("t4")).get("g1")?.openDeadLetters).toBe(0);
  });

  it("repairs counts that are off from a complete list of the letters", async () => {
    const jobs = queue();
    await jobs.enqueue("t5", "z", { group: "g2", n: 1 }, 1_000, meta);
    await jobs.deadLetter((await jobs.due("t5", 1_000, 10))[0]!, "It failed.", "2026-03-02T09:00:00.000Z", {});
    await store.table("work").updateEntity({ partitionKey: jobs.deadLetterPartition("t5"), rowKey: "~sum|g2", openDeadLetters: 7 }, "Merge");
    await jobs.repairCounts("t5", await jobs.groupCounts("t5"), await jobs.deadLetters("t5"));
    expect((await jobs.groupCounts("t5")).get("g2")?.openDeadLetters).toBe(1);
  });
});
