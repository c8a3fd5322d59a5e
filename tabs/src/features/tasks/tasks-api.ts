/** The signed-in user's tasks and reminders (`/api/tasks`), created by workflows. */
import type { ApiClient } from "../../api/client";
import type { Page } from "../../api/types";

import type { WorkflowTask } from "@crm/shared/api-types";
export type { WorkflowTask };

export const tasksApi = (api: ApiClient) => ({
  list: () => api.request<Page<WorkflowTask>>("GET", "/api/tasks"),
  setDone: (id: string, done: boolean) => api.request<WorkflowTask>("PATCH", `/api/tasks/${id}`, { body: { done } }),
});
