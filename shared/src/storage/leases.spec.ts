/** Leases: one holder at a time until it expires or is handed back; work under a lease sees when it is lost. */
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

  it("keeps a lease held while its work runs, and says so no longer once another holder took it", async () => {
    const a = new LeaseManager(store, "a");
    const b = new LeaseManager(store, "b");
    const seen: boolean[] = [];
    const outcome = await a.hold("renewed", 200, async (lease) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      seen.push(lease.held());
      expect(await b.tryAcquire("renewed", 200)).toBe(false);
      await store.table("leases").updateEntity({ partitionKey: "lease", rowKey: "renewed", holder: "b", expiresAt: Date.now() + 60_000 }, "Replace");
      await new Promise((resolve) => setTimeout(resolve, 150));
      seen.push(lease.held());
      return "done";
    });
    expect(outcome).toEqual({ result: "done" });
    expect(seen).toEqual([true, false]);
    expect(await a.hold("renewed", 200, async () => "again")).toBeUndefined();
  });

  it("gives up early when it cannot renew: held() is false before another instance could take over", async () => {
    const a = new LeaseManager(store, "a");
    const lease = await a.hold("unrenewed", 100, async (held) => held);
    expect(lease?.result.held()).toBe(true);
    // The work ended, so nothing renews it: 80 ms in (less than its 100 ms), it is already given up.
    await new Promise((resolve) => setTimeout(resolve, 85));
    expect(lease?.result.held()).toBe(false);
  });
});
