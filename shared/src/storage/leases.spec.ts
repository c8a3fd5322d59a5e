/** Leases: one holder at a time until it expires or is handed back. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeaseManager } from "./leases.js";
import { TableStore } from "./table-store.js";

let store: TableStore;
beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
});
afterAll(async () => {
  await store?.close();
});

describe("LeaseManager", () => {
  it("gives a lease to one holder until it expires, and renews it for that holder", async () => {
    const a = new LeaseManager(store, "a");
    const b = new LeaseManager(store, "b");
    expect(await a.tryAcquire("expiring", 1_000, 10_000)).toBe(true);
    expect(await b.tryAcquire("expiring", 1_000, 10_500)).toBe(false);
    expect(await a.tryAcquire("expiring", 1_000, 10_500)).toBe(true);
    expect(await b.tryAcquire("expiring", 1_000, 11_600)).toBe(true);
  });

  it("hands a lease back on release, so another holder need not wait; a release by someone else changes nothing", async () => {
    const a = new LeaseManager(store, "a");
    const b = new LeaseManager(store, "b");
    expect(await a.tryAcquire("released", 60_000)).toBe(true);
    await b.release("released");
    expect(await b.tryAcquire("released", 60_000)).toBe(false);
    await a.release("released");
    expect(await b.tryAcquire("released", 60_000)).toBe(true);
    await a.release("never-taken");
  });
});
