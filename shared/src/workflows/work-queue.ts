/**
 * The engine's durable work, in the `work` table.
 *
 * - `<tenant>|q`: jobs, keyed by `<due time>|<job key>`, so the due ones are one
 *   range read in the tenant's own partition. A job key is derived from what
 *   caused it (change id + workflow id, timer, manual run), so enqueueing twice
 *   is a no-op. Timers are simply jobs due later: nothing lives in memory.
 * - `~due`: one marker row per tenant that has jobs, holding the earliest due
 *   time, so the worker knows which tenants to look at. It holds only tenant ids.
 * - `<tenant>|timer`: the current timer of each (time-triggered workflow, record).
 * - `<tenant>|dead`: jobs that kept failing, for the Owner to see and retry, and
 *   each workflow's summary row (workflow-summary.ts), whose open-letter count
 *   moves in the same batch as the letter.
 */
import type { TransactionAction } from "@azure/data-tables";
import { odata } from "@azure/data-tables";
import type { RowProperties } from "../storage/change-writer.js";
import type { TableStore } from "../storage/table-store.js";
import { isStatus } from "../storage/table-store.js";
import type { EntityType } from "../policy/model.js";
import type { ConditionsOutcome } from "./conditions.js";
import type { RunBasis } from "./hidden-fields.js";
import type { RecordEvent } from "./triggers.js";
import { hashKey } from "./keys.js";
import { WorkflowSummaries, countStep, deadPartition, firstSummaryKey } from "./workflow-summary.js";

export type Job =
  | { kind: "event"; workflowId: string; changeId: string; event: RecordEvent }
  | { kind: "schedule"; workflowId: string; entity: EntityType; recordId: string; activityAt?: string }
  | { kind: "timer"; workflowId: string; entity: EntityType; recordId: string; dueAt: number }
  | { kind: "manual"; workflowId: string; entity: EntityType; recordId: string; requestedBy: string }
  | { kind: "reminder"; taskId: string; userId: string }
  | { kind: "backfill"; workflowId: string; entity: EntityType; continuationToken?: string };

/** What the first attempt decided; later attempts reuse it so a retry does the same thing. */
export interface JobPlan {
  conditions: ConditionsOutcome;
  /** Index of the next action to run. */
  next: number;
  /** `fields`: the record fields whose values the detail may show (readers who may not see them get it blanked). */
  outcomes: { type: string; description: string; outcome: "done" | "skipped" | "failed"; detail?: string; fields?: string[] }[];
}

export interface QueuedJob {
  tenantId: string;
  key: string;
  rowKey: string;
  etag: string;
  job: Job;
  dueAt: number;
  attempts: number;
  /** How many workflow changes led to this job (0: a person's change). */
  depth: number;
  /** Business time the job was first enqueued (from the Clock). */
  enqueuedAt: string;
  /** Wall-clock ms of the first enqueue, for the lag measurement only. */
  enqueuedWall: number;
  /** When the cause happened (ms): the same on every retry and redelivery, so ids derived from it are too. */
  causedAt: number;
  lastError?: string;
  plan?: JobPlan;
}

export interface DeadLetter {
  id: string;
  tenantId: string;
  key: string;
  job: Job;
  depth: number;
  enqueuedAt: string;
  causedAt: number;
  attempts: number;
  reason: string;
  failedAt: string;
  workflowId?: string;
  recordId?: string;
  /** What decided that the job got as far as failing (its trigger's fields, its conditions), for whom may see it. */
  basis?: RunBasis;
}

export interface TimerState {
  dueAt: number;
  queueRowKey: string;
  /** The due time the timer last fired for, so it fires once per due time. */
  firedFor: number;
  activityAt?: string;
  etag?: string;
}

const markerPartition = "~due";
const queuePartition = (tenantId: string) => `${tenantId}|q`;
const timerPartition = (tenantId: string) => `${tenantId}|timer`;
/** The dead-letter list stops here. */
export const deadLetterListLimit = 500;
export const queueRowKey = (dueAt: number, key: string) => `${String(Math.max(0, Math.floor(dueAt))).padStart(15, "0")}|${key}`;

export class WorkQueue {
  private readonly summaries: WorkflowSummaries;

  constructor(private readonly store: TableStore) {
    this.summaries = new WorkflowSummaries(store);
  }

  private get table() {
    return this.store.table("work");
  }

