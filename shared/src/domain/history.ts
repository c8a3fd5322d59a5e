/** What a change did to a record, field by field, for the record's history view.
 * @public (named in the declarations of a service's answers)
 */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The fields whose value differs between two snapshots, limited to those `visible` accepts. */
export function fieldChanges(before: unknown, after: unknown, visible: (field: string) => boolean): FieldChange[] {
  const from = (before && typeof before === "object" ? before : {}) as Record<string, unknown>;
  const to = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter(visible).sort();
  return fields.filter((field) => !same(from[field], to[field])).map((field) => ({ field, from: from[field] ?? null, to: to[field] ?? null }));
}
