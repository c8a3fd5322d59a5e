/**
 * Workflow engine benchmark (loopback only: an embedded in-memory Azurite).
 *
 * - raw: sequential entity inserts per second, the storage's own pace here;
 * - throughput: domain events processed per second by the engine with a no-op
 *   action (a backlog of record.created events drained by `drain()`), and its
 *   ratio to the raw insert rate;
 * - lag: change-to-action time (wall clock) while changes arrive at about the
 *   measured throughput and the worker polls every 10 ms.
 *
 * Needs the built shared package (`npm run build`). Bounded in count and time.
 * `runWorkflowsBench(options)` is what the main bench script calls.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (value) => Math.round(value * 100) / 100;

export async function runWorkflowsBench({ events = 200, timeLimitMs = 60_000 } = {}) {
  const { TableStore } = await import("../../shared/dist/storage/index.js");
  const { createServices } = await import("../../shared/dist/services/index.js");
  const deadline = Date.now() + timeLimitMs;
  const store = await TableStore.open({ inMemory: true });
  try {
    const done = [];
    const services = createServices(store, undefined, {
      notifications: { enqueue: async () => undefined },
      holderId: "bench",
      workflows: {
        batchSize: 100,
        onJobDone: (info) => {
          if (info.kind === "event") done.push(info);
        },
      },
    });
    const engine = services.workflowEngine;
    const owner = (await services.actors.resolve({ tenantId: "bench", userId: "owner", displayName: "Owner" })).actor;
    await services.workflows.create(owner, { name: "No-op", entity: "lead", trigger: { type: "created" }, actions: [{ type: "noop" }] });

    // Raw storage writes, sequential like the worker.
    const raw = store.table("work");
    let rawCount = 0;
    const rawStart = performance.now();
    while (rawCount < events && Date.now() < deadline) {
      await raw.createEntity({ partitionKey: "bench|raw", rowKey: String(rawCount).padStart(8, "0"), payload: "x".repeat(200) });
      rawCount += 1;
    }
    const rawPerSecond = rawCount / ((performance.now() - rawStart) / 1000);

    // Throughput: a backlog of events, drained.
    for (let index = 0; index < events && Date.now() < deadline; index += 1) {
      await services.records.create(owner, "lead", { name: `Lead ${index}` });
    }
    const backlog = (await engine.stores.queue.due("bench", Date.now() + 1000, 1000)).length;
    done.length = 0;
    const drainStart = performance.now();
    await engine.drain();
    const drainSeconds = (performance.now() - drainStart) / 1000;
    const processed = done.length;
    const eventsPerSecond = processed / drainSeconds;

    // Lag at that load: changes paced at the measured throughput, the worker polling.
    done.length = 0;
    const lagEvents = Math.min(events, Math.max(20, Math.floor(eventsPerSecond * 5)));
    const gapMs = 1000 / Math.max(eventsPerSecond, 1);
    engine.start(10);
    const produceStart = performance.now();
    let produced = 0;
    while (produced < lagEvents && Date.now() < deadline) {
      await services.records.create(owner, "lead", { name: `Paced ${produced}` });
      produced += 1;
      const wait = produceStart + produced * gapMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    while (done.length < produced && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await engine.stop();
    const lags = done.map((info) => info.lagMs);

    return {
      name: "workflows",
      rawWritesPerSecond: round(rawPerSecond),
      backlog,
      eventsProcessed: processed,
      eventsPerSecond: round(eventsPerSecond),
      ratioToRawWrites: round(eventsPerSecond / rawPerSecond),
      lag: { events: lags.length, offeredPerSecond: round(eventsPerSecond), p50Ms: round(percentile(lags, 50)), p95Ms: round(percentile(lags, 95)), maxMs: round(Math.max(0, ...lags)) },
      storageRoundTrips: store.roundTrips,
    };
  } finally {
    await store.close();
  }
}

/** What the main bench script (tests/bench/run.mjs) calls: a run bounded by `seconds`, printed in its format. */
export async function runWorkflowBench({ seconds = 3 } = {}) {
  const result = await runWorkflowsBench({ events: 200, timeLimitMs: Math.max(10, seconds * 10) * 1000 });
  const line = (name, value) => console.log(`${name.padEnd(58)} ${value}`);
  line("Workflow events/s with a no-op action (ratio to raw inserts)", `${result.eventsPerSecond.toFixed(1)} (${result.ratioToRawWrites.toFixed(2)})`);
  line("Workflow change-to-action lag at that load p50/p95 ms", `${result.lag.p50Ms.toFixed(0)}/${result.lag.p95Ms.toFixed(0)}`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const events = Number(process.env.BENCH_EVENTS ?? 200);
  runWorkflowsBench({ events }).then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
