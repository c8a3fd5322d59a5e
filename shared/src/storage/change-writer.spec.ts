import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangeWriter } from "./change-writer.js";
import { TableStore } from "./table-store.js";

let store: TableStore;
beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
});
afterAll(async () => {
  await store.close();
});

const change = (id: string) => ({
  id,
  write: { table: "config" as const, partitionKey: "cw-tenant", rowKey: `row|${id}`, op: "create" as const, properties: { value: 1 } },
  audit: { id, tenantId: "cw-tenant", at: new Date().toISOString(), actorId: "u", actorKind: "user" as const, action: "test.write", outcome: "allowed" as const, reason: "test" },
  events: [{ type: "test.happened", tenantId: "cw-tenant" }],
});

describe("ChangeWriter", () => {
  it("reports success when a follow-up fails, keeps the intent, and the sweeper delivers the event once it can", async () => {
    const failures: string[] = [];
    const writer = new ChangeWriter(store, (changeId) => failures.push(changeId));
    const delivered: string[] = [];
    let broken = true;
    writer.onEvent(async (_event, changeId) => {
      if (broken) throw new Error("queue unavailable");
      delivered.push(changeId);
    });

    await expect(writer.apply(change("c1"))).resolves.toBeTypeOf("string");
    expect(failures).toEqual(["c1"]);
    expect(delivered).toEqual([]);
    const row = await store.table("config").getEntity("cw-tenant", "row|c1");
    expect(row.value).toBe(1);

    broken = false;
    expect(await writer.sweep("config", 0, Date.now() + 1000)).toBe(1);
    expect(delivered).toEqual(["c1"]);
    expect(await writer.sweep("config", 0, Date.now() + 1000)).toBe(0);
    const history = await writer.audit.list("cw-tenant", { pageSize: 10, action: "test.write" });
    expect(history.items).toHaveLength(1);
  });

  it("drops the intent of a change whose write never happened", async () => {
    const writer = new ChangeWriter(store, () => undefined);
    await writer.apply(change("c2"));
    await expect(writer.apply(change("c2"))).rejects.toMatchObject({ code: "conflict" });
    expect(await writer.sweep("config", 0, Date.now() + 1000)).toBe(0);
  });
});
