/**
 * Background work is claimed through a lease row guarded by its ETag, so when
 * several instances share one storage account only one of them does it at a time.
 */
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

export class LeaseManager {
  constructor(
    private readonly store: TableStore,
    private readonly holderId: string,
  ) {}

  /** True if this holder now owns `name` until `now + ttlMs`. */
  async tryAcquire(name: string, ttlMs: number, now: number = Date.now()): Promise<boolean> {
    const table = this.store.table("leases");
    const expiresAt = now + ttlMs;
    try {
      const current = await table.getEntity<{ holder: string; expiresAt: number }>("lease", name);
      if (current.holder !== this.holderId && Number(current.expiresAt) > now) return false;
      await table.updateEntity({ partitionKey: "lease", rowKey: name, holder: this.holderId, expiresAt }, "Replace", { etag: current.etag });
      return true;
    } catch (error) {
      if (isStatus(error, 404)) {
        try {
          await table.createEntity({ partitionKey: "lease", rowKey: name, holder: this.holderId, expiresAt });
          return true;
        } catch (createError) {
          if (isStatus(createError, 409)) return false;
          throw createError;
        }
      }
      if (isStatus(error, 412)) return false;
      throw error;
    }
  }

  /** Hands `name` back if this holder has it, so a successor need not wait for it to expire; nothing if another holder took it meanwhile. */
  async release(name: string): Promise<void> {
    const table = this.store.table("leases");
    try {
      const current = await table.getEntity<{ holder: string }>("lease", name);
      if (current.holder !== this.holderId) return;
      await table.updateEntity({ partitionKey: "lease", rowKey: name, holder: "", expiresAt: 0 }, "Replace", { etag: current.etag });
    } catch (error) {
      if (isStatus(error, 404) || isStatus(error, 412)) return;
      throw error;
    }
  }
}
