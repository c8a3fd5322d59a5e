/**
 * The worker: a pass claims each tenant's lease, so of two instances only one works a
 * tenant while the other works the next; the lease is renewed while jobs run and
 * checked before each one; stop ends the pass after the job in hand and hands the
 * leases back; failJob retries with backoff, then dead-letters.
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

const workerOf = (queue: JobQueue<Payload, never, object>, lease: string, holder: string, seen: string[], handle?: (job: QueuedJob<Payload>) => Promise<void>, leaseMs = 60_000) =>
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
    { lease, leaseMs },
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function leaseRows(prefix: string) {
  const rows = [];
  const filter = `PartitionKey eq 'lease' and RowKey ge '${prefix}' and RowKey lt '${prefix}~'`;
  for await (const row of store.table("leases").listEntities<{ holder: string }>({ queryOptions: { filter } })) rows.push(row);
  return rows;
}

describe("JobWorker", () => {
  it("works a tenant's jobs side by side up to its concurrency, one lane's jobs in due order", async () => {
    const queue = new JobQueue<Payload>(store, queueLayout("worker-lanes"));
    for (let n = 0; n < 12; n += 1) await queue.enqueue("lanes", `job-${n}`, { n }, 1_000 + n, meta);
    let inFlight = 0;
    let widest = 0;
    const order: number[] = [];
    const worker = new JobWorker(
      queue,
      new LeaseManager(store, "lanes"),
      clock,
      () => async (job) => {
        inFlight += 1;
        widest = Math.max(widest, inFlight);
        await sleep(20);
        order.push(job.job.n);
        inFlight -= 1;
        await queue.complete(job);
      },
      // Three lanes by n % 3: 0,3,6,9 / 1,4,7,10 / 2,5,8,11.
      { lease: "lanes-worker", concurrency: 4, orderKey: (job) => String(job.job.n % 3) },
    );
    clock.at = 2_000;
    expect(await worker.drain()).toBe(12);
    expect(widest).toBe(3);
    for (const lane of [0, 1, 2]) expect(order.filter((n) => n % 3 === lane)).toEqual([0, 3, 6, 9].map((n) => n + lane));
    clock.at = 1_000;
  });

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
    expect(await leaseRows("idle-worker")).toEqual([]);
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

  it("spreads tenants over instances: two workers work two tenants at the same time", async () => {
    const queue = new JobQueue<Payload>(store, queueLayout("worker-spread"));
    const started = new Set<string>();
    const both = async (job: QueuedJob<Payload>) => {
      started.add(job.key);
      // Each job waits until the other tenant's job has started too: only two workers side by side get past this.
      for (let waited = 0; started.size < 2 && waited < 3_000; waited += 20) await sleep(20);
      await queue.complete(job);
    };
    const a = workerOf(queue, "spread-worker", "spread-a", [], both);
    const b = workerOf(queue, "spread-worker", "spread-b", [], both);
    await queue.enqueue("t1", "one", { n: 1 }, 1_000, meta);
    await queue.enqueue("t2", "two", { n: 2 }, 1_000, meta);
    const startedAt = Date.now();
    const [ranA, ranB] = await Promise.all([a.tick(), b.tick()]);
    expect([ranA, ranB].sort()).toEqual([1, 1]);
    expect(Date.now() - startedAt).toBeLessThan(2_500);
    expect((await leaseRows("spread-worker|")).map((row) => row.holder).sort()).toEqual(["spread-a", "spread-b"]);
    await Promise.all([a.stop(), b.stop()]);
    expect((await leaseRows("spread-worker|")).map((row) => row.holder)).toEqual(["", ""]);
  });

  it("renews the lease while a long job runs, so no other instance takes the tenant meanwhile", async () => {
    const queue = new JobQueue<Payload>(store, queueLayout("worker-renew"));
    const seen: string[] = [];
    const slow = workerOf(
      queue,
      "renew-worker",
      "renew-slow",
      seen,
      async (job) => {
        seen.push(`slow:${job.key}`);
        await sleep(900);
        await queue.complete(job);
      },
      300,
    );
    const other = workerOf(queue, "renew-worker", "renew-other", seen, undefined, 300);
    await queue.enqueue("t1", "long", { n: 1 }, 1_000, meta);
    await queue.enqueue("t1", "next", { n: 2 }, 1_000, meta);
    const running = slow.tick();
    await sleep(600);
    expect(await other.tick()).toBe(0);
    expect(await running).toBe(2);
    expect(seen).toEqual(["slow:long", "slow:next"]);
    await Promise.all([slow.stop(), other.stop()]);
  });

  it("stops before the next job once its lease is taken by another holder", async () => {
    const queue = new JobQueue<Payload>(store, queueLayout("worker-fenced"));
    const seen: string[] = [];
    const worker = workerOf(
      queue,
      "fenced-worker",
      "fenced-1",
      seen,
      async (job) => {
        seen.push(job.key);
        // Another instance took over (say this one was paused past the lease): its next renewal fails.
        await store.table("leases").updateEntity({ partitionKey: "lease", rowKey: "fenced-worker|t1", holder: "usurper", expiresAt: Date.now() + 60_000 }, "Replace");
        await sleep(250);
        await queue.complete(job);
      },
      300,
    );
    await queue.enqueue("t1", "first", { n: 1 }, 1_000, meta);
    await queue.enqueue("t1", "second", { n: 2 }, 1_000, meta);
    expect(await worker.tick()).toBe(1);
    expect(seen).toEqual(["first"]);
    expect((await queue.due("t1", Number.MAX_SAFE_INTEGER, 10)).map((job) => job.key)).toEqual(["second"]);
    await worker.stop();
    expect((await leaseRows("fenced-worker|"))[0]?.holder).toBe("usurper");
  });

  it("stops after the job in hand, and a restarted worker does the rest", async () => {
    const queue = new JobQueue<Payload>(store, queueLayout("worker-stop"));
    const seen: string[] = [];
    let stopped: Promise<void> | undefined;
    const worker = workerOf(queue, "stop-worker", "stop-1", seen, async (job) => {
      seen.push(job.key);
      stopped ??= worker.stop();
      await queue.complete(job);
    });
    for (const key of ["a", "b"]) await queue.enqueue("t1", key, { n: 1 }, 1_000, meta);
    await queue.enqueue("t2", "c", { n: 1 }, 1_000, meta);
    expect(await worker.tick()).toBe(1);
    await stopped;
    // The pass ended there: it did not even claim the next tenant.
    expect(await leaseRows("stop-worker|t2")).toEqual([]);
    const successor = workerOf(queue, "stop-worker", "stop-2", seen);
    expect(await successor.drain()).toBe(2);
    expect(seen).toEqual(["a", "stop-2:b", "stop-2:c"]);
    await successor.stop();
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
