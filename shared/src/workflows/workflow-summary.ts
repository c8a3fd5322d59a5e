/**
 * One small row per workflow with its last run (time, outcome) and how many of its
 * dead letters are open, so the workflow list needs no scan of runs or letters.
 *
 * The rows live in `<tenant>|dead`, beside the dead letters, under `~sum|<workflow>`
 * (after every letter id, which is hex): adding, retrying or discarding a letter
 * changes its row and the count in one entity-group transaction, so the count
 * cannot drift from the letters. The last run is merged in (ETag-checked) when a
 * run is recorded; a later run wins, and the same run (a retry finishing) updates it.
 */
import type { TableClient, TransactionAction } from "@azure/data-tables";
import { odata } from "@azure/data-tables";
import type { RowProperties } from "../storage/change-writer.js";
import type { TableStore } from "../storage/table-store.js";
import { isStatus } from "../storage/table-store.js";
import type { RunBasis } from "./hidden-fields.js";
import { basisOfRun } from "./hidden-fields.js";
import type { RunRecord, RunStatus } from "./run-log.js";

export interface WorkflowSummary {
  workflowId: string;
  lastRun?: { id: string; status: RunStatus; finishedAt: string; causedAt: string; recordId: string };
  /** What decided the last run's outcome, so the list can conceal it from whom it should (absent on older rows). */
  lastRunBasis?: RunBasis;
  openDeadLetters: number;
}

export const deadPartition = (tenantId: string) => `${tenantId}|dead`;
const summaryPrefix = "~sum|";
export const summaryRowKey = (workflowId: string) => `${summaryPrefix}${workflowId}`;
/** Dead letter ids are hex, so every letter sorts before this. */
export const firstSummaryKey = "~";

type Row = RowProperties & { rowKey?: string; etag?: string };

function toSummary(row: Row): WorkflowSummary {
  return {
    workflowId: String(row.rowKey).slice(summaryPrefix.length),
    ...(row.lastRunId
      ? {
          lastRun: {
            id: String(row.lastRunId),
            status: String(row.lastRunStatus) as RunStatus,
            finishedAt: String(row.lastRunAt),
            causedAt: String(row.lastRunCausedAt ?? row.lastRunAt),
            recordId: String(row.lastRunRecordId ?? ""),
          },
        }
      : {}),
    ...(row.lastRunId && row.lastRunBasis ? { lastRunBasis: JSON.parse(String(row.lastRunBasis)) as RunBasis } : {}),
    openDeadLetters: Math.max(0, Number(row.openDeadLetters ?? 0)),
  };
}

async function readRow(table: TableClient, partitionKey: string, rowKey: string): Promise<Row | undefined> {
  try {
    return await table.getEntity<RowProperties>(partitionKey, rowKey);
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/**
 * The transaction step that moves a workflow's open dead-letter count by `delta`,
 * ETag-checked against the row as read (or creating it), to go in one batch with
 * the letter's own write.
 */
export function countStep(tenantId: string, workflowId: string, current: Row | undefined, delta: number): TransactionAction {
  const entity = { partitionKey: deadPartition(tenantId), rowKey: summaryRowKey(workflowId), openDeadLetters: Math.max(0, Number(current?.openDeadLetters ?? 0) + delta) };
  return current ? ["update", entity, "Merge", { etag: String(current.etag) }] : ["create", entity];
}

export class WorkflowSummaries {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("work");
  }

  /** The raw row, for a caller that changes the count in its own batch. */
  row(tenantId: string, workflowId: string): Promise<Row | undefined> {
    return readRow(this.table, deadPartition(tenantId), summaryRowKey(workflowId));
  }

  /** Every workflow's summary: one range read of the summary rows, whatever the number of runs or letters. */
  async list(tenantId: string): Promise<Map<string, WorkflowSummary & { etag: string }>> {
    const filter = odata`PartitionKey eq ${deadPartition(tenantId)} and RowKey ge ${summaryPrefix} and RowKey lt ${`${summaryPrefix}\uffff`}`;
    const summaries = new Map<string, WorkflowSummary & { etag: string }>();
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) {
      const summary = toSummary(row);
      summaries.set(summary.workflowId, { ...summary, etag: String(row.etag) });
    }
    return summaries;
  }

  /** Remembers `run` as the workflow's last run unless a later one is there already. */
  async noteRun(run: RunRecord): Promise<void> {
    const partitionKey = deadPartition(run.tenantId);
    const rowKey = summaryRowKey(run.workflowId);
    const basis = basisOfRun(run);
    // An empty string clears a basis a previous run left, so an older row never lends its basis to a newer run.
    const fields = { lastRunId: run.id, lastRunStatus: run.status, lastRunAt: run.finishedAt, lastRunCausedAt: run.causedAt, lastRunRecordId: run.recordId, lastRunBasis: basis ? JSON.stringify(basis) : "" };
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const current = await readRow(this.table, partitionKey, rowKey);
      if (current?.lastRunId && current.lastRunId !== run.id && String(current.lastRunAt) > run.finishedAt) return;
      try {
        if (current) await this.table.updateEntity({ partitionKey, rowKey, ...fields }, "Merge", { etag: String(current.etag) });
        else await this.table.createEntity({ partitionKey, rowKey, openDeadLetters: 0, ...fields });
        return;
      } catch (error) {
        // A dead letter moved the count (or another run landed) meanwhile: read again.
        if (!isStatus(error, 409) && !isStatus(error, 412)) throw error;
      }
    }
  }

  /**
   * Sets the counts to what a complete list of the open letters says (the Owner's
   * dead-letter view reads them all anyway). ETag-checked against the summaries read
   * before the letters, so a letter added or resolved meanwhile wins; this only
   * repairs rows that were off (letters from before the summaries existed).
   */
  async reconcile(tenantId: string, before: Map<string, WorkflowSummary & { etag: string }>, letters: readonly { workflowId?: string }[]): Promise<void> {
    const counts = new Map<string, number>();
    for (const letter of letters) if (letter.workflowId) counts.set(letter.workflowId, (counts.get(letter.workflowId) ?? 0) + 1);
    const partitionKey = deadPartition(tenantId);
    for (const workflowId of new Set([...counts.keys(), ...before.keys()])) {
      const count = counts.get(workflowId) ?? 0;
      const summary = before.get(workflowId);
      if ((summary?.openDeadLetters ?? 0) === count) continue;
      const entity = { partitionKey, rowKey: summaryRowKey(workflowId), openDeadLetters: count };
      try {
        if (summary) await this.table.updateEntity(entity, "Merge", { etag: summary.etag });
        else await this.table.createEntity(entity);
      } catch (error) {
        if (!isStatus(error, 409) && !isStatus(error, 412)) throw error;
      }
    }
  }
}
