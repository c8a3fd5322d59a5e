/**
 * The worker: a pass claims the queue's lease, so of two instances only one works;
 * stop hands the lease back; failJob retries with backoff, then dead-letters.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueuedJob } from "./job-queue.js";
import { JobQueue, queueLayout } from "./job-queue.js";
import { JobWorker, failJob } from "./job-worker.js";
import { LeaseManager } from "./leases.js";
import { TableStore } from "./table-store.js";

type Payload = { n: number };
let store: TableStore;
const clock = { at: 1_000, now: () => new Date(clock.at) };
const meta = { enqueuedAt: "2026-03-02T09:00:00.000Z" };

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
});
afterAll(async () => {
  await store?.close();
});

const workerOf = (queue: JobQueue<Payload, never, object>, lease: string, holder: string, seen: string[], handle?: (job: QueuedJob<Payload>) => Promise<void>) =>
  new JobWorker(
    queue,
    new LeaseManager(store, holder),
    clock,
    () =>
      handle ??
      (async (job) => {
        seen.push(`${holder}:${job.key}`);
        await queue.complete(job);
      }),
    { lease, leaseMs: 60_000 },
  );

describe("JobWorker", () => {
  it("works under the lease: one instance at a time, the other once the first stops", async () => {
    const queue = new JobQueue<Payload>(store, queueLayout("worker-spec"));
    const seen: string[] = [];
    const first = workerOf(queue, "spec-worker", "w-1", seen);
    const second = workerOf(queue, "spec-worker", "w-2", seen);
    await queue.enqueue("t1", "a", { n: 1 }, 1_000, meta);
    await queue.enqueue("t2", "b", { n: 2 }, 1_000, meta);
    expect(await first.drain()).toBe(2);
    await queue.enqueue("t1", "c", { n: 3 }, 1_000, meta);
    expect(await second.tick()).toBe(0);
    await first.stop();
    expect(await second.drain()).toBe(1);
    expect(seen).toEqual(["w-1:a", "w-1:b", "w-2:c"]);
    expect(await queue.dueTenants(Number.MAX_SAFE_INTEGER)).toEqual([]);
    await second.stop();
  });

  it("writes nothing while nothing is due: no lease is taken", async () => {
    const queue = new JobQueue<Payload>(store, queueLayout("worker-idle"));
    const worker = workerOf(queue, "idle-worker", "idle-1", []);
    await queue.enqueue("t1", "later", { n: 1 }, 10_000, meta);
    expect(await worker.tick()).toBe(0);
    expect(await worker.tick()).toBe(0);
    const leases = store.table("leases").listEntities({ queryOptions: { filter: "PartitionKey eq 'lease' and RowKey eq 'idle-worker'" } });
    const rows = [];
    for await (const row of leases) rows.push(row);
    expect(rows).toEqual([]);
    await worker.stop();
  });

  it("leaves jobs due later for later, and passes never overlap", async () => {
    const queue = new JobQueue<Payload>(store, queueLayout("worker-later"));
    let running = 0;
    let overlapped = false;
    const worker = workerOf(queue, "later-worker", "later-1", [], async (job) => {
      running += 1;
      if (running > 1) overlapped = true;
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      await queue.complete(job);
    });
    await queue.enqueue("t1", "now", { n: 1 }, 1_000, meta);
    await queue.enqueue("t1", "soon", { n: 2 }, 5_000, meta);
    const [a, b] = await Promise.all([worker.tick(), worker.tick()]);
    expect(a + b).toBe(1);
    expect(overlapped).toBe(false);
    clock.at = 5_000;
    expect(await worker.drain()).toBe(1);
    await worker.stop();
  });

  it("failJob retries with the policy's backoff, then dead-letters (at once when permanent)", async () => {
    const queue = new JobQueue<Payload, never, { why: string }>(store, queueLayout("worker-fail"), () => "group");
    const policy = { maxAttempts: 3, backoffMs: (attempt: number) => attempt * 100 };
    await queue.enqueue("t1", "flaky", { n: 1 }, 0, meta);
    const outcomes: unknown[] = [];
    for (let round = 0; round < 3; round += 1) {
      const [job] = await queue.due("t1", Number.MAX_SAFE_INTEGER, 1);
      outcomes.push(await failJob(queue, job!, { reason: "Busy.", permanent: false, now: new Date(10_000), details: { why: "busy" } }, policy));
    }
    expect(outcomes).toEqual([
      { outcome: "retrying", retryAt: 10_100 },
      { outcome: "retrying", retryAt: 10_200 },
      { outcome: "failed", reason: "Busy. (gave up after 3 attempts)" },
    ]);
    await queue.enqueue("t1", "broken", { n: 2 }, 0, meta);
    const [broken] = await queue.due("t1", Number.MAX_SAFE_INTEGER, 1);
    expect(await failJob(queue, broken!, { reason: "Gone.", permanent: true, now: new Date(10_000), details: { why: "gone" } }, policy)).toEqual({ outcome: "failed", reason: "Gone." });
    expect((await queue.letters.list("t1")).map((letter) => [letter.key, letter.attempts, letter.why])).toEqual(
      expect.arrayContaining([
        ["flaky", 3, "busy"],
        ["broken", 1, "gone"],
      ]),
    );
    expect((await queue.letters.groupCounts("t1")).get("group")?.openDeadLetters).toBe(2);
  });
});
