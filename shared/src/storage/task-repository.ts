/**
 * Follow-up tasks and reminders that workflows create, in a partition per user,
 * so "my tasks" reads only the caller's rows. Ids come from the creating job and
 * action, so a rerun finds the task it already made.
 */
import { odata } from "@azure/data-tables";
import type { WorkflowTask } from "../workflows/task.js";
import type { RowProperties } from "./change-writer.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

const partition = (tenantId: string, userId: string) => `${tenantId}|tasks|${userId}`;

export class TaskRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("work");
  }

  /** False when the task already exists (a rerun). */
  async create(tenantId: string, task: WorkflowTask): Promise<boolean> {
    try {
      await this.table.createEntity({ partitionKey: partition(tenantId, task.userId), rowKey: task.id, task: JSON.stringify(task) });
      return true;
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
  }

  async get(tenantId: string, userId: string, id: string): Promise<(WorkflowTask & { etag: string }) | undefined> {
    try {
      const row = await this.table.getEntity<RowProperties>(partition(tenantId, userId), id);
      return { ...(JSON.parse(String(row.task)) as WorkflowTask), etag: row.etag };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /** Open tasks first, soonest due first; at most 500. */
  async list(tenantId: string, userId: string): Promise<WorkflowTask[]> {
    const tasks: WorkflowTask[] = [];
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter: odata`PartitionKey eq ${partition(tenantId, userId)}` } })) {
      tasks.push(JSON.parse(String(row.task)) as WorkflowTask);
      if (tasks.length >= 500) break;
    }
    return tasks.sort((a, b) => Number(a.done) - Number(b.done) || a.dueAt.localeCompare(b.dueAt));
  }

  async setDone(tenantId: string, task: WorkflowTask & { etag: string }, done: boolean, at: string): Promise<WorkflowTask> {
    const { etag, ...stored } = task;
    const next: WorkflowTask = { ...stored, done, ...(done ? { doneAt: at } : {}) };
    if (!done) delete next.doneAt;
    await this.table.updateEntity({ partitionKey: partition(tenantId, task.userId), rowKey: task.id, task: JSON.stringify(next) }, "Replace", { etag });
    return next;
  }
}
