/** The signed-in user's tasks and reminders (`/api/tasks`), created by workflows. */
import type { ApiClient } from "../../api/client";
import type { EntityType, Page } from "../../api/types";

export interface WorkflowTask {
  id: string;
  userId: string;
  kind: "task" | "reminder";
  title: string;
  dueAt: string;
  entity: EntityType;
  recordId: string;
  workflowId: string;
  createdAt: string;
  done: boolean;
  doneAt?: string;
}

export const tasksApi = (api: ApiClient) => ({
  list: () => api.request<Page<WorkflowTask>>("GET", "/api/tasks"),
  setDone: (id: string, done: boolean) => api.request<WorkflowTask>("PATCH", `/api/tasks/${id}`, { body: { done } }),
});
