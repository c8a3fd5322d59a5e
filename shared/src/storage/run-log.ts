/**
 * Every run of a workflow: what started it, how its conditions came out and what
 * each action did. Written twice, in the workflow's partition and in the record's,
 * under an id derived from the job, so a retried run updates its row instead of
 * adding one; and noted as the workflow's last run in its summary row.
 */
import { odata } from "@azure/data-tables";
import type { RunBasis } from "../workflows/hidden-fields.js";
import type { RunRecord } from "../workflows/runs.js";
import type { RowProperties } from "./change-writer.js";
import { decodeToken, encodeToken } from "./continuation.js";
import type { Page } from "./record-repository.js";
import type { TableStore } from "./table-store.js";
import type { WorkflowSummaries } from "./workflow-summaries.js";

const workflowPartition = (tenantId: string, workflowId: string) => `${tenantId}|runs|${workflowId}`;
const recordPartition = (tenantId: string, entity: string, recordId: string) => `${tenantId}|rruns|${entity}|${recordId}`;
const rowKey = (run: RunRecord) => `${(9_999_999_999_999 - Date.parse(run.causedAt)).toString().padStart(13, "0")}|${run.id}`;

export class RunLog {
  constructor(
    private readonly store: TableStore,
    private readonly summaries: WorkflowSummaries,
  ) {}

  /** `basis`: what decided the run's outcome, for the summary's last run. */
  async record(tenantId: string, run: RunRecord, basis?: RunBasis): Promise<void> {
    const table = this.store.table("work");
    const properties = { rowKey: rowKey(run), run: JSON.stringify(run).slice(0, 60_000) };
    await Promise.all([
      table.upsertEntity({ partitionKey: workflowPartition(tenantId, run.workflowId), ...properties }, "Replace"),
      table.upsertEntity({ partitionKey: recordPartition(tenantId, run.entity, run.recordId), ...properties }, "Replace"),
    ]);
    await this.summaries.noteRun(tenantId, run, basis);
  }

  forWorkflow(tenantId: string, workflowId: string, pageSize: number, token?: string): Promise<Page<RunRecord>> {
    return this.page(workflowPartition(tenantId, workflowId), pageSize, token);
  }

  forRecord(tenantId: string, entity: string, recordId: string, pageSize: number, token?: string): Promise<Page<RunRecord>> {
    return this.page(recordPartition(tenantId, entity, recordId), pageSize, token);
  }

  private async page(partitionKey: string, pageSize: number, token?: string): Promise<Page<RunRecord>> {
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
