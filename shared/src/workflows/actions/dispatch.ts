/**
 * Carries out one action of a workflow run, or says what it would do (dry run), by its
 * type. Every action is idempotent by its key (job key + index): a rerun of the same
 * key has no further effect (each action's file says how). Texts are filled for their
 * readers (placeholders.ts), never beyond what the workflow's own roles may see.
 */
import type { Actor } from "../../policy/model.js";
import type { PersonName } from "../describe.js";
import type { ActionType, WorkflowAction } from "../model.js";
import { readerFor } from "../placeholders.js";
import { addNote } from "./add-note.js";
import { assign } from "./assign.js";
import type { ActionContext, ActionKind, ActionOutcome, ActionParts } from "./context.js";
import { formOf } from "./context.js";
import { createTask } from "./create-task.js";
import { moveStage } from "./move-stage.js";
import { noop } from "./noop.js";
import { notify } from "./notify.js";
import { setField } from "./set-field.js";

/** Every action type has its kind: a new type without one does not compile. */
const kinds: { [T in ActionType]: ActionKind<Extract<WorkflowAction, { type: T }>> } = { assign, setField, moveStage, addNote, createTask, notify, noop };
const kindOf = <A extends WorkflowAction>(action: A): ActionKind<A> => kinds[action.type] as unknown as ActionKind<A>;

export class ActionRunner {
  constructor(private readonly parts: ActionParts) {}

  run(action: WorkflowAction, context: ActionContext): Promise<ActionOutcome> {
    return kindOf(action).run(action, context, this.parts);
  }

  /**
   * What the action would do to this record, without doing it; people shown by
   * `person`, texts as `viewer` and the workflow may both see them (a channel's with
   * labels only).
   */
  async preview(action: WorkflowAction, context: ActionContext, viewer: Actor, person: PersonName = (userId) => userId): Promise<string> {
    const form = await formOf(this.parts, context);
    const reader = readerFor([viewer, context.actor], context.record, form);
    return kindOf(action).preview(action, context, { person, reader, form }, this.parts);
  }
}
