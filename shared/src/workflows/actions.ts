/**
 * Carries out one action of a workflow run, through the same services a person
 * uses (so the policy and the audit log apply), and idempotently: each action has
 * a key (job key + action index) and a rerun of the same key has no further effect.
 * - assign: the pick is stored (with the round-robin counter, in one batch) before
 *   the record is assigned; a rerun reuses it, and assigning an owner again is a no-op;
 * - set field / move stage: nothing is written when the record already holds the value;
 * - note and task: their ids derive from the key, so a rerun meets "already exists";
 * - notify: the dedupe key derives from the key, so the port delivers once.
 *
 * Texts are filled for their readers (placeholders.ts), never beyond what the
 * workflow's own roles may see: a message or task for a person with what they and
 * the workflow may both see, a channel with labels only, a note per reader when read.
 */
import { AppError } from "../errors/app-error.js";
import { hashKey, seededId } from "../domain/ids.js";
import type { CrmRecord } from "../domain/records.js";
import type { FieldDefinition } from "../domain/forms.js";
import type { Actor } from "../policy/model.js";
import { entityLabels } from "../policy/model.js";
import type { CrmServices } from "../services/index.js";
import type { NotificationPort, Recipient as PortRecipient } from "../services/notifications.js";
import type { AssignmentPicks } from "../storage/assignment-picks.js";
import { NoteRepository } from "../storage/note-repository.js";
import type { TaskRepository } from "../storage/task-repository.js";
import { closedStatuses, pickLeastOpen, pickRoundRobin, poolMembers } from "./assignment.js";
import type { PersonName } from "./describe.js";
import { describeAction, personRef } from "./describe.js";
import type { WorkflowRecipient, WorkflowAction, WorkflowDefinition } from "./model.js";
import { durationMs } from "./model.js";
import type { TextReader } from "./placeholders.js";
import { labelsOnly, noteTemplate, readerFor, renderText, fillNote } from "./placeholders.js";
import type { WorkflowQueue } from "./engine.js";
import type { WorkflowTask } from "./task.js";

export interface ActionContext {
  tenantId: string;
  /** Stable per action across retries: `<job key>#<index>`. */
  actionKey: string;
  workflow: WorkflowDefinition;
  actor: Actor;
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

type AssignPoolAction = Extract<WorkflowAction, { type: "assign"; strategy: "roundRobin" | "leastOpen" }>;

export class ActionRunner {
  private readonly notes: NoteRepository;

  constructor(
    private readonly services: CrmServices,
    private readonly notifications: NotificationPort,
    private readonly tasks: TaskRepository,
    private readonly queue: WorkflowQueue,
    private readonly picks: AssignmentPicks,
  ) {
    this.notes = new NoteRepository(services.store, services.changes);
  }

  async run(action: WorkflowAction, context: ActionContext): Promise<ActionOutcome> {
    switch (action.type) {
      case "assign":
        return this.assign(action.strategy === "user" ? action.userId : await this.pick(action, context), context);
      case "setField":
        return this.setFields({ [action.field]: action.value }, context);
      case "moveStage":
        return this.setFields({ stageId: action.stageId }, context);
      case "addNote":
        return this.addNote(action.text, context);
      case "createTask":
        return this.createTask(action, context);
      case "notify":
        return this.notify(action.to, action.message, context);
      case "noop":
        return { outcome: "done", detail: "nothing to do" };
    }
  }

  private async assign(userId: string, context: ActionContext): Promise<ActionOutcome> {
    const { record, actor } = context;
    if (record.ownerId === userId) return { outcome: "skipped", detail: `already owned by ${personRef(userId)}` };
    const assigned = await this.services.records.assign(actor, record.entity, record.id, userId);
    context.record = assigned.record;
    return { outcome: "done", detail: `assigned to ${personRef(userId)}` };
  }

  /** The user this action picks, decided once (`AssignmentPicks`): a rerun finds the same pick. */
  async pick(action: AssignPoolAction, context: ActionContext, dryRun = false): Promise<string> {
    const choose = async (counter: number) => {
      const members = poolMembers(action.pool, await this.services.config.listUsers(context.tenantId));
      if (members.length === 0) throw new AppError("invalid_input", "There is no active user in this workflow's assignment pool.");
      return action.strategy === "roundRobin" ? pickRoundRobin(members, counter)! : pickLeastOpen(members, await this.openCounts(context, members), counter)!;
    };
    const pool = { workflowId: context.workflow.id, pool: action.pool };
    if (dryRun) return this.picks.peek(context.tenantId, pool, choose);
    return this.picks.pick(context.tenantId, pool, context.actionKey, choose, context.now.toISOString());
  }

