import { decideConfig, grantedScope } from "./decide.js";
import type { EffectivePermissions } from "./decide.js";
import type { Actor, EntityType, RecordAction, Scope } from "./model.js";
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
