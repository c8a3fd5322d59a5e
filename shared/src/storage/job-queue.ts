/**
 * Durable background jobs in the `work` table, one queue per kind of background
 * work (docs/architecture.md, "Background work"). Nothing lives in memory: a job
 * due in a month is a row due in a month.
 *
 * - `<tenant>|<jobs>`: the jobs, keyed `<due ms>|<job key>`, so the due ones are one
 *   range read in the tenant's own partition. The job key names what caused the job,
 *   so enqueueing the same job twice is a no-op.
 * - `<markers>`: one row per tenant with jobs, holding the earliest due time, so the
 *   worker knows which tenants to look at. It holds only tenant ids.
 * - `<tenant>|<deadLetters>`: jobs that failed for good, until someone revives or
 *   discards them (dead-letters.ts).
 *
 * `Payload` is what a job carries, `Plan` the progress a job saves as it goes (so a
 * retry continues where the last attempt stopped), `Details` what a dead letter adds.
 */
import { odata } from "@azure/data-tables";
import type { RowProperties } from "./change-writer.js";
import type { DeadLetter } from "./dead-letters.js";
import { DeadLetters } from "./dead-letters.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

export type { DeadLetter } from "./dead-letters.js";

/** Where a queue keeps its rows: partition names, each after the tenant id but `markers`. */
export interface JobQueueLayout {
  jobs: string;
  deadLetters: string;
  markers: string;
}

/** The layout of a queue named `name` (the workflow queue keeps the names it had before there were others). */
export const queueLayout = (name: string): JobQueueLayout => ({ jobs: `q|${name}`, deadLetters: `dead|${name}`, markers: `~due|${name}` });

export interface EnqueueMeta {
  /** How many automated changes led to this job (0: a person's change). */
  depth?: number;
  /** Business time of the enqueue (from the Clock). */
  enqueuedAt: string;
  /** When the cause happened (ms), if not the due time: kept through retries, so ids derived from it are stable. */
  causedAt?: number;
}

export interface QueuedJob<Payload, Plan = never> {
  tenantId: string;
  key: string;
  rowKey: string;
  etag: string;
  job: Payload;
  dueAt: number;
  attempts: number;
  depth: number;
  enqueuedAt: string;
  /** Wall-clock ms of the first enqueue, for lag measurements only. */
  enqueuedWall: number;
  causedAt: number;
  lastError?: string;
  plan?: Plan;
}

export const queueRowKey = (dueAt: number, key: string): string => `${String(Math.max(0, Math.floor(dueAt))).padStart(15, "0")}|${key}`;

type Row = RowProperties & { rowKey?: string; etag?: string };

export class JobQueue<Payload, Plan = never, Details extends object = object> {
  /** Jobs that failed for good: list, count per group, discard (revive is `revive`). */
  readonly letters: DeadLetters<Payload, Details>;

  /**
   * `groupOf`: the group whose open dead-letter count a job's letter moves (a workflow
   * id, say); none by default.
   */
  constructor(
    private readonly store: TableStore,
    readonly layout: JobQueueLayout,
    groupOf: (job: Payload) => string | undefined = () => undefined,
  ) {
    this.letters = new DeadLetters(store, (tenantId) => `${tenantId}|${layout.deadLetters}`, groupOf);
  }

  private get table() {
    return this.store.table("work");
  }

  private jobs(tenantId: string): string {
    return `${tenantId}|${this.layout.jobs}`;
  }

  /** The row key of the new job; undefined when a job with this key is already queued at this time (a redelivery). */
  async enqueue(tenantId: string, key: string, job: Payload, dueAt: number, meta: EnqueueMeta): Promise<string | undefined> {
    const rowKey = queueRowKey(dueAt, key);
    try {
      await this.table.createEntity({
        partitionKey: this.jobs(tenantId),
        rowKey,
        jobKey: key,
        job: JSON.stringify(job),
        dueAt,
        attempts: 0,
        depth: meta.depth ?? 0,
        enqueuedAt: meta.enqueuedAt,
        enqueuedWall: Date.now(),
        causedAt: meta.causedAt ?? dueAt,
      });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      return undefined;
    }
    await this.touchMarker(tenantId, dueAt);
    return rowKey;
  }

