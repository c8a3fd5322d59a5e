/** Between a record's stored values and what the inputs of a form hold while someone edits. */
import type { CrmRecord, FieldDefinition, FieldValue } from "../../api/types";

export type Draft = Record<string, FieldValue>;

function emptyValue(field: FieldDefinition): FieldValue {
  if (field.type === "multiChoice") return [];
  if (field.type === "boolean") return false;
  return "";
}

export function draftOf(fields: readonly FieldDefinition[], record?: Partial<CrmRecord>): Draft {
  const draft: Draft = {};
  for (const field of fields) {
    const stored = record?.[field.key];
    draft[field.key] = stored === undefined || stored === null ? emptyValue(field) : field.type === "number" || field.type === "currency" ? String(stored) : stored;
  }
  return draft;
}

const isBlank = (value: FieldValue | undefined) => value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

/** The value as the API expects it; numbers the person typed badly go as text so the server names the problem. */
function toApiValue(field: FieldDefinition, value: FieldValue): FieldValue {
  if (isBlank(value)) return null;
  if ((field.type === "number" || field.type === "currency") && typeof value === "string") {
    const number = Number(value.trim());
    return value.trim() !== "" && Number.isFinite(number) ? number : value;
  }
  if (typeof value === "string" && field.type !== "longText") return value.trim();
  return value;
}

const same = (a: FieldValue | undefined, b: FieldValue | undefined) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The body for POST (no `original`: every filled field) or PATCH (only what changed,
 * blanks as null). Read-only fields are never sent.
 */
export function payloadOf(fields: readonly FieldDefinition[], draft: Draft, original?: Partial<CrmRecord>, readOnly: ReadonlySet<string> = new Set()): Record<string, FieldValue> {
  const body: Record<string, FieldValue> = {};
  for (const field of fields) {
    if (readOnly.has(field.key)) continue;
    const value = toApiValue(field, draft[field.key] ?? emptyValue(field));
    if (!original) {
      if (value !== null || field.type === "boolean") body[field.key] = value ?? false;
      continue;
    }
    const before = original[field.key];
    if (!same(value, before === undefined ? null : before) && !(value === false && before === undefined)) body[field.key] = value;
  }
  return body;
}

export function formatValue(field: Pick<FieldDefinition, "type">, value: FieldValue | undefined, userName: (id: string) => string = (id) => id): string {
  if (isBlank(value)) return "";
  switch (field.type) {
    case "boolean":
      return value ? "Yes" : "No";
    case "multiChoice":
      return Array.isArray(value) ? value.join(", ") : String(value);
    case "currency":
      return typeof value === "number" ? value.toLocaleString(undefined, { minimumFractionDigits: 0, maximumFractionDigits: 2 }) : String(value);
    case "number":
      return typeof value === "number" ? value.toLocaleString() : String(value);
    case "date":
      return typeof value === "string" ? new Date(`${value}T00:00:00`).toLocaleDateString() : String(value);
    case "user":
      return userName(String(value));
    default:
      return String(value);
  }
}
