/**
 * Keyed timers over a JobQueue: at most one job per key (a workflow and a record,
 * an approval, ...), due when the timer is, and moved when the timer is set to
 * another time. A timer fires once per due time: it remembers the due time it last
 * fired for, and setting it to that time again does nothing.
 *
 * Rows: `<tenant>|<partition>`, key = the timer's key; columns `dueAt`, `queueRowKey`
 * (its job's row), `firedFor`, and the caller's own `State` (the string or number
 * columns it names).
 */
import type { RowProperties } from "./change-writer.js";
import type { EnqueueMeta, JobQueue } from "./job-queue.js";
import { queueRowKey } from "./job-queue.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

type TimerState = Record<string, string | number>;

interface Timer<State extends TimerState> {
  dueAt: number;
  /** The row of the job that fires it. */
  queueRowKey: string;
  /** The due time it last fired for (-1: never). */
  firedFor: number;
  state: Partial<State>;
  etag: string;
}

/** What to enqueue when the timer is set to a new time. */
interface TimerJob<Payload> {
  key: string;
  job: Payload;
  meta: EnqueueMeta;
}

export class Timers<Payload, State extends TimerState = TimerState> {
  constructor(
    private readonly store: TableStore,
    private readonly queue: JobQueue<Payload, unknown, object>,
    private readonly partition: string,
    private readonly stateColumns: readonly (keyof State & string)[] = [],
  ) {}

  private get table() {
    return this.store.table("work");
  }

  private partitionOf(tenantId: string): string {
    return `${tenantId}|${this.partition}`;
  }

  async get(tenantId: string, key: string): Promise<Timer<State> | undefined> {
    try {
      const row = await this.table.getEntity<RowProperties>(this.partitionOf(tenantId), key);
      const state = Object.fromEntries(this.stateColumns.filter((column) => row[column] !== undefined && row[column] !== null).map((column) => [column, row[column]])) as unknown as Partial<State>;
      return { dueAt: Number(row.dueAt), queueRowKey: String(row.queueRowKey ?? ""), firedFor: Number(row.firedFor ?? -1), state, etag: String(row.etag) };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /**
   * Sets the timer to `dueAt`: enqueues `fire` due then and drops the job of the time it
   * was set to before. When it is already set to that time, or already fired for it,
   * only a changed `state` is saved. `current` is the timer as the caller just read it.
   */
  async set(tenantId: string, key: string, dueAt: number, fire: TimerJob<Payload>, state: Partial<State>, current: Timer<State> | undefined): Promise<void> {
    if (current && (current.dueAt === dueAt || current.firedFor === dueAt)) {
      if (JSON.stringify(state) !== JSON.stringify(current.state)) await this.save(tenantId, key, { ...current, dueAt, state });
      return;
    }
    await this.queue.enqueue(tenantId, fire.key, fire.job, dueAt, fire.meta);
    const rowKey = queueRowKey(dueAt, fire.key);
    await this.save(tenantId, key, { dueAt, queueRowKey: rowKey, firedFor: current?.firedFor ?? -1, state, ...(current ? { etag: current.etag } : {}) });
    if (current && current.queueRowKey !== rowKey) await this.queue.remove(tenantId, current.queueRowKey);
  }

  /** Is `dueAt` the time the timer is set to and has not fired for yet? (A job of a time it moved away from is stale.) */
  isDue(timer: Timer<State> | undefined, dueAt: number): timer is Timer<State> {
    return timer !== undefined && timer.dueAt === dueAt && timer.firedFor !== dueAt;
  }

  /** Remembers that the timer fired for `dueAt`, if it is still set to it. */
  async fired(tenantId: string, key: string, dueAt: number): Promise<void> {
    const latest = await this.get(tenantId, key);
    if (latest && latest.dueAt === dueAt) await this.save(tenantId, key, { ...latest, firedFor: dueAt });
  }

  /** Removes the timer and its job. */
  async cancel(tenantId: string, key: string, current: Timer<State> | undefined): Promise<void> {
    if (!current) return;
    await this.queue.remove(tenantId, current.queueRowKey);
    await this.forget(tenantId, key);
  }

  /** Removes the timer row only (its job has run or is being dropped). */
  async forget(tenantId: string, key: string): Promise<void> {
    await this.table.deleteEntity(this.partitionOf(tenantId), key).catch((error: unknown) => {
      if (!isStatus(error, 404)) throw error;
    });
  }

  private async save(tenantId: string, key: string, timer: Omit<Timer<State>, "etag"> & { etag?: string }): Promise<void> {
    const { etag, state, ...own } = timer;
    const entity = { partitionKey: this.partitionOf(tenantId), rowKey: key, ...state, ...own };
    if (etag) await this.table.updateEntity(entity, "Replace", { etag });
    else await this.table.createEntity(entity);
  }
}
