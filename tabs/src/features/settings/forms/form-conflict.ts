/**
 * What someone else saved while the form was being edited, next to what the editor would
 * save: the fields that differ, and the field rules of roles that changed meanwhile. Pure.
 */
import type { EntityType, FieldDefinition, Role } from "../../../api/types";
import { fieldTypeLabels } from "./form-draft";
import type { RuleChanges } from "./role-rules";
import { accessLabels, storedRule } from "./role-rules";

export interface Difference {
  what: string;
  theirs: string;
  yours: string;
}

const absent = "—";

/** A field in one line: its place, label, type and what else it says. */
export function fieldSummary(field: FieldDefinition, place: number): string {
  const parts = [`${place}. ${field.label}`, fieldTypeLabels[field.type]];
  if (field.required) parts.push("required");
  if (field.options?.length) parts.push(field.options.join(", "));
  if (field.section) parts.push(`in ${field.section}`);
  if (field.help) parts.push(`help: ${field.help}`);
  return parts.join(" · ");
}

/** By key, in the editor's order, then theirs that the editor no longer has. */
export function formDifferences(theirs: readonly FieldDefinition[], mine: readonly FieldDefinition[]): Difference[] {
  const summaries = (fields: readonly FieldDefinition[]) => new Map([...fields].sort((a, b) => a.order - b.order).map((field, index) => [field.key, { field, text: fieldSummary(field, index + 1) }]));
  const theirsByKey = summaries(theirs);
  const mineByKey = summaries(mine);
  const keys = [...new Set([...mineByKey.keys(), ...theirsByKey.keys()])];
  return keys.flatMap((key) => {
    const their = theirsByKey.get(key);
    const my = mineByKey.get(key);
    if (their?.text === my?.text) return [];
    return [{ what: (my ?? their)!.field.label, theirs: their?.text ?? absent, yours: my?.text ?? absent }];
  });
}

/** For each role the editor changes that someone else saved meanwhile (its ETag moved): the changed fields' rules. */
export function ruleDifferences(entity: EntityType, read: readonly Role[], latest: readonly Role[], changes: RuleChanges, labelOf: (key: string) => string): Difference[] {
  return Object.entries(changes).flatMap(([roleId, rules]) => {
    const before = read.find((role) => role.id === roleId);
    const now = latest.find((role) => role.id === roleId);
    if (now && before && now.etag === before.etag) return [];
    const name = (now ?? before)?.name ?? roleId;
    return Object.entries(rules).map(([key, access]) => ({
      what: `${name}: ${labelOf(key)}`,
      theirs: now ? accessLabels[storedRule(now, entity, key)] : "(role deleted)",
      yours: accessLabels[access],
    }));
  });
}
