/**
 * Retention over the rows the real stores write: run records, round-robin picks and
 * Idempotency-Key answers go once old; a pool's counter, a workflow's summary, the
 * job queue, the audit and records stay.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../services/clock.js";
import type { RunRecord } from "../workflows/runs.js";
import { ChangeWriter } from "./change-writer.js";
import { IdempotencyKeys } from "./idempotency-keys.js";
import { RetentionSweeper } from "./retention.js";
import { TableStore } from "./table-store.js";
import { openWorkflowStores } from "./workflow-stores.js";
import type { WorkflowStores } from "./workflow-stores.js";

const day = 24 * 60 * 60 * 1000;
const tenantId = "tenant-retention";
let store: TableStore;
let stores: WorkflowStores;

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
  stores = openWorkflowStores(store, new ChangeWriter(store), systemClock, "retention-spec");
});
afterAll(async () => {
  await store?.close();
});

const run = (n: number): RunRecord => ({
  id: `run-${n}`,
  tenantId,
  workflowId: "wf-1",
  workflowName: "Round robin",
  entity: "lead",
  recordId: `lead-${n}`,
  trigger: "A lead is created",
  cause: "lead created",
  status: "done",
  actions: [],
  attempts: 1,
  depth: 0,
  causedAt: new Date(Date.now() - n * 1000).toISOString(),
  finishedAt: new Date().toISOString(),
});

async function rowsIn(partitionPart: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const row of store.table("work").listEntities()) if (row.partitionKey!.includes(partitionPart)) keys.push(`${row.partitionKey}/${row.rowKey}`);
  return keys;
}

describe("RetentionSweeper", () => {
  it("deletes each kind once it is older than its retention and keeps what has no end", async () => {
    // 150 runs: the workflow's partition and each record's, over more than one 100-row batch.
    for (let n = 0; n < 150; n += 1) await stores.runs.record(tenantId, run(n));
    const pool = { workflowId: "wf-1", pool: { role: "member" } };
    for (let n = 0; n < 3; n += 1) await stores.picks.pick(tenantId, pool, `job-${n}`, async (counter) => `user-${counter % 2}`, new Date().toISOString());
    await new IdempotencyKeys(store).claim(tenantId, "user-1", "key-1", "fingerprint", Date.now());
    const before = { runs: await rowsIn("|runs|"), recordRuns: await rowsIn("|rruns|"), picks: await rowsIn("|rr|"), keys: await rowsIn("|idem") };
    expect(before.runs).toHaveLength(150);
    expect(before.recordRuns).toHaveLength(150);
    expect(before.picks.filter((key) => key.endsWith("/counter"))).toHaveLength(1);
    expect(before.picks.length).toBeGreaterThan(1);
    expect(before.keys).toHaveLength(1);
    const everythingElse = (await rowsIn(tenantId)).filter((key) => !/\|(r?runs|rr|idem)(\||\/)/.test(key));

    const sweeper = new RetentionSweeper(store, { runsDays: 90, picksDays: 30, idempotencyKeysHours: 48 });
    // Three days on: only the Idempotency-Key answer is past its time.
    expect(await sweeper.sweep(Date.now() + 3 * day)).toEqual({ runs: 0, picks: 0, idempotencyKeys: 1 });
    expect(await rowsIn("|idem")).toEqual([]);
    expect(await rowsIn("|runs|")).toHaveLength(150);

    // A month on: the picks go, their pool's counter stays (round-robin goes on where it was).
    expect(await sweeper.sweep(Date.now() + 31 * day)).toEqual({ runs: 0, picks: before.picks.length - 1, idempotencyKeys: 0 });
    expect((await rowsIn("|rr|")).map((key) => key.split("/")[1])).toEqual(["counter"]);

    // A quarter on: the runs go, in both their partitions.
    expect(await sweeper.sweep(Date.now() + 91 * day)).toEqual({ runs: 300, picks: 0, idempotencyKeys: 0 });
    expect(await rowsIn("runs|")).toEqual([]);
    expect(await rowsIn("|rr|")).toHaveLength(1);
    // Summaries, queue rows and anything else of the tenant are untouched.
    expect((await rowsIn(tenantId)).filter((key) => !/\|(r?runs|rr|idem)(\||\/)/.test(key))).toEqual(everythingElse);
  });
});