  /** False when a job with this key is already queued at this time (a redelivery). */
  async enqueue(tenantId: string, key: string, job: Job, dueAt: number, meta: { depth: number; enqueuedAt: string; causedAt?: number }): Promise<string | undefined> {
    const rowKey = queueRowKey(dueAt, key);
    try {
      await this.table.createEntity({
        partitionKey: queuePartition(tenantId),
        rowKey,
        jobKey: key,
        job: JSON.stringify(job),
        dueAt,
        attempts: 0,
        depth: meta.depth,
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
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.read(markerPartition, tenantId);
      try {
        if (!current) {
          await this.table.createEntity({ partitionKey: markerPartition, rowKey: tenantId, nextDue: dueAt });
          return;
        }
        const marked = Number(current.nextDue);
        const nextDue = Number.isFinite(marked) ? Math.min(marked, dueAt) : dueAt;
        await this.table.updateEntity({ partitionKey: markerPartition, rowKey: tenantId, nextDue }, "Replace", { etag: String(current.etag) });
        return;
      } catch (error) {
        if (!isStatus(error, 409) && !isStatus(error, 412)) throw error;
      }
    }
  }

  /** Tenants with work due by `now`, with the marker's ETag for `settle`. */
  async dueTenants(now: number): Promise<{ tenantId: string; etag: string }[]> {
    const due: { tenantId: string; etag: string }[] = [];
    const filter = odata`PartitionKey eq ${markerPartition}`;
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) {
      if (Number(row.nextDue) <= now) due.push({ tenantId: row.rowKey!, etag: row.etag });
    }
    return due;
  }

  /** After a pass over a tenant: move its marker to the next job, or remove it. A concurrent enqueue wins (412). */
  async settle(tenantId: string, markerEtag: string): Promise<void> {
    const first = await this.table
      .listEntities<RowProperties>({ queryOptions: { filter: odata`PartitionKey eq ${queuePartition(tenantId)}` } })
      .byPage({ maxPageSize: 1 })
      .next();
    const next = first.done ? undefined : first.value[0];
    try {
      if (next) await this.table.updateEntity({ partitionKey: markerPartition, rowKey: tenantId, nextDue: Number(next.dueAt) }, "Replace", { etag: markerEtag });
      else await this.table.deleteEntity(markerPartition, tenantId, { etag: markerEtag });
    } catch (error) {
      if (!isStatus(error, 412) && !isStatus(error, 404)) throw error;
    }
  }

  async due(tenantId: string, now: number, limit: number): Promise<QueuedJob[]> {
    const filter = odata`PartitionKey eq ${queuePartition(tenantId)} and RowKey lt ${`${queueRowKey(now, "")}~`}`;
    const page = await this.table.listEntities<RowProperties>({ queryOptions: { filter } }).byPage({ maxPageSize: limit }).next();
    return page.done ? [] : page.value.map((row) => toQueued(tenantId, row));
  }

  async get(tenantId: string, rowKey: string): Promise<QueuedJob | undefined> {
    const row = await this.read(queuePartition(tenantId), rowKey);
    return row && toQueued(tenantId, row);
  }

  /** Remembers the plan and progress of a job; returns the new ETag. */
  async savePlan(job: QueuedJob, plan: JobPlan): Promise<string> {
    const result = await this.table.updateEntity(
      { partitionKey: queuePartition(job.tenantId), rowKey: job.rowKey, plan: JSON.stringify(plan) },
      "Merge",
      { etag: job.etag },
    );
    return result.etag ?? "";
  }

  async complete(job: QueuedJob): Promise<void> {
    await this.table.deleteEntity(queuePartition(job.tenantId), job.rowKey).catch((error: unknown) => {
      if (!isStatus(error, 404)) throw error;
    });
  }

  /** Moves a job to a later time (a retry), keeping its key, plan and history. */
  async retryLater(job: QueuedJob, dueAt: number, lastError: string): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: queuePartition(job.tenantId),
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

  // ---- timers ----

  async timer(tenantId: string, workflowId: string, recordId: string): Promise<TimerState | undefined> {
    const row = await this.read(timerPartition(tenantId), `${workflowId}|${recordId}`);
    if (!row) return undefined;
    return {
      dueAt: Number(row.dueAt),
      queueRowKey: String(row.queueRowKey ?? ""),
      firedFor: Number(row.firedFor ?? -1),
      ...(row.activityAt ? { activityAt: String(row.activityAt) } : {}),
      etag: String(row.etag),
    };
  }

  async saveTimer(tenantId: string, workflowId: string, recordId: string, state: TimerState): Promise<void> {
    const { etag, ...properties } = state;
    const entity = { partitionKey: timerPartition(tenantId), rowKey: `${workflowId}|${recordId}`, ...properties };
    if (etag) await this.table.updateEntity(entity, "Replace", { etag });
    else await this.table.createEntity(entity);
  }

  async deleteTimer(tenantId: string, workflowId: string, recordId: string): Promise<void> {
    await this.table.deleteEntity(timerPartition(tenantId), `${workflowId}|${recordId}`).catch((error: unknown) => {
      if (!isStatus(error, 404)) throw error;
    });
  }

  async deleteQueued(tenantId: string, rowKey: string): Promise<void> {
    await this.table.deleteEntity(queuePartition(tenantId), rowKey).catch((error: unknown) => {
      if (!isStatus(error, 404)) throw error;
    });
  }

  // ---- dead letters ----

  async deadLetter(job: QueuedJob, reason: string, failedAt: string, basis?: RunBasis): Promise<DeadLetter> {
    const letter: DeadLetter = {
      id: hashKey(job.key),
      tenantId: job.tenantId,
      key: job.key,
      job: job.job,
      depth: job.depth,
      enqueuedAt: job.enqueuedAt,
      causedAt: job.causedAt,
      attempts: job.attempts + 1,
      reason: reason.slice(0, 2000),
      failedAt,
      ...("workflowId" in job.job ? { workflowId: job.job.workflowId } : {}),
      ...("recordId" in job.job ? { recordId: job.job.recordId } : job.job.kind === "event" ? { recordId: job.job.event.recordId } : {}),
      ...(basis ? { basis } : {}),
    };
    await this.changeLetter(job.tenantId, letter.id, letter.workflowId, (existing) => {
      const entity = { partitionKey: deadPartition(job.tenantId), rowKey: letter.id, letter: JSON.stringify(letter) };
      // The same job dead-lettered again (a crash before the job was removed) replaces its letter without counting it twice.
      return existing ? { step: ["update", entity, "Replace", { etag: String(existing.etag) }], delta: 0 } : { step: ["create", entity], delta: 1 };
    });
    await this.complete(job);
    return letter;
  }

  /**
   * Writes or deletes one letter and moves its workflow's open count in one batch,
   * checked against the summary row as read; read again when someone else got there first.
   * `change` returns nothing when there is nothing to do.
   */
  private async changeLetter(
    tenantId: string,
    id: string,
    workflowId: string | undefined,
    change: (existing: RowProperties | undefined) => { step: TransactionAction; delta: number } | undefined,
  ): Promise<boolean> {
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const [existing, summary] = await Promise.all([this.read(deadPartition(tenantId), id), workflowId ? this.summaries.row(tenantId, workflowId) : undefined]);
      const planned = change(existing);
      if (!planned) return false;
      const batch: TransactionAction[] = [planned.step];
      // The summary row's ETag serialises every change to this workflow's letters (a delete in a batch cannot carry one).
      if (workflowId) batch.push(countStep(tenantId, workflowId, summary, planned.delta));
      try {
        await this.table.submitTransaction(batch);
        return true;
      } catch (error) {
        if (!isStatus(error, 409) && !isStatus(error, 412) && !isStatus(error, 404)) throw error;
      }
    }
    throw new Error("The dead letters of this workflow are busy; try again.");
  }