  /** Open records per member, read from each member's own index (bounded). */
  private async openCounts(context: ActionContext, members: readonly string[]): Promise<Map<string, number>> {
    const entity = context.record.entity;
    const pipelines = entity === "opportunity" ? await this.services.config.listPipelines(context.tenantId) : [];
    const closedStages = new Set(pipelines.flatMap((pipeline) => pipeline.stages.filter((stage) => stage.won || stage.lost).map((stage) => stage.id)));
    const isClosed = (record: { status: string; stageId: string }) => closedStatuses.includes(record.status) || closedStages.has(record.stageId);
    const counts = new Map<string, number>();
    for (const member of members) counts.set(member, await this.services.recordRepository.countOpen(context.tenantId, member, entity, isClosed));
    return counts;
  }

  private async setFields(values: Record<string, unknown>, context: ActionContext): Promise<ActionOutcome> {
    const { record, actor } = context;
    const changed = Object.entries(values).filter(([key, value]) => JSON.stringify(record.fields[key] ?? null) !== JSON.stringify(value ?? null));
    const text = Object.entries(values).map(([key, value]) => `${key} = ${JSON.stringify(value)}`).join(", ");
    if (changed.length === 0) return { outcome: "skipped", detail: `already ${text}` };
    const updated = await this.services.records.update(actor, record.entity, record.id, record.etag, Object.fromEntries(changed));
    context.record = updated.record;
    return { outcome: "done", detail: `set ${text}` };
  }

  /**
   * The note keeps its template and the values the workflow may see; each reader gets
   * it filled under their own rules when notes are read. Its `text`, and the audit
   * entry, hold labels only.
   */
  private async addNote(template: string, context: ActionContext): Promise<ActionOutcome> {
    const { record, actor, tenantId } = context;
    await this.services.records.load(actor, record.entity, record.id, "update");
    const form = await this.formOf(context);
    const filled = noteTemplate(template, record, readerFor([actor], record, form));
    const text = fillNote(filled, () => false);
    const id = seededId(context.causedAt, context.actionKey);
    const now = context.now.toISOString();
    try {
      await this.notes.add(tenantId, record.entity, { id, recordId: record.id, authorId: actor.userId, text, createdAt: now, template: filled }, {
        id,
        tenantId,
        at: now,
        actorId: actor.userId,
        actorKind: "workflow",
        action: `${record.entity}.note`,
        outcome: "allowed",
        reason: `workflow "${context.workflow.name}" may update this ${entityLabels[record.entity].one}`,
        entity: record.entity,
        recordId: record.id,
        after: { text: text.slice(0, 500) },
      });
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") return { outcome: "skipped", detail: "the note was already added" };
      throw error;
    }
    return { outcome: "done", detail: "note added" };
  }

