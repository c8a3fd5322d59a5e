/**
 * Background backlog under load (loopback only: the built server on an in-memory
 * embedded Azurite). Six clients create leads through the HTTP API for
 * `BENCH_SOAK_SECONDS` (60 by default) while the round-robin workflow assigns each
 * new lead to a Member. Prints creates per second, workflow runs per second, the
 * change-to-run lag during the load (p50/p95, the goal p95 <= 5 s), the backlog
 * when the load stops, and how long the queue then takes to empty (goal <= 10 s).
 *
 * Needs the built packages (`npm run build`). Bounded in time: the load runs for
 * the given seconds, the drain waits at most 60 s more.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

export async function runSoakBench({ seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 60), clients = 6 } = {}) {
  const { startServer } = await import("../../server/dist/start-server.js");
  const { readServerConfig } = await import("../../server/dist/config.js");
  const lags = [];
  let loadRunning = true;
  const lagsAfter = [];
  const server = await startServer({
    config: { ...readServerConfig({}), port: 0, inMemoryStorage: true, tabDir: undefined },
    workflowOptions: {
      onJobDone: (info) => {
        if (info.kind !== "event") return;
        (loadRunning ? lags : lagsAfter).push(info.lagMs);
      },
    },
  });
  try {
    const tokenFor = async (userId) => {
      const response = await fetch(`${server.url}/api/dev/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ tenantId: "soak", userId, displayName: userId }),
      });
      return (await response.json()).token;
    };
    const ownerToken = await tokenFor("owner");
    const as = (token) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
    await fetch(`${server.url}/api/me`, { headers: as(ownerToken) });
    for (const member of ["ann", "bob", "cem"]) await fetch(`${server.url}/api/me`, { headers: as(await tokenFor(member)) });
    const created = await fetch(`${server.url}/api/config/workflow-templates/round-robin-new-leads`, { method: "POST", headers: as(ownerToken), body: JSON.stringify({ roleId: "member" }) });
    if (created.status !== 201) throw new Error(`the round-robin workflow was not created: ${created.status} ${await created.text()}`);

    let creates = 0;
    let failures = 0;
    const start = performance.now();
    const end = start + seconds * 1000;
    const client = async (index) => {
      for (let n = 0; performance.now() < end; n += 1) {
        const response = await fetch(`${server.url}/api/leads`, { method: "POST", headers: as(ownerToken), body: JSON.stringify({ name: `Soak ${index}-${n}` }) });
        await response.arrayBuffer();
        if (response.status === 201) creates += 1;
        else failures += 1;
      }
    };
    await Promise.all(Array.from({ length: clients }, (_, index) => client(index)));
    const loadSeconds = (performance.now() - start) / 1000;
    loadRunning = false;
    const backlog = creates - lags.length;
    const drainStart = performance.now();
    while (lags.length + lagsAfter.length < creates && performance.now() - drainStart < 60_000) await new Promise((resolve) => setTimeout(resolve, 50));
    const drainSeconds = (performance.now() - drainStart) / 1000;
    return {
      seconds: loadSeconds,
      clients,
      creates,
      failures,
      createsPerSecond: creates / loadSeconds,
      runsPerSecondDuringLoad: lags.length / loadSeconds,
      lagP50Ms: percentile(lags, 50),
      lagP95Ms: percentile(lags, 95),
      backlogAtEnd: backlog,
      drainSeconds,
      drained: lags.length + lagsAfter.length >= creates,
    };
  } finally {
    await server.close();
  }
}

/** What the main bench script (tests/bench/run.mjs) calls, printed in its format. */
export async function printSoakBench(options = {}) {
  const result = await runSoakBench(options);
  const line = (name, value) => console.log(`${name.padEnd(58)} ${value}`);
  line(`Soak: ${result.clients} clients for ${result.seconds.toFixed(0)} s, creates/s (failed)`, `${result.createsPerSecond.toFixed(1)} (${result.failures})`);
  line(
    "Soak: round-robin runs/s during the load (ratio to creates)",
    `${result.runsPerSecondDuringLoad.toFixed(1)} (${(result.runsPerSecondDuringLoad / Math.max(result.createsPerSecond, 0.001)).toFixed(2)})`,
  );
  line("Soak: change-to-run lag during the load p50/p95 ms (goal p95 <= 5000)", `${result.lagP50Ms.toFixed(0)}/${result.lagP95Ms.toFixed(0)}`);
  line("Soak: backlog when the load stopped; seconds to empty (goal <= 10)", `${result.backlogAtEnd}; ${result.drained ? result.drainSeconds.toFixed(1) : "not empty after 60 s"}`);
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printSoakBench().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
