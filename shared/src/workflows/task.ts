/** A follow-up task or reminder that a workflow created for someone. */
import type { EntityType } from "../policy/model.js";

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
