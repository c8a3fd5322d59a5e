/**
 * One small row per workflow with its last run (time, outcome) and how many of its
 * dead letters are open, so the workflow list needs no scan of runs or letters.
 *
 * The rows are the workflow queue's dead-letter count rows (`~sum|<workflow>` in
 * `<tenant>|dead`, dead-letters.ts): the queue moves the count in one batch with the
 * letter; the last run is merged in here (ETag-checked) when a run is recorded. A
 * later run wins, and the same run (a retry finishing) updates it.
 */
import type { RunBasis } from "../workflows/hidden-fields.js";
import type { LastRun, RunRecord, RunStatus } from "../workflows/runs.js";
import type { RowProperties } from "./change-writer.js";
import type { JobQueueLayout } from "./job-queue.js";
import { groupRowKey, groupRowPrefix } from "./dead-letters.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";
import { odata } from "@azure/data-tables";

interface WorkflowSummary {
  workflowId: string;
  lastRun?: LastRun;
  /** What decided the last run's outcome, so the list can conceal it from whom it should (absent on older rows). */
  lastRunBasis?: RunBasis;
  openDeadLetters: number;
}

type Row = RowProperties & { rowKey?: string; etag?: string };

function toSummary(row: Row): WorkflowSummary {
  return {
    workflowId: String(row.rowKey).slice(groupRowPrefix.length),
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

export class WorkflowSummaries {
  /** `queue`: the layout of the workflow queue, whose count rows these are. */
  constructor(
    private readonly store: TableStore,
    private readonly queue: JobQueueLayout,
  ) {}

  private get table() {
    return this.store.table("work");
  }

  private partition(tenantId: string): string {
    return `${tenantId}|${this.queue.deadLetters}`;
  }

  /** Every workflow's summary: one range read of the summary rows, whatever the number of runs or letters. */
  async list(tenantId: string): Promise<Map<string, WorkflowSummary>> {
    const filter = odata`PartitionKey eq ${this.partition(tenantId)} and RowKey ge ${groupRowPrefix} and RowKey lt ${`${groupRowPrefix}\uffff`}`;
    const summaries = new Map<string, WorkflowSummary>();
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) {
      const summary = toSummary(row);
      summaries.set(summary.workflowId, summary);
    }
    return summaries;
  }

  /** Remembers `run` as the workflow's last run unless a later one is there already; `basis`: what decided its outcome. */
  async noteRun(tenantId: string, run: RunRecord, basis: RunBasis | undefined): Promise<void> {
    const partitionKey = this.partition(tenantId);
    const rowKey = groupRowKey(run.workflowId);
    // An empty string clears a basis a previous run left, so an older row never lends its basis to a newer run.
    const fields = {
      lastRunId: run.id,
      lastRunStatus: run.status,
      lastRunAt: run.finishedAt,
      lastRunCausedAt: run.causedAt,
      lastRunRecordId: run.recordId,
      lastRunBasis: basis ? JSON.stringify(basis) : "",
    };
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const current = await this.read(partitionKey, rowKey);
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

  private async read(partitionKey: string, rowKey: string): Promise<Row | undefined> {
    try {
      return await this.table.getEntity<RowProperties>(partitionKey, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