  /**
   * Lowers the tenant's marker to `dueAt` if it is later (or missing), and writes it
   * even when it is not: the new ETag makes a `settle` that read the queue before this
   * job existed fail its conditional delete (412), so the job is not stranded.
   */
  private async touchMarker(tenantId: string, dueAt: number): Promise<void> {
    const partitionKey = this.layout.markers;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.read(partitionKey, tenantId);
      try {
        if (!current) {
          await this.table.createEntity({ partitionKey, rowKey: tenantId, nextDue: dueAt });
          return;
        }
        const marked = Number(current.nextDue);
        const nextDue = Number.isFinite(marked) ? Math.min(marked, dueAt) : dueAt;
        await this.table.updateEntity({ partitionKey, rowKey: tenantId, nextDue }, "Replace", { etag: String(current.etag) });
        return;
      } catch (error) {
        if (!isStatus(error, 409) && !isStatus(error, 412)) throw error;
      }
    }
  }

  /** Tenants with work due by `now`, with the marker's ETag for `settle`. */
  async dueTenants(now: number): Promise<{ tenantId: string; etag: string }[]> {
    const due: { tenantId: string; etag: string }[] = [];
    const filter = odata`PartitionKey eq ${this.layout.markers}`;
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) {
      if (Number(row.nextDue) <= now) due.push({ tenantId: row.rowKey!, etag: row.etag });
    }
    return due;
  }

  /** After a pass over a tenant: move its marker to the next job, or remove it. A concurrent enqueue wins (412). */
  async settle(tenantId: string, markerEtag: string): Promise<void> {
    const first = await this.table
      .listEntities<RowProperties>({ queryOptions: { filter: odata`PartitionKey eq ${this.jobs(tenantId)}` } })
      .byPage({ maxPageSize: 1 })
      .next();
    const next = first.done ? undefined : first.value[0];
    const partitionKey = this.layout.markers;
    try {
      if (next) await this.table.updateEntity({ partitionKey, rowKey: tenantId, nextDue: Number(next.dueAt) }, "Replace", { etag: markerEtag });
      else await this.table.deleteEntity(partitionKey, tenantId, { etag: markerEtag });
    } catch (error) {
      if (!isStatus(error, 412) && !isStatus(error, 404)) throw error;
    }
  }

  /** The tenant's jobs due by `now`, earliest first. */
  async due(tenantId: string, now: number, limit: number): Promise<QueuedJob<Payload, Plan>[]> {
    const filter = odata`PartitionKey eq ${this.jobs(tenantId)} and RowKey lt ${`${queueRowKey(now, "")}~`}`;
    const page = await this.table.listEntities<RowProperties>({ queryOptions: { filter } }).byPage({ maxPageSize: limit }).next();
    return page.done ? [] : page.value.map((row) => this.toQueued(tenantId, row));
  }

  /** Remembers the plan and progress of a job, checked against its ETag; returns the new ETag. */
  async savePlan(job: QueuedJob<Payload, Plan>, plan: Plan): Promise<string> {
    const result = await this.table.updateEntity({ partitionKey: this.jobs(job.tenantId), rowKey: job.rowKey, plan: JSON.stringify(plan) }, "Merge", { etag: job.etag });
    return result.etag ?? "";
  }

  /** Removes a finished job (nothing when it is gone already). */
  complete(job: QueuedJob<Payload, Plan>): Promise<void> {
    return this.remove(job.tenantId, job.rowKey);
  }

  /** Removes a queued job by its row key (a timer's job that moved, say). */
  async remove(tenantId: string, rowKey: string): Promise<void> {
    await this.table.deleteEntity(this.jobs(tenantId), rowKey).catch((error: unknown) => {
      if (!isStatus(error, 404)) throw error;
    });
  }

  /** Moves a job to a later time (a retry), keeping its key, plan and history. */
  async retryLater(job: QueuedJob<Payload, Plan>, dueAt: number, lastError: string): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: this.jobs(job.tenantId),
        rowKey: queueRowKey(dueAt, job.key),
        jobKey: job.key,
        job: JSON.stringify(job.job),
        dueAt,
        attempts: job.attempts + 1,
        depth: job.depth,
        enqueuedAt: job.enqueuedAt,
        enqueuedWall: job.enqueuedWall,
        causedAt: job.causedAt,
        lastError: lastError.slice(0, 2000),
        ...(job.plan ? { plan: JSON.stringify(job.plan) } : {}),
      },
      "Replace",
    );
    if (queueRowKey(dueAt, job.key) !== job.rowKey) await this.complete(job);
    await this.touchMarker(job.tenantId, dueAt);
  }

  // ---- dead letters (dead-letters.ts) ----

  /** Turns the job into a dead letter (its group's count moves with it) and removes it from the queue. */
  async deadLetter(job: QueuedJob<Payload, Plan>, reason: string, failedAt: string, details: Details): Promise<DeadLetter<Payload, Details>> {
    const letter = await this.letters.add(job, reason, failedAt, details);
    await this.complete(job);
    return letter;
  }

  /** Puts a dead letter back in the queue, due now, with its attempts reset. */
  async revive(tenantId: string, id: string, now: number): Promise<DeadLetter<Payload, Details> | undefined> {
    const letter = await this.letters.get(tenantId, id);
    if (!letter) return undefined;
    await this.table.upsertEntity(
      {
        partitionKey: this.jobs(tenantId),
        rowKey: queueRowKey(now, letter.key),
        jobKey: letter.key,
        job: JSON.stringify(letter.job),
        dueAt: now,
        attempts: 0,
        depth: letter.depth,
        enqueuedAt: letter.enqueuedAt,
        enqueuedWall: Date.now(),
        causedAt: letter.causedAt,
      },
      "Replace",
    );
    await this.touchMarker(tenantId, now);
    await this.letters.discard(tenantId, id);
    return letter;
  }

  private async read(partitionKey: string, rowKey: string): Promise<Row | undefined> {
    try {
      return await this.table.getEntity<RowProperties>(partitionKey, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private toQueued(tenantId: string, row: Row): QueuedJob<Payload, Plan> {
    return {
      tenantId,
      key: String(row.jobKey),
      rowKey: String(row.rowKey),
      etag: String(row.etag),
      job: JSON.parse(String(row.job)) as Payload,
      dueAt: Number(row.dueAt),
      attempts: Number(row.attempts ?? 0),
      depth: Number(row.depth ?? 0),
      enqueuedAt: String(row.enqueuedAt),
      enqueuedWall: Number(row.enqueuedWall ?? 0),
      causedAt: Number(row.causedAt ?? row.dueAt),
      ...(row.lastError ? { lastError: String(row.lastError) } : {}),
      ...(row.plan ? { plan: JSON.parse(String(row.plan)) as Plan } : {}),
    };
  }
}
