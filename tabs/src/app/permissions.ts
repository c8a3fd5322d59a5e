/** What the signed-in user may see in the tab, read from /api/me. The API decides anyway. */
import type { ConfigPermission, EntityType, FieldAccess, FieldDefinition, Me, RecordAction, Scope } from "../api/types";

export const scopeOf = (me: Me, entity: EntityType, action: RecordAction): Scope => me.permissions.entities[entity]?.[action] ?? "none";
export const canDo = (me: Me, entity: EntityType, action: RecordAction): boolean => scopeOf(me, entity, action) !== "none";
export const canSeeAll = (me: Me, entity: EntityType): boolean => scopeOf(me, entity, "read") === "all";
export const canConfigure = (me: Me, permission: ConfigPermission): boolean => me.permissions.config.includes(permission);
export const canConfigureAnything = (me: Me): boolean => (["forms", "pipelines", "usersAndRoles", "workflows", "audit", "approveAccess"] as const).some((permission) => canConfigure(me, permission));

export const fieldAccess = (me: Me, entity: EntityType, key: string): FieldAccess => me.fieldRules[entity]?.[key] ?? "write";

/** The form's fields the user may see, in the Owner's order. */
export function visibleFields(me: Me, entity: EntityType, fields: readonly FieldDefinition[]): FieldDefinition[] {
  return [...fields].filter((field) => fieldAccess(me, entity, field.key) !== "hidden").sort((a, b) => a.order - b.order);
}
