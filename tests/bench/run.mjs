#!/usr/bin/env node
// `npm run bench`: performance goals measured in one run, printed as ratios.
// Everything targets loopback, is bounded in requests and time, and stops by itself.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { TableClient } from "@azure/data-tables";
import { ownerIndexTableName, recordPartition, recordRow } from "@crm/shared/storage";
import { newId } from "@crm/shared/domain";
import { readServerConfig } from "../../server/dist/config.js";
import { startServer } from "../../server/dist/start-server.js";

const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const bigTenant = Number(process.env.BENCH_RECORDS ?? 100_000);
const concurrency = 8;

const server = await startServer({ config: { ...readServerConfig({}), port: 0, inMemoryStorage: true, rateLimitPerMinute: 1e9 }, logger: false, sweepIntervalMs: 3_600_000 });
const connectionString = server.services.store.embeddedConnectionString;
const clientOptions = { allowInsecureConnection: true };

async function token(tenantId, userId) {
  const response = await fetch(`${server.url}/api/dev/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tenantId, userId, displayName: userId }) });
  return (await response.json()).token;
}

async function api(method, path, bearer, body, headers = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body ? { "content-type": "application/json" } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return { body: text ? JSON.parse(text) : undefined, etag: response.headers.get("etag") };
}

/** Runs `task` from `concurrency` loops for `seconds` (and at most 50k calls); returns calls per second. */
async function throughput(task) {
  let calls = 0;
  const deadline = performance.now() + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline && calls < 50_000) {
      await task();
      calls += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  return calls / ((performance.now() - started) / 1000);
}

async function medianLatency(task, samples = 150) {
  for (let i = 0; i < 10; i += 1) await task();
  const times = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    await task();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const fmt = (value, digits = 1) => value.toFixed(digits);
const results = [];
const report = (name, value) => {
  results.push([name, value]);
  console.log(`${name.padEnd(58)} ${value}`);
};

// 1. Point reads: our API (token check, actor, policy, storage) against raw Azurite.
const tenant = "bench";
const owner = await token(tenant, "owner");
await api("GET", "/api/me", owner);
const member = await token(tenant, "member-1");
await api("GET", "/api/me", member);
const created = await api("POST", "/api/leads", member, { name: "Bench lead", company: "Loopback Ltd", value: 1000 });
const leadId = created.body.id;
const raw = TableClient.fromConnectionString(connectionString, "crmrecords", clientOptions);
const rawRate = await throughput(() => raw.getEntity(recordPartition(tenant, "lead"), leadId));
const apiRate = await throughput(() => api("GET", `/api/leads/${leadId}`, member));
report("raw Azurite point reads /s", fmt(rawRate, 0));
report("API GET /api/leads/:id /s", fmt(apiRate, 0));
report("API point reads as a ratio of raw Azurite point reads", fmt(apiRate / rawRate, 2));

// 2. Storage round trips per request.
async function roundTrips(task) {
  const before = server.services.store.roundTrips;
  await task();
  return server.services.store.roundTrips - before;
}
report("round trips: GET /api/leads/:id", await roundTrips(() => api("GET", `/api/leads/${leadId}`, member)));
report("round trips: GET /api/leads?owner=me", await roundTrips(() => api("GET", "/api/leads?owner=me", member)));
let etag = created.etag;
report("round trips: POST /api/leads", await roundTrips(() => api("POST", "/api/leads", member, { name: "Another" })));
report(
  "round trips: PATCH /api/leads/:id",
  await roundTrips(async () => {
    etag = (await api("PATCH", `/api/leads/${leadId}`, member, { company: "Changed" }, { "if-match": etag })).etag;
  }),
);

// 3. "My leads" first page as the tenant grows from 1k to 100k records (other owners' records).
for (let i = 0; i < 18; i += 1) await api("POST", "/api/leads", member, { name: `Mine ${i}` });
const owners = Array.from({ length: 50 }, (_, i) => `seed-owner-${i}`);
let seeded = 0;
async function seedTo(total) {
  const records = TableClient.fromConnectionString(connectionString, "crmrecords", clientOptions);
  const started = performance.now();
  while (seeded < total) {
    const ownerId = owners[Math.floor(seeded / 100) % owners.length];
    const index = TableClient.fromConnectionString(connectionString, ownerIndexTableName(tenant, ownerId), clientOptions);
    await index.createTable();
    const now = new Date().toISOString();
    const batch = Array.from({ length: Math.min(100, total - seeded) }, (_, i) => {
      const row = recordRow(
        { ownerId, createdBy: ownerId, createdAt: now, updatedAt: now, updatedBy: ownerId, teamIds: [], fields: { name: `Seed ${seeded + i}`, company: "Seeded", status: "New" } },
        `Seed ${seeded + i}`,
      );
      return { partitionKey: recordPartition(tenant, "lead"), rowKey: newId(), ...row };
    });
    await records.submitTransaction(batch.map((entity) => ["create", entity]));
    await index.submitTransaction(batch.map((entity) => ["create", entity]));
    seeded += batch.length;
    if (seeded % 10_000 === 0) console.log(`  seeded ${seeded} records (Azurite inserts slow down as one partition grows)`);
  }
  return (performance.now() - started) / 1000;
}
const myLeads = () => api("GET", "/api/leads?owner=me&pageSize=25", member);
await seedTo(1_000);
const small = await medianLatency(myLeads);
const seedSeconds = await seedTo(bigTenant);
const large = await medianLatency(myLeads);
report(`seeded ${bigTenant} tenant records in s`, fmt(seedSeconds));
report("Member 'my leads' first page p50 ms at 1k tenant records", fmt(small, 2));
report(`Member 'my leads' first page p50 ms at ${bigTenant / 1000}k tenant records`, fmt(large, 2));
report(`'my leads' latency ratio ${bigTenant / 1000}k vs 1k (target <= 1.2)`, fmt(large / small, 2));
const ownerAll = await medianLatency(() => api("GET", "/api/leads?pageSize=25", owner), 20);
report(`Owner 'all leads' first page p50 ms at ${bigTenant / 1000}k (for information)`, fmt(ownerAll, 1));

// 4. The tab's first render in a real browser, against a plain page of the same server.
const { runTabBench } = await import("./tab.mjs");
await runTabBench({ url: server.url, report });

await server.close();

// 5. Tab bundle and workflow engine, measured by their own scripts when present.
if (existsSync("tabs/scripts/bundle-size.mjs")) spawnSync("node", ["tabs/scripts/bundle-size.mjs"], { stdio: "inherit" });
if (existsSync("tests/bench/workflows.mjs")) {
  const { runWorkflowBench } = await import("./workflows.mjs");
  if (typeof runWorkflowBench === "function") await runWorkflowBench({ seconds });
}
if (existsSync("tests/bench/data-quality.mjs")) {
  const { runQualityBench } = await import("./data-quality.mjs");
  await runQualityBench({ seconds });
}
// 6. The background backlog under six clients with round-robin on (BENCH_SOAK_SECONDS, 60 by default).
const { printSoakBench } = await import("./soak.mjs");
await printSoakBench();