  async letter(tenantId: string, id: string): Promise<DeadLetter | undefined> {
    const row = await this.read(deadPartition(tenantId), id);
    return row ? (JSON.parse(String(row.letter)) as DeadLetter) : undefined;
  }

  async deadLetters(tenantId: string): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    const filter = odata`PartitionKey eq ${deadPartition(tenantId)} and RowKey lt ${firstSummaryKey}`;
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) {
      letters.push(JSON.parse(String(row.letter)) as DeadLetter);
      if (letters.length >= deadLetterListLimit) break;
    }
    return letters.sort((a, b) => b.failedAt.localeCompare(a.failedAt));
  }

  /** Puts a dead letter back in the queue, due now, with its attempts reset. */
  async revive(tenantId: string, id: string, now: number): Promise<DeadLetter | undefined> {
    const row = await this.read(deadPartition(tenantId), id);
    if (!row) return undefined;
    const letter = JSON.parse(String(row.letter)) as DeadLetter;
    await this.table.upsertEntity(
      {
        partitionKey: queuePartition(tenantId),
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
    await this.removeLetter(tenantId, id, letter.workflowId);
    return letter;
  }

  async discard(tenantId: string, id: string): Promise<boolean> {
    const row = await this.read(deadPartition(tenantId), id);
    if (!row) return false;
    return this.removeLetter(tenantId, id, (JSON.parse(String(row.letter)) as DeadLetter).workflowId);
  }

  /** Deletes a letter and lowers its workflow's open count, together; false when it was already gone. */
  private removeLetter(tenantId: string, id: string, workflowId: string | undefined): Promise<boolean> {
    return this.changeLetter(tenantId, id, workflowId, (existing) =>
      existing ? { step: ["delete", { partitionKey: deadPartition(tenantId), rowKey: id }], delta: -1 } : undefined,
    );
  }

  private async read(partitionKey: string, rowKey: string) {
    try {
      return await this.table.getEntity<RowProperties>(partitionKey, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}

function toQueued(tenantId: string, row: RowProperties & { rowKey?: string; etag?: string }): QueuedJob {
  return {
    tenantId,
    key: String(row.jobKey),
    rowKey: String(row.rowKey),
    etag: String(row.etag),
    job: JSON.parse(String(row.job)) as Job,
    dueAt: Number(row.dueAt),
    attempts: Number(row.attempts ?? 0),
    depth: Number(row.depth ?? 0),
    enqueuedAt: String(row.enqueuedAt),
    enqueuedWall: Number(row.enqueuedWall ?? 0),
    causedAt: Number(row.causedAt ?? row.dueAt),
    ...(row.lastError ? { lastError: String(row.lastError) } : {}),
    ...(row.plan ? { plan: JSON.parse(String(row.plan)) as JobPlan } : {}),
  };
}
