/**
 * A leaver's work finding a new owner: the Owner's rule (`roster|reassignRule`) and one
 * row per leaver (`reassign|<user id>`) in the tenant's config partition, each batch
 * written with its audit entry; the job queue (`q|leavers`) that works them; and moving
 * a leaver's open tasks (their per-user partition of the work table).
 */
import { odata } from "@azure/data-tables";
import type { WorkflowTask } from "../workflows/task.js";
import type { ChangeWriter, RowProperties } from "./change-writer.js";
import type { ConfigChange, Stored } from "./config-partition.js";
import { ConfigPartition, storedJson } from "./config-partition.js";
import { JobQueue, queueLayout } from "./job-queue.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

/** Who gets a leaver's open records and tasks. */
export type ReassignRule = { kind: "user"; userId: string } | { kind: "roundRobin"; roleId: string } | { kind: "ownersQueue" };

export interface MovedRecord {
  entity: "lead" | "opportunity" | "case";
  id: string;
  to: string;
}

/** A leaver's reassignment: running, waiting for the Owners (their queue), or done. */
export interface Reassignment {
  userId: string;
  displayName: string;
  rule: ReassignRule;
  status: "running" | "waiting" | "done";
  startedAt: string;
  moved: number;
  tasksMoved: number;
  batches: number;
  finishedAt?: string;
}

export interface LeaverJob {
  userId: string;
}

/** The batch decided before it is applied (so a restart applies the same one), and the round-robin turn. */
export interface LeaverPlan {
  batch?: MovedRecord[];
  turn: number;
}

export type LeaverQueue = JobQueue<LeaverJob, LeaverPlan, { userId: string }>;

export const openLeaverQueue = (store: TableStore): LeaverQueue => new JobQueue(store, queueLayout("leavers"));

const keys = { rule: "roster|reassignRule", reassignment: (userId: string) => `reassign|${userId}` };
const tasks = (tenantId: string, userId: string) => `${tenantId}|tasks|${userId}`;

export class LeaverRepository {
  private readonly rows: ConfigPartition;

  constructor(
    private readonly store: TableStore,
    changes: ChangeWriter,
  ) {
    this.rows = new ConfigPartition(store, changes);
  }

  async getRule(tenantId: string): Promise<ReassignRule & { etag?: string; changeIds: string }> {
    const row = await this.rows.read(tenantId, keys.rule);
    return row ? storedJson<ReassignRule>(row, "rule") : { kind: "ownersQueue", changeIds: "" };
  }

  saveRule(tenantId: string, rule: ReassignRule, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, keys.rule, { rule: JSON.stringify(rule) }, change);
  }

  async get(tenantId: string, userId: string): Promise<Stored<Reassignment> | undefined> {
    const row = await this.rows.read(tenantId, keys.reassignment(userId));
    return row && storedJson<Reassignment>(row, "reassignment");
  }

  async list(tenantId: string): Promise<Stored<Reassignment>[]> {
    return (await this.rows.range(tenantId, "reassign|")).map((row) => storedJson<Reassignment>(row, "reassignment"));
  }

  save(tenantId: string, reassignment: Reassignment, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, keys.reassignment(reassignment.userId), { reassignment: JSON.stringify(reassignment) }, change);
  }

  /** The leaver's open tasks, at most `limit`. */
  async openTasks(tenantId: string, userId: string, limit: number): Promise<WorkflowTask[]> {
    const found: WorkflowTask[] = [];
    const filter = odata`PartitionKey eq ${tasks(tenantId, userId)}`;
    for await (const row of this.store.table("work").listEntities<RowProperties>({ queryOptions: { filter } })) {
      const task = JSON.parse(String(row.task)) as WorkflowTask;
      if (!task.done) found.push(task);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Moves a task to another user: created there under the same id first (a rerun finds it), then removed from the leaver. */
  async moveTask(tenantId: string, task: WorkflowTask, to: string): Promise<void> {
    const table = this.store.table("work");
    try {
      await table.createEntity({ partitionKey: tasks(tenantId, to), rowKey: task.id, task: JSON.stringify({ ...task, userId: to }) });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    await table.deleteEntity(tasks(tenantId, task.userId), task.id).catch((error: unknown) => {
      if (!isStatus(error, 404)) throw error;
    });
  }
}
