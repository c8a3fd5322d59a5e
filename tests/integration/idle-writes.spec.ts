/**
 * An idle server writes nothing: the background loops (outbox sweeper, workflow,
 * access, data-quality and leavers workers) only read while nothing is due, so the
 * embedded store has nothing to save. Once an intent is left behind, the sweeper takes
 * its lease and finishes it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ sweepIntervalMs: 50, workflowPollMs: 50 });
  await server.call("GET", "/api/me", { as: { tenantId: "idle", userId: "owner" } });
});
afterAll(async () => {
  await server?.close();
});

async function leaseNames(): Promise<string[]> {
  const names: string[] = [];
  for await (const row of server.services.store.table("leases").listEntities()) names.push(row.rowKey!);
  return names;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an idle server", () => {
  it("takes no lease while nothing is due, then the sweeper's once an intent is left behind", async () => {
    await sleep(800);
    expect(await leaseNames()).toEqual([]);

    // What a crash between a change's row and its follow-ups leaves: an intent a minute old.
    await server.services.store.table("records").createEntity({
      partitionKey: "idle|lead|left-behind",
      rowKey: "~outbox|left-behind-change",
      targetRowKey: "left-behind",
      targetTable: "records",
      op: "create",
      createdAt: new Date(Date.now() - 60_000).toISOString(),
      body: JSON.stringify({ audit: {}, projections: [], events: [] }),
    });
    await sleep(500);
    expect(await leaseNames()).toContain("outbox-sweeper");
    // The row it named was never written, so the intent is dropped.
    await expect(server.services.store.table("records").getEntity("idle|lead|left-behind", "~outbox|left-behind-change")).rejects.toMatchObject({ statusCode: 404 });
  });
});
