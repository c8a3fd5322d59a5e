/**
 * Add note: its id derives from the action key, so a rerun meets "already exists".
 * The note keeps its template and the values the workflow may see; each reader gets
 * it filled under their own rules when notes are read. Its `text`, and the audit
 * entry, hold labels only.
 */
import { AppError } from "../../errors/app-error.js";
import { seededId } from "../../domain/ids.js";
import { entityLabels } from "../../policy/model.js";
import type { WorkflowAction } from "../model.js";
import { fillNote, noteTemplate, readerFor, renderText } from "../placeholders.js";
import type { ActionKind } from "./context.js";
import { formOf } from "./context.js";

export const addNote: ActionKind<Extract<WorkflowAction, { type: "addNote" }>> = {
  async run(action, context, parts) {
    const { record, actor, tenantId } = context;
    await parts.records.load(actor, record.entity, record.id, "update");
    const filled = noteTemplate(action.text, record, readerFor([actor], record, await formOf(parts, context)));
    const text = fillNote(filled, () => false);
    const id = seededId(context.causedAt, context.actionKey);
    const now = context.now.toISOString();
    try {
      await parts.notes.add(
        tenantId,
        record.entity,
        { id, recordId: record.id, authorId: actor.userId, text, createdAt: now, template: filled },
        {
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
        },
      );
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") return { outcome: "skipped", detail: "the note was already added" };
      throw error;
    }
    return { outcome: "done", detail: "note added" };
  },

  preview: async (action, context, { reader }) => `would add the note "${renderText(action.text, context.record, reader)}"`,
};
