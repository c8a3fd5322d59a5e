import { requires } from "../../policy/requirement.js";
import { fieldAccess } from "../../policy/decide.js";
import { effectivePermissions } from "../../policy/effective.js";
import type { Actor, EntityType, FieldAccess } from "../../policy/model.js";
import { entityTypes } from "../../policy/model.js";
import { actorOf } from "../context.js";
import { MeOutput } from "../contract/people.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

/** Fields that some role of the actor restricts, with the access the actor ends up with. */
function fieldRules(actor: Actor) {
  return Object.fromEntries(
    entityTypes.map((entity) => {
      const named = new Set(actor.roles.flatMap((role) => Object.keys(role.fields[entity] ?? {})));
      return [entity, Object.fromEntries([...named].map((field) => [field, fieldAccess(actor, entity, field)]))];
    }),
  ) as Record<EntityType, Record<string, FieldAccess>>;
}

export function registerMeRoute(app: Router): void {
  app.get(
    "/api/me",
    {
      config: { requires: requires.signedIn() },
      schema: {
        tags: ["identity"],
        summary: "The caller: user, tenant, roles and effective permissions",
        response: { 200: MeOutput, ...errorResponses(401) },
      },
    },
    async (request) => {
      const { actor, user } = actorOf(request);
      return {
        user: { id: user.userId, displayName: user.displayName, email: user.email, active: user.active, teamIds: user.teamIds },
        tenant: { id: actor.tenantId },
        roles: actor.roles.map((role) => ({ id: role.id, name: role.name, builtIn: role.builtIn })),
        permissions: effectivePermissions(actor),
        fieldRules: fieldRules(actor),
      };
    },
  );
}
