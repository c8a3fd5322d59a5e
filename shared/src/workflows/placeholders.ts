/**
 * `{record}` and `{fieldKey}` placeholders in workflow texts (notes, task titles,
 * messages), filled for a reader. A placeholder shows its value only where the
 * reader may see that field; elsewhere it reads as the field's label in brackets
 * ("[Amount]"), so a text never carries more than its reader may see. `{record}`
 * is the title and follows the title field's rules. Pure.
 */
import type { FieldDefinition } from "../domain/forms.js";
import { titleField } from "../domain/forms.js";
import type { CrmRecord, NoteTemplate } from "../domain/records.js";
import { decideOnRecord, fieldAccess } from "../policy/decide.js";
import type { Actor, EntityType } from "../policy/model.js";

const placeholderPattern = /\{([a-zA-Z][a-zA-Z0-9]{0,39})\}/g;
/** Texts are cut here, as a note or a message shows them. */
const textLimit = 2000;
/** What a stored note may keep of its values in all (a row's text property holds 32k characters). */
const fillBudget = 20_000;

type RecordData = Pick<CrmRecord, "entity" | "fields" | "ownerId" | "teamIds">;

/** The record field a placeholder reads. */
const placeholderField = (key: string, entity: EntityType): string => (key === "record" ? titleField[entity] : key);

/** The fields a text's placeholders read, each once. */
export const placeholderFields = (text: string, entity: EntityType): string[] => [...new Set([...text.matchAll(placeholderPattern)].map(([, key]) => placeholderField(key!, entity)))];

/** Who reads a text: which fields' values they may see, and what each field is called. */
export interface TextReader {
  shows(field: string): boolean;
  label(field: string): string;
}

const systemLabels: Record<string, string> = { ownerId: "Owner", createdAt: "Created on", updatedAt: "Last changed on" };

/** A field's name as the form gives it. */
function fieldLabels(form: readonly Pick<FieldDefinition, "key" | "label">[]): (field: string) => string {
  const labels = new Map(form.map((field) => [field.key, field.label]));
  return (field) => labels.get(field) ?? systemLabels[field] ?? field;
}

/**
 * A text read by these actors together (a person, and the workflow that writes to
 * them): a value shows only where every one of them may read the record and see
 * the field. Nobody named, no values.
 */
export function readerFor(readers: readonly Actor[], record: RecordData, form: readonly Pick<FieldDefinition, "key" | "label">[]): TextReader {
  const label = fieldLabels(form);
  const mayRead = readers.length > 0 && readers.every((actor) => decideOnRecord(actor, "read", record.entity, { tenantId: actor.tenantId, ownerId: record.ownerId, teamIds: record.teamIds }).allowed);
  return { shows: (field) => mayRead && readers.every((actor) => fieldAccess(actor, record.entity, field) !== "hidden"), label };
}

/** Many readers at once (a Teams channel): no record values at all, only labels. */
export const labelsOnly = (form: readonly Pick<FieldDefinition, "key" | "label">[]): TextReader => ({ shows: () => false, label: fieldLabels(form) });

function valueText(key: string, record: Pick<RecordData, "entity" | "fields" | "ownerId">): string {
  if (key === "record") return String(record.fields[titleField[record.entity]] ?? "a record");
  if (key === "ownerId") return record.ownerId;
  const value = record.fields[key];
  if (value === undefined || value === null) return "";
  return (Array.isArray(value) ? value.join(", ") : String(value)).slice(0, textLimit);
}

/** The text as this reader may read it. */
export function renderText(template: string, record: Pick<RecordData, "entity" | "fields" | "ownerId">, reader: TextReader): string {
  return template
    .replace(placeholderPattern, (_whole, key: string) => {
      const field = placeholderField(key, record.entity);
      return reader.shows(field) ? valueText(key, record) : `[${reader.label(field)}]`;
    })
    .slice(0, textLimit);
}

/**
 * What a workflow note keeps, to be filled for each reader later: its template and,
 * per placeholder, the values `writer` (the workflow) may see. Beyond the budget a
 * value is not kept, and reads as its label.
 */
export function noteTemplate(template: string, record: Pick<RecordData, "entity" | "fields" | "ownerId">, writer: TextReader): NoteTemplate {
  const fills: NoteTemplate["fills"] = {};
  let kept = 0;
  for (const [, key] of template.matchAll(placeholderPattern)) {
    if (fills[key!]) continue;
    const field = placeholderField(key!, record.entity);
    const value = writer.shows(field) ? valueText(key!, record) : undefined;
    const keep = value !== undefined && kept + value.length <= fillBudget;
    if (keep) kept += value.length;
    fills[key!] = { field, label: writer.label(field), ...(keep ? { value } : {}) };
  }
  return { text: template, fills };
}

/** A stored note template as one reader reads it: the kept values they may see, labels elsewhere. */
export function fillNote(note: NoteTemplate, shows: (field: string) => boolean): string {
  return note.text
    .replace(placeholderPattern, (_whole, key: string) => {
      const fill = note.fills[key];
      if (!fill) return "";
      return fill.value !== undefined && shows(fill.field) ? fill.value : `[${fill.label}]`;
    })
    .slice(0, textLimit);
}
