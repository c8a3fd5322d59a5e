/** Set field: writes nothing when the record already holds the value, so a rerun has no further effect. */
import type { WorkflowAction } from "../model.js";
import type { ActionContext, ActionKind, ActionOutcome, ActionParts } from "./context.js";

export const setField: ActionKind<Extract<WorkflowAction, { type: "setField" }>> = {
  run: (action, context, parts) => setFields({ [action.field]: action.value }, context, parts),
  preview: async (action, context) => previewChange(action.field, action.value, context),
};

/** Changes the values that differ, through RecordService as the workflow (field rules, scopes and case transitions apply). */
export async function setFields(values: Record<string, unknown>, context: ActionContext, parts: Pick<ActionParts, "records">): Promise<ActionOutcome> {
  const { record, actor } = context;
  const changed = Object.entries(values).filter(([key, value]) => JSON.stringify(record.fields[key] ?? null) !== JSON.stringify(value ?? null));
  const text = Object.entries(values)
    .map(([key, value]) => `${key} = ${JSON.stringify(value)}`)
    .join(", ");
  if (changed.length === 0) return { outcome: "skipped", detail: `already ${text}` };
  const updated = await parts.records.update(actor, record.entity, record.id, record.etag, Object.fromEntries(changed));
  context.record = updated.record;
  return { outcome: "done", detail: `set ${text}` };
}

export function previewChange(field: string, value: unknown, context: ActionContext): string {
  const current = context.record.fields[field] ?? null;
  return JSON.stringify(current) === JSON.stringify(value)
    ? `nothing: ${field} is already ${JSON.stringify(value)}`
    : `would change ${field} from ${JSON.stringify(current)} to ${JSON.stringify(value)}`;
}
