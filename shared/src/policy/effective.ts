import { decideConfig, fieldAccess, grantedScope } from "./decide.js";
import type { EffectivePermissions } from "./decide.js";
import type { Actor, EntityType, FieldAccess, RecordAction, Scope } from "./model.js";
import { configPermissions, entityTypes, recordActions } from "./model.js";

/** Everything the actor may do, as the tab shows it and `/api/me` returns it. */
export function effectivePermissions(actor: Actor): EffectivePermissions {
  const entities = {} as Record<EntityType, Record<RecordAction, Scope>>;
  for (const entity of entityTypes) {
    const row = {} as Record<RecordAction, Scope>;
    for (const action of recordActions) row[action] = actor.active ? grantedScope(actor, action, entity).scope : "none";
    entities[entity] = row;
  }
  return { entities, config: configPermissions.filter((permission) => decideConfig(actor, permission).allowed) };
}

/** The fields some role of the actor restricts, each with the access the actor ends up with (the union of their roles). */
export function restrictedFields(actor: Actor): { [E in EntityType]: Record<string, FieldAccess> } {
  const rules = {} as Record<EntityType, Record<string, FieldAccess>>;
  for (const entity of entityTypes) {
    const named = new Set(actor.roles.flatMap((role) => Object.keys(role.fields[entity] ?? {})));
    rules[entity] = Object.fromEntries([...named].map((field) => [field, fieldAccess(actor, entity, field)]));
  }
  return rules;
}
