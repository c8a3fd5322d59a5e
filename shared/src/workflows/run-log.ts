/**
 * Every run of a workflow: what started it, how its conditions came out and what
 * each action did. Written twice, in the workflow's partition and in the record's,
 * under an id derived from the job, so a retried run updates its row instead of
 * adding one; and noted as the workflow's last run in its summary row.
 */
import { odata } from "@azure/data-tables";
import type { RowProperties } from "../storage/change-writer.js";
import { decodeToken, encodeToken } from "../storage/continuation.js";
import type { TableStore } from "../storage/table-store.js";
import type { ConditionsOutcome } from "./conditions.js";
import type { JobPlan } from "./work-queue.js";
import { WorkflowSummaries } from "./workflow-summary.js";

export type RunStatus = "done" | "conditionsNotMet" | "retrying" | "failed" | "stopped";

export interface RunRecord {
  id: string;
  tenantId: string;
  workflowId: string;
  workflowName: string;
  entity: string;
  recordId: string;
  /** The trigger in plain language, and what actually happened (event type, timer, manual). */
  trigger: string;
  /** The fields the trigger read (what the run's existence tells; older runs lack it). */
  triggerFields?: string[];
  cause: string;
  status: RunStatus;
  conditions?: ConditionsOutcome;
  actions: JobPlan["outcomes"];
  attempts: number;
  /** When its cause happened (the change, the timer's due time, the manual start). */
  causedAt: string;
  finishedAt: string;
  /** Why it stopped or failed, in words for the Owner. */
  message?: string;
  depth: number;
  /**
   * The users its texts name by id (from the actions and their outcomes). Readers
   * show them by name (`WorkflowService`); older runs lack it and are named by
   * every user of the tenant.
   */
  people?: string[];
}

const workflowPartition = (tenantId: string, workflowId: string) => `${tenantId}|runs|${workflowId}`;
const recordPartition = (tenantId: string, entity: string, recordId: string) => `${tenantId}|rruns|${entity}|${recordId}`;
const rowKey = (run: RunRecord) => `${(9_999_999_999_999 - Date.parse(run.causedAt)).toString().padStart(13, "0")}|${run.id}`;

export class RunLog {
  readonly summaries: WorkflowSummaries;

  constructor(private readonly store: TableStore) {
    this.summaries = new WorkflowSummaries(store);
  }

  async record(run: RunRecord): Promise<void> {
    const table = this.store.table("work");
    const properties = { rowKey: rowKey(run), run: JSON.stringify(run).slice(0, 60_000) };
    await Promise.all([
      table.upsertEntity({ partitionKey: workflowPartition(run.tenantId, run.workflowId), ...properties }, "Replace"),
      table.upsertEntity({ partitionKey: recordPartition(run.tenantId, run.entity, run.recordId), ...properties }, "Replace"),
    ]);
    await this.summaries.noteRun(run);
  }

  forWorkflow(tenantId: string, workflowId: string, pageSize: number, token?: string) {
    return this.page(workflowPartition(tenantId, workflowId), pageSize, token);
  }

  forRecord(tenantId: string, entity: string, recordId: string, pageSize: number, token?: string) {
    return this.page(recordPartition(tenantId, entity, recordId), pageSize, token);
  }

  private async page(partitionKey: string, pageSize: number, token?: string): Promise<{ items: RunRecord[]; continuationToken?: string }> {
    const continuationToken = decodeToken(token);
    const pages = this.store
      .table("work")
      .listEntities<RowProperties>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })
      .byPage({ maxPageSize: pageSize, ...(continuationToken ? { continuationToken } : {}) });
    const first = await pages.next();
    if (first.done) return { items: [] };
    const next = (first.value as { continuationToken?: string }).continuationToken;
    return { items: first.value.map((row) => JSON.parse(String(row.run)) as RunRecord), ...(next ? { continuationToken: encodeToken(next) } : {}) };
  }
}
