/**
 * Per-role field rules as the form editor changes them: a change is kept per role and
 * field until saved, and saved onto the role as it is then (so someone else's other
 * changes to the role stay). "Read and write" is the default and is not stored.
 */
import type { EntityType, FieldAccess, Role, RoleInput } from "../../../api/types";

/** Role id → field key → the access chosen in the editor. */
export type RuleChanges = Record<string, Record<string, FieldAccess>>;

export const accessLabels: Record<FieldAccess, string> = { hidden: "Hidden", read: "Read only", write: "Read and write" };

export const storedRule = (role: Role, entity: EntityType, key: string): FieldAccess => role.fields[entity]?.[key] ?? "write";

export const ruleOf = (role: Role, entity: EntityType, key: string, changes: RuleChanges): FieldAccess => changes[role.id]?.[key] ?? storedRule(role, entity, key);

export const withRule = (changes: RuleChanges, roleId: string, key: string, access: FieldAccess): RuleChanges => ({ ...changes, [roleId]: { ...(changes[roleId] ?? {}), [key]: access } });

/** What PUT /api/roles/:id receives for a role with these changes to one entity's rules. */
export function roleWithRules(role: Role, entity: EntityType, rules: Record<string, FieldAccess>): RoleInput {
  const merged = Object.fromEntries(Object.entries({ ...(role.fields[entity] ?? {}), ...rules }).filter(([, access]) => access !== "write"));
  return { name: role.name, description: role.description, entities: role.entities, config: role.config, fields: { ...role.fields, [entity]: merged } };
}
