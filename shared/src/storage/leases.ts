/**
 * Background work is claimed through a lease row guarded by its ETag, so when
 * several instances share one storage account only one of them does it at a time.
 *
 * A holder keeps its lease while it works (`hold` renews it every third of its
 * time) and checks `Lease.held()` before each side effect: a holder that could not
 * renew in time (storage unreachable, the process paused) stops before acting, since
 * by then another instance may have taken over. Another holder's expiry is judged by
 * the row's `expiresAt` against this machine's clock, so `held()` gives up a margin
 * early to absorb clock drift between instances.
 */
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

/** A lease this holder won: what its work asks before each side effect. */
export interface Lease {
  /** True while this holder's last write of the lease is in force (less the drift margin). */
  held(): boolean;
}

interface Holding {
  etag: string;
  expiresAt: number;
  lost: boolean;
}

/** Give up this share of the lease's time early: instances' clocks may differ by that much. */
const driftShare = 0.2;

export class LeaseManager {
  /** The leases this holder last wrote, with their ETags: renewing one needs no read, releasing all needs no list. */
  private readonly holdings = new Map<string, Holding>();

  constructor(
    private readonly store: TableStore,
    private readonly holderId: string,
  ) {}

  /** True if this holder now owns `name` until `now + ttlMs`. */
  async tryAcquire(name: string, ttlMs: number, now: number = Date.now()): Promise<boolean> {
    return (await this.acquire(name, ttlMs, now)) !== undefined;
  }

  /**
   * Runs `work` while holding `name`, renewing it every third of `ttlMs` until the
   * work ends; undefined (and `work` not run) when another holder has it. The lease
   * is kept afterwards (the next round renews it without a read); `release` hands it back.
   */
  async hold<T>(name: string, ttlMs: number, work: (lease: Lease) => Promise<T>): Promise<{ result: T } | undefined> {
    const lease = await this.acquire(name, ttlMs);
    if (!lease) return undefined;
    const renewal = setInterval(() => void this.acquire(name, ttlMs).catch(() => undefined), Math.max(ttlMs / 3, 10));
    renewal.unref();
    try {
      return { result: await work(lease) };
    } finally {
      clearInterval(renewal);
    }
  }

  /** Hands `name` back if this holder has it, so a successor need not wait for it to expire; nothing if another holder took it meanwhile. */
  async release(name: string): Promise<void> {
    const table = this.store.table("leases");
    const holding = this.holdings.get(name);
    this.holdings.delete(name);
    try {
      const etag = holding?.etag ?? (await this.readOwn(name));
      if (etag) await table.updateEntity({ partitionKey: "lease", rowKey: name, holder: "", expiresAt: 0 }, "Replace", { etag });
    } catch (error) {
      if (isStatus(error, 404) || isStatus(error, 412)) return;
      throw error;
    }
  }

  /** Hands back every lease this holder took whose name starts with `prefix` (a worker's per-tenant leases at shutdown). */
  async releaseAll(prefix: string): Promise<void> {
    const names = [...this.holdings.keys()].filter((name) => name.startsWith(prefix));
    await Promise.all(names.map((name) => this.release(name)));
  }

  private async acquire(name: string, ttlMs: number, now: number = Date.now()): Promise<Lease | undefined> {
    const table = this.store.table("leases");
    const expiresAt = now + ttlMs;
    const entity = { partitionKey: "lease", rowKey: name, holder: this.holderId, expiresAt };
    const known = this.holdings.get(name);
    try {
      // Still ours since the last write: renew on that ETag, no read needed (a 412 means someone took it).
      const current = known ? { holder: this.holderId, expiresAt: Infinity, etag: known.etag } : await table.getEntity<{ holder: string; expiresAt: number }>("lease", name);
      if (current.holder !== this.holderId && Number(current.expiresAt) > now) return undefined;
      const written = await table.updateEntity(entity, "Replace", { etag: current.etag });
      return this.won(name, written.etag, expiresAt, ttlMs);
    } catch (error) {
      if (isStatus(error, 412) && known) {
        this.lose(name);
        return this.acquire(name, ttlMs, now);
      }
      if (isStatus(error, 404)) {
        try {
          const created = await table.createEntity(entity);
          return this.won(name, created.etag, expiresAt, ttlMs);
        } catch (createError) {
          if (isStatus(createError, 409)) return undefined;
          throw createError;
        }
      }
      if (isStatus(error, 412)) return undefined;
      throw error;
    }
  }

  private won(name: string, etag: string | undefined, expiresAt: number, ttlMs: number): Lease {
    const previous = this.holdings.get(name);
    const holding: Holding = previous ?? { etag: "", expiresAt: 0, lost: false };
    // The ETag is what the next renewal is conditional on; without one (never from Azure) the next renewal reads the row.
    if (etag) {
      holding.etag = etag;
      holding.expiresAt = expiresAt - ttlMs * driftShare;
      holding.lost = false;
      this.holdings.set(name, holding);
    } else this.holdings.delete(name);
    const fallback = expiresAt - ttlMs * driftShare;
    return { held: () => (etag ? !holding.lost && Date.now() < holding.expiresAt : Date.now() < fallback) };
  }

  /** Another holder wrote the row: whatever this holder was doing under it must stop. */
  private lose(name: string): void {
    const holding = this.holdings.get(name);
    if (holding) holding.lost = true;
    this.holdings.delete(name);
  }

  private async readOwn(name: string): Promise<string | undefined> {
    const current = await this.store.table("leases").getEntity<{ holder: string }>("lease", name);
    return current.holder === this.holderId ? current.etag : undefined;
  }
}
