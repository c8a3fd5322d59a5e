/**
 * Workflow definitions and the case workflow, in the tenant's partition of the
 * config table beside forms and pipelines. Every save goes through the change
 * writer, so it is audited with its before and after like any configuration.
 */
import { odata } from "@azure/data-tables";
import { newId } from "../domain/ids.js";
import type { Actor } from "../policy/model.js";
import type { Clock } from "../services/clock.js";
import type { CaseWorkflow } from "../workflows/case-workflow.js";
import type { WorkflowDefinition } from "../workflows/model.js";
import type { ChangeWriter, DomainEvent, RowProperties } from "./change-writer.js";
import { changeIdsOf } from "./change-writer.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

export type StoredWorkflow = WorkflowDefinition & { etag: string; changeIds: string };
type StoredCaseWorkflow = CaseWorkflow & { etag: string; changeIds: string };

const workflowPrefix = "workflow|";
/** Inside the workflow range ("~" sorts after every id), so one read loads both. */
const caseWorkflowKey = "workflow|~case";

export class WorkflowRepository {
  constructor(
    private readonly store: TableStore,
    private readonly changes: ChangeWriter,
    private readonly clock: Clock,
  ) {}

  private get table() {
    return this.store.table("config");
  }

  async list(tenantId: string): Promise<StoredWorkflow[]> {
    return (await this.loadAll(tenantId)).workflows;
  }

  /** The tenant's workflows and its case workflow, in one single-partition read. */
  async loadAll(tenantId: string): Promise<{ workflows: StoredWorkflow[]; caseWorkflow?: StoredCaseWorkflow }> {
    const filter = odata`PartitionKey eq ${tenantId} and RowKey ge ${workflowPrefix} and RowKey lt ${`${workflowPrefix}\uffff`}`;
    const workflows: StoredWorkflow[] = [];
    let caseWorkflow: StoredCaseWorkflow | undefined;
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) {
      if (row.rowKey === caseWorkflowKey) caseWorkflow = toCaseWorkflow(row);
      else workflows.push(toWorkflow(row));
    }
    return { workflows: workflows.sort((a, b) => a.name.localeCompare(b.name)), ...(caseWorkflow ? { caseWorkflow } : {}) };
  }

  async get(tenantId: string, id: string): Promise<StoredWorkflow | undefined> {
    const row = await this.read(tenantId, `${workflowPrefix}${id}`);
    return row && toWorkflow(row);
  }

  async getCaseWorkflow(tenantId: string): Promise<StoredCaseWorkflow | undefined> {
    const row = await this.read(tenantId, caseWorkflowKey);
    return row && toCaseWorkflow(row);
  }

  /** Creates or replaces a workflow (replace when `previous` is given); returns the new ETag. */
  async save(actor: Actor, action: string, workflow: WorkflowDefinition, previous?: StoredWorkflow): Promise<string> {
    const { etag: _etag, changeIds: _changeIds, ...before } = previous ?? { etag: "", changeIds: "" };
    const events: DomainEvent[] = [{ type: "workflow.saved", tenantId: actor.tenantId, workflowId: workflow.id, enabled: workflow.enabled }];
    return (await this.write(
      actor,
      action,
      `${workflowPrefix}${workflow.id}`,
      previous ? "replace" : "create",
      { definition: JSON.stringify(workflow) },
      previous ? before : undefined,
      workflow,
      previous,
      events,
    ))!;
  }

  async remove(actor: Actor, previous: StoredWorkflow): Promise<void> {
    const { etag: _etag, changeIds: _changeIds, ...before } = previous;
    await this.write(actor, "workflow.delete", `${workflowPrefix}${previous.id}`, "delete", undefined, before, undefined, previous, []);
  }

  async saveCaseWorkflow(actor: Actor, workflow: CaseWorkflow, previous?: StoredCaseWorkflow): Promise<string> {
    const { etag: _etag, changeIds: _changeIds, ...before } = previous ?? { etag: "", changeIds: "" };
    const events: DomainEvent[] = [{ type: "workflow.saved", tenantId: actor.tenantId, workflowId: caseWorkflowKey, enabled: true }];
    return (await this.write(
      actor,
      "caseWorkflow.save",
      caseWorkflowKey,
      previous ? "replace" : "create",
      { caseWorkflow: JSON.stringify(workflow) },
      previous ? before : undefined,
      workflow,
      previous,
      events,
    ))!;
  }

  private async read(tenantId: string, rowKey: string) {
    try {
      return await this.table.getEntity<RowProperties>(tenantId, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private async write(
    actor: Actor,
    action: string,
    rowKey: string,
    op: "create" | "replace" | "delete",
    properties: RowProperties | undefined,
    before: unknown,
    after: unknown,
    previous: { etag: string; changeIds: string } | undefined,
    events: DomainEvent[],
  ): Promise<string | undefined> {
    const now = this.clock.now();
    const id = newId(now.getTime());
    return this.changes.apply(
      {
        id,
        write: { table: "config", partitionKey: actor.tenantId, rowKey, op, ...(properties ? { properties } : {}), ...(previous ? { etag: previous.etag } : {}) },
        audit: {
          id,
          tenantId: actor.tenantId,
          at: now.toISOString(),
          actorId: actor.userId,
          actorKind: actor.kind,
          action,
          outcome: "allowed",
          reason: "configuration permission granted",
          before,
          after,
        },
        events,
      },
      previous?.changeIds ?? "",
    );
  }
}

function toWorkflow(row: RowProperties & { etag?: string }): StoredWorkflow {
  return { ...(JSON.parse(String(row.definition)) as WorkflowDefinition), etag: String(row.etag), changeIds: changeIdsOf(row) };
}

function toCaseWorkflow(row: RowProperties & { etag?: string }): StoredCaseWorkflow {
  return { ...(JSON.parse(String(row.caseWorkflow)) as CaseWorkflow), etag: String(row.etag), changeIds: changeIdsOf(row) };
}
