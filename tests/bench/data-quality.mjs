/**
 * Data-quality benchmark (loopback only: an embedded in-memory Azurite).
 *
 * - checks of one change: storage round trips of the checker for one record update
 *   (rules, form, record, quality state, findings, duplicate value rows), averaged;
 * - full scan: records checked per second over the bench tenant, in the scan's batches;
 * - routed: new findings per second routed to their recipients during that scan (a form
 *   change makes a field required that every record leaves empty).
 *
 * Needs the built shared package (`npm run build`). Bounded in count and time.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const round = (value) => Math.round(value * 100) / 100;

export async function runDataQualityBench({ records = 300, timeLimitMs = 60_000 } = {}) {
  const { createServices } = await import("../../shared/dist/services/index.js");
  const { TableStore } = await import("../../shared/dist/storage/index.js");
  const { defaultForm } = await import("../../shared/dist/domain/index.js");
  const deadline = Date.now() + timeLimitMs;
  const store = await TableStore.open({ inMemory: true });
  let routed = 0;
  try {
    const services = createServices(store, undefined, { holderId: "bench", notifications: { enqueue: async () => void (routed += 1) } });
    const owner = (await services.actors.resolve({ tenantId: "bench", userId: "owner", displayName: "Owner" })).actor;
    const ids = [];
    for (let index = 0; index < records && Date.now() < deadline; index += 1) {
      ids.push((await services.records.create(owner, "lead", { name: `Lead ${index}`, email: `lead${index % 50}@example.com`, phone: `+1 555 01${String(index).padStart(5, "0")}` })).record.id);
    }
    // One change's checks, as the change writer's sink runs them.
    const samples = Math.min(20, ids.length);
    const before = store.roundTrips;
    for (let index = 0; index < samples; index += 1) await services.dataQuality.onEvent({ type: "record.updated", tenantId: "bench", entity: "lead", recordId: ids[index] }, `bench-${index}`);
    const perChange = (store.roundTrips - before) / samples;

    await services.configuration.putForm(
      owner,
      "lead",
      defaultForm("lead").map((field) => (field.key === "company" ? { ...field, required: true } : field)),
    );
    routed = 0;
    await services.dataQuality.requestScan(owner);
    const scanStart = performance.now();
    await services.qualityScan.drain();
    const scanSeconds = (performance.now() - scanStart) / 1000;
    return { records: ids.length, roundTripsPerChange: round(perChange), scanRecordsPerSecond: round(ids.length / scanSeconds), routedPerSecond: round(routed / scanSeconds), routed };
  } finally {
    await store.close();
  }
}

/** What the main bench script (tests/bench/run.mjs) calls, printed in its format. */
export async function runQualityBench({ seconds = 3 } = {}) {
  const result = await runDataQualityBench({ records: 300, timeLimitMs: Math.max(10, seconds * 10) * 1000 });
  const line = (name, value) => console.log(`${name.padEnd(58)} ${value}`);
  line("data quality: storage round trips of one change's checks", result.roundTripsPerChange);
  line(`data quality: full scan records/s (${result.records} records)`, result.scanRecordsPerSecond);
  line(`data quality: findings routed/s during the scan (${result.routed})`, result.routedPerSecond);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.log(JSON.stringify(await runDataQualityBench({ records: Number(process.env.BENCH_RECORDS ?? 300) }), null, 2));
}