  private async createTask(action: Extract<WorkflowAction, { type: "createTask" }>, context: ActionContext): Promise<ActionOutcome> {
    const { record, tenantId } = context;
    const userId = action.assignTo.kind === "owner" ? record.ownerId : action.assignTo.userId;
    const dueAt = context.causedAt + durationMs(action.due);
    const task: WorkflowTask = {
      id: hashKey(context.actionKey),
      userId,
      kind: action.kind,
      title: renderText(action.title, record, await this.readerOf(userId, context, await this.formOf(context))).slice(0, 200),
      dueAt: new Date(dueAt).toISOString(),
      entity: record.entity,
      recordId: record.id,
      workflowId: context.workflow.id,
      createdAt: context.now.toISOString(),
      done: false,
    };
    const created = await this.tasks.create(tenantId, task);
    // The reminder is a stored timer like any other; enqueueing is idempotent by key.
    await this.queue.enqueue(tenantId, `r|${task.id}`, { kind: "reminder", taskId: task.id, userId }, dueAt, { depth: context.depth, enqueuedAt: context.now.toISOString() });
    if (action.kind === "task") {
      await this.notifications.enqueue({
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
  }

  private async formOf(context: Pick<ActionContext, "tenantId" | "record">): Promise<FieldDefinition[]> {
    return (await this.services.config.getForm(context.tenantId, context.record.entity)).fields;
  }

  /**
   * How a text reads for this user: what they and the workflow may both see. A user
   * who is gone, or may not read the record, gets no record values.
   */
  private async readerOf(userId: string, context: ActionContext, form: readonly FieldDefinition[]): Promise<TextReader> {
    const user = await this.services.config.getUser(context.tenantId, userId);
    if (!user || user.removed) return labelsOnly(form);
    return readerFor([await this.services.actors.actorOf(user), context.actor], context.record, form);
  }

  async recipients(to: WorkflowRecipient, context: Pick<ActionContext, "tenantId" | "record">): Promise<PortRecipient[]> {
    switch (to.kind) {
      case "owner":
        return [{ kind: "user", userId: context.record.ownerId }];
      case "user":
        return [{ kind: "user", userId: to.userId }];
      case "channel":
        return [{ kind: "channel", channelId: to.channelId }];
      case "role": {
        const users = await this.services.config.listUsers(context.tenantId);
        return users.filter((user) => user.active && user.roleIds.includes(to.roleId)).map((user) => ({ kind: "user", userId: user.userId }));
      }
    }
  }

  /** Each person is told what they and the workflow may both see; a channel, with many readers, no record values. */
  private async notify(to: WorkflowRecipient, message: string, context: ActionContext): Promise<ActionOutcome> {
    const recipients = await this.recipients(to, context);
    const form = await this.formOf(context);
    for (const recipient of recipients) {
      const who = recipient.kind === "user" ? recipient.userId : recipient.channelId;
      const reader = recipient.kind === "user" ? await this.readerOf(recipient.userId, context, form) : labelsOnly(form);
      await this.notifications.enqueue({
        tenantId: context.tenantId,
        recipient,
        dedupeKey: `${context.actionKey}|${who}`,
        title: context.workflow.name,
        text: renderText(message, context.record, reader),
        entity: context.record.entity,
        recordId: context.record.id,
      });
    }
    if (recipients.length === 0) return { outcome: "skipped", detail: "nobody to tell (no active user holds that role)" };
    return { outcome: "done", detail: `told ${recipients.map((recipient) => (recipient.kind === "user" ? personRef(recipient.userId) : `channel ${recipient.channelId}`)).join(", ")}` };
  }

  /**
   * What the action would do to this record, without doing it (dry run); people shown
   * by `person`, texts as `viewer` and the workflow may both see them (a channel's
   * with labels only).
   */
  async preview(action: WorkflowAction, context: ActionContext, viewer: Actor, person: PersonName = (userId) => userId): Promise<string> {
    const { record } = context;
    const form = await this.formOf(context);
    const reader = readerFor([viewer, context.actor], record, form);
    switch (action.type) {
      case "assign": {
        const userId = action.strategy === "user" ? action.userId : await this.pick(action, context, true);
        return record.ownerId === userId ? `nothing: already owned by ${person(userId)}` : `would assign to ${person(userId)}`;
      }
      case "setField":
      case "moveStage": {
        const [field, value] = action.type === "setField" ? [action.field, action.value] : ["stageId", action.stageId];
        const current = record.fields[field] ?? null;
        return JSON.stringify(current) === JSON.stringify(value) ? `nothing: ${field} is already ${JSON.stringify(value)}` : `would change ${field} from ${JSON.stringify(current)} to ${JSON.stringify(value)}`;
      }
      case "addNote":
        return `would add the note "${renderText(action.text, record, reader)}"`;
      case "createTask":
        return `would create the ${action.kind} "${renderText(action.title, record, reader)}" for ${person(action.assignTo.kind === "owner" ? record.ownerId : action.assignTo.userId)}, due ${new Date(context.causedAt + durationMs(action.due)).toISOString()}`;
      case "notify": {
        const recipients = await this.recipients(action.to, context);
        const names = recipients.map((recipient) => (recipient.kind === "user" ? person(recipient.userId) : `channel ${recipient.channelId}`));
        const text = renderText(action.message, record, action.to.kind === "channel" ? labelsOnly(form) : reader);
        return names.length === 0 ? "nobody to tell" : `would tell ${names.join(", ")}: "${text}"`;
      }
      case "noop":
        return describeAction(action, person);
    }
  }
}
