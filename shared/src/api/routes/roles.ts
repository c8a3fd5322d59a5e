import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { RoleDefinition } from "../../policy/model.js";
import { personaTemplates } from "../../policy/roles.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf, ifMatchOf } from "../context.js";
import { ConfigPermissionSchema, EntitiesGrantsSchema, FieldRulesSchema, RoleId } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

const RoleInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    template: Type.Optional(Type.String({ pattern: "^[a-z-]{1,40}$" })),
    entities: Type.Optional(EntitiesGrantsSchema),
    config: Type.Optional(Type.Array(ConfigPermissionSchema, { uniqueItems: true, maxItems: 6 })),
    fields: Type.Optional(FieldRulesSchema),
  },
  { additionalProperties: false },
);

const strip = (role: RoleDefinition & { etag?: string; changeIds?: string }): RoleDefinition => {
  const { etag: _e, changeIds: _c, ...definition } = role;
  return definition;
};

export function registerRoleRoutes(app: Router, services: CrmServices): void {
  const tags = ["roles"];
  app.get("/api/roles", { config: { requires: requires.signedIn() }, schema: { tags, summary: "Built-in and custom roles", response: errorResponses(401) } }, async (request) => {
    const roles = await services.configuration.listRoles(actorOf(request).actor.tenantId);
    return { items: roles.map(strip) };
  });

  app.get("/api/roles/templates", { config: { requires: requires.signedIn() }, schema: { tags, summary: "Persona templates to start a custom role from", response: errorResponses(401) } }, async () => ({
    items: personaTemplates,
  }));

  app.post(
    "/api/roles",
    { config: { requires: requires.config("usersAndRoles", "role.save") }, schema: { tags, summary: "Create a custom role", body: RoleInput, response: errorResponses(400, 401, 403) } },
    async (request, reply) => {
      reply.code(201);
      return services.configuration.saveRole(actorOf(request).actor, request.body);
    },
  );

  app.put(
    "/api/roles/:roleId",
    {
      config: { requires: requires.config("usersAndRoles", "role.save") },
      schema: { tags, summary: "Change a custom role", params: Type.Object({ roleId: RoleId }, { additionalProperties: false }), body: RoleInput, response: errorResponses(400, 401, 403, 404, 412) },
    },
    async (request) => {
      return services.configuration.saveRole(actorOf(request).actor, request.body, request.params.roleId, ifMatchOf(request));
    },
  );

  app.delete(
    "/api/roles/:roleId",
    {
      config: { requires: requires.config("usersAndRoles", "role.delete") },
      schema: { tags, summary: "Delete a custom role nobody holds", params: Type.Object({ roleId: RoleId }, { additionalProperties: false }), response: errorResponses(401, 403, 404, 409) },
    },
    async (request, reply) => {
      await services.configuration.deleteRole(actorOf(request).actor, request.params.roleId);
      return reply.code(204).send();
    },
  );
}
