/**
 * Reminders of workflow tasks: a stored job due when the task is, like any timer.
 * When it comes due and the task is still open, its assignee is told once (the
 * dedupe key derives from the task).
 */
import type { NotificationPort } from "../../services/notifications.js";
import type { TaskRepository } from "../../storage/task-repository.js";
import type { QueuedWorkflowJob, WorkflowQueue } from "../../storage/workflow-stores.js";
import type { WorkflowJob } from "../jobs.js";
import type { WorkflowTask } from "../task.js";

export class Reminders {
  constructor(
    private readonly queue: WorkflowQueue,
    private readonly tasks: Pick<TaskRepository, "get">,
    private readonly notifications: NotificationPort,
  ) {}

  /** Enqueues the task's reminder, due when the task is; idempotent by the task's id. */
  async schedule(tenantId: string, task: Pick<WorkflowTask, "id" | "userId">, dueAt: number, meta: { depth: number; enqueuedAt: string }): Promise<void> {
    await this.queue.enqueue(tenantId, `r|${task.id}`, { kind: "reminder", taskId: task.id, userId: task.userId }, dueAt, meta);
  }

  async remind(job: QueuedWorkflowJob, spec: Extract<WorkflowJob, { kind: "reminder" }>): Promise<"handled"> {
    const task = await this.tasks.get(job.tenantId, spec.userId, spec.taskId);
    if (task && !task.done) {
      await this.notifications.enqueue({
        tenantId: job.tenantId,
        recipient: { kind: "user", userId: spec.userId },
        dedupeKey: `reminder|${spec.taskId}`,
        title: task.kind === "reminder" ? "Reminder" : "Task due",
        text: task.title,
        entity: task.entity,
        recordId: task.recordId,
        taskId: task.id,
      });
    }
    await this.queue.complete(job);
    return "handled";
  }
}
