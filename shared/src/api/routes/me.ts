import { requires } from "../../policy/requirement.js";
import { effectivePermissions, restrictedFields } from "../../policy/effective.js";
import { actorOf } from "../context.js";
import { MeOutput } from "../contract/people.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

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
        fieldRules: restrictedFields(actor),
      };
    },
  );
}
