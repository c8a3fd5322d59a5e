/**
 * Create task: a task or reminder for the owner or a user, due a while after the
 * run's cause. Its id derives from the action key (a rerun finds it); its reminder is
 * a stored job like any timer; the assignee of a task is told once (dedupe key).
 */
import { hashKey } from "../../domain/ids.js";
import { personRef } from "../describe.js";
import type { WorkflowAction } from "../model.js";
import { durationMs } from "../model.js";
import { renderText } from "../placeholders.js";
import type { WorkflowTask } from "../task.js";
import type { ActionKind } from "./context.js";
import { formOf, readerOf } from "./context.js";

type CreateTask = Extract<WorkflowAction, { type: "createTask" }>;

const assigneeOf = (action: CreateTask, ownerId: string): string => (action.assignTo.kind === "owner" ? ownerId : action.assignTo.userId);

export const createTask: ActionKind<CreateTask> = {
  async run(action, context, parts) {
    const { record, tenantId } = context;
    const userId = assigneeOf(action, record.ownerId);
    const dueAt = context.causedAt + durationMs(action.due);
    const task: WorkflowTask = {
      id: hashKey(context.actionKey),
      userId,
      kind: action.kind,
      title: renderText(action.title, record, await readerOf(parts, userId, context, await formOf(parts, context))).slice(0, 200),
      dueAt: new Date(dueAt).toISOString(),
      entity: record.entity,
      recordId: record.id,
      workflowId: context.workflow.id,
      createdAt: context.now.toISOString(),
      done: false,
    };
    const created = await parts.tasks.create(tenantId, task);
    await parts.scheduleReminder(tenantId, task, dueAt, { depth: context.depth, enqueuedAt: context.now.toISOString() });
    if (action.kind === "task") {
      await parts.notifications.enqueue({
        tenantId,
        recipient: { kind: "user", userId },
        dedupeKey: `task|${task.id}`,
        title: "New task",
        text: `${task.title} (due ${task.dueAt.slice(0, 10)})`,
        entity: record.entity,
        recordId: record.id,
        taskId: task.id,
      });
    }
    return created ? { outcome: "done", detail: `${action.kind} for ${personRef(userId)}, due ${task.dueAt}` } : { outcome: "skipped", detail: "the task already exists" };
  },

  preview: async (action, context, { person, reader }) =>
    `would create the ${action.kind} "${renderText(action.title, context.record, reader)}" for ${person(assigneeOf(action, context.record.ownerId))}, due ${new Date(context.causedAt + durationMs(action.due)).toISOString()}`,
};
