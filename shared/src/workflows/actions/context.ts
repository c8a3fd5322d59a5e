/**
 * What every action gets: the run's context (stable keys and times across retries),
 * the services it acts through (so the policy and the audit log apply to the
 * workflow as to a person), and how a text reads for a person.
 */
import type { FieldDefinition } from "../../domain/forms.js";
import type { CrmRecord } from "../../domain/records.js";
import type { Actor } from "../../policy/model.js";
import type { ActorService } from "../../services/actor-service.js";
import type { NotificationPort } from "../../services/notifications.js";
import type { RecordService } from "../../services/record-service.js";
import type { AssignmentPicks } from "../../storage/assignment-picks.js";
import type { ConfigRepository } from "../../storage/config-repository.js";
import type { NoteRepository } from "../../storage/note-repository.js";
import type { RecordRepository } from "../../storage/record-repository.js";
import type { TaskRepository } from "../../storage/task-repository.js";
import type { PersonName } from "../describe.js";
import type { WorkflowAction, WorkflowDefinition } from "../model.js";
import type { TextReader } from "../placeholders.js";
import { labelsOnly, readerFor } from "../placeholders.js";
import type { WorkflowTask } from "../task.js";

export interface ActionContext {
  tenantId: string;
  /** Stable per action across retries: `<job key>#<index>`. */
  actionKey: string;
  workflow: WorkflowDefinition;
  actor: Actor;
  /** The record as it now stands: an action that changes it leaves the new version here for the next. */
  record: CrmRecord;
  now: Date;
  /** When the run's cause happened (ms); the same on every retry, so derived ids and due times are too. */
  causedAt: number;
  depth: number;
}

export interface ActionOutcome {
  outcome: "done" | "skipped";
  /** Stored in the run: people in it are `personRef`s, which readers show by name. */
  detail: string;
}

export interface ActionParts {
  records: RecordService;
  recordRepository: Pick<RecordRepository, "countOpen">;
  config: ConfigRepository;
  actors: ActorService;
  notes: NoteRepository;
  tasks: Pick<TaskRepository, "create">;
  picks: AssignmentPicks;
  notifications: NotificationPort;
  /** Enqueues a task's reminder, due when the task is. */
  scheduleReminder(tenantId: string, task: Pick<WorkflowTask, "id" | "userId">, dueAt: number, meta: { depth: number; enqueuedAt: string }): Promise<void>;
}

/** How a dry run shows an action's preview: people by name, texts as the viewer and the workflow may both see them. */
export interface PreviewView {
  person: PersonName;
  reader: TextReader;
  form: readonly FieldDefinition[];
}

/** One action type: doing it (idempotently by `actionKey`) and saying what it would do. */
export interface ActionKind<A extends WorkflowAction> {
  run(action: A, context: ActionContext, parts: ActionParts): Promise<ActionOutcome>;
  preview(action: A, context: ActionContext, view: PreviewView, parts: ActionParts): Promise<string>;
}

export async function formOf(parts: Pick<ActionParts, "config">, context: Pick<ActionContext, "tenantId" | "record">): Promise<FieldDefinition[]> {
  return (await parts.config.getForm(context.tenantId, context.record.entity)).fields;
}

/**
 * How a text reads for this user: what they and the workflow may both see. A user
 * who is gone, or may not read the record, gets no record values.
 */
export async function readerOf(parts: Pick<ActionParts, "config" | "actors">, userId: string, context: ActionContext, form: readonly FieldDefinition[]): Promise<TextReader> {
  const user = await parts.config.getUser(context.tenantId, userId);
  if (!user || user.removed) return labelsOnly(form);
  return readerFor([await parts.actors.actorOf(user), context.actor], context.record, form);
}
