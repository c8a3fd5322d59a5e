/** Editing an entity's form in memory before it is saved: pure steps, tested on their own. */
import type { EntityType, FieldDefinition, FieldType } from "../../../api/types";
import { titleField } from "../../../api/types";

export const fieldTypeLabels: Record<FieldType, string> = {
  text: "Text",
  longText: "Long text",
  number: "Number",
  currency: "Currency",
  date: "Date",
  choice: "Choice",
  multiChoice: "Multiple choice",
  email: "Email",
  phone: "Phone",
  url: "Web address",
  user: "Person",
  boolean: "Yes / no",
};

export function keyFromLabel(label: string): string {
  const words = label
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9 ]/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const key = words.map((word, index) => (index === 0 ? word.toLowerCase() : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())).join("");
  const start = key.search(/[a-z]/);
  return (start < 0 ? "" : key.slice(start)).slice(0, 40);
}

export function moveField<T>(fields: readonly T[], index: number, direction: -1 | 1): T[] {
  const target = index + direction;
  if (target < 0 || target >= fields.length) return [...fields];
  const next = [...fields];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

export function newField(fields: readonly FieldDefinition[]): FieldDefinition {
  const taken = new Set(fields.map((field) => field.key));
  let index = fields.length + 1;
  while (taken.has(`field${index}`)) index += 1;
  return { key: `field${index}`, label: `Field ${index}`, type: "text", required: false, order: fields.length, section: fields.at(-1)?.section ?? "" };
}

/** What the API receives: order from position, options only on choice fields, no blank extras. */
export function fieldsForSave(fields: readonly FieldDefinition[]): FieldDefinition[] {
  return fields.map((field, index) => {
    const choice = field.type === "choice" || field.type === "multiChoice";
    const options = (field.options ?? []).map((option) => option.trim()).filter(Boolean);
    return {
      key: field.key.trim(),
      label: field.label.trim(),
      type: field.type,
      required: field.required,
      order: index,
      ...(choice ? { options } : {}),
      ...(field.help?.trim() ? { help: field.help.trim() } : {}),
      ...(field.section?.trim() ? { section: field.section.trim() } : {}),
    };
  });
}

export const isTitleField = (entity: EntityType, key: string) => titleField[entity] === key;

/** Server problems such as `fields[3].options` → { 3: { options: "…" } }; others under -1. */
export function problemsByRow(problems: readonly { field: string; message: string }[]): Record<number, Record<string, string>> {
  const rows: Record<number, Record<string, string>> = {};
  for (const problem of problems) {
    const match = /^fields\[(\d+)\](?:\.(\w+))?/.exec(problem.field);
    const row = match ? Number(match[1]) : -1;
    const part = match?.[2] ?? "field";
    rows[row] ??= {};
    rows[row][part] ??= problem.message;
  }
  return rows;
}
