import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { RoleDefinition } from "../../policy/model.js";
import { personaTemplates } from "../../policy/roles.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { RoleInput, RoleOutput, RoleTemplateOutput } from "../contract/people.js";
import { ListOf, RoleId } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses, noContent } from "./router.js";

/** A role as clients see it: with its ETag (custom roles), without the change bookkeeping. */
const publicRole = ({ changeIds: _c, ...role }: RoleDefinition & { etag?: string; changeIds?: string }) => ({ ...role, config: [...role.config] });

export function registerRoleRoutes(app: Router, services: CrmServices): void {
  const tags = ["roles"];
  app.get(
    "/api/roles",
    { config: { requires: requires.signedIn() }, schema: { tags, summary: "Built-in and custom roles", response: { 200: ListOf(RoleOutput), ...errorResponses(401) } } },
    async (request) => {
      const roles = await services.configuration.listRoles(actorOf(request).actor.tenantId);
      return { items: roles.map(publicRole) };
    },
  );

  app.get(
    "/api/roles/templates",
    { config: { requires: requires.signedIn() }, schema: { tags, summary: "Persona templates to start a custom role from", response: { 200: ListOf(RoleTemplateOutput), ...errorResponses(401) } } },
    async () => ({
      items: personaTemplates.map((template) => ({ ...template, config: [...template.config] })),
    }),
  );

  app.post(
    "/api/roles",
    {
      config: { requires: requires.stepUp(requires.config("usersAndRoles", "role.save")) },
      schema: { tags, summary: "Create a custom role", body: RoleInput, response: { 201: RoleOutput, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const saved = await services.configuration.saveRole(actorOf(request).actor, request.body);
      return sendWithEtag(reply, 201, saved.etag, publicRole(saved));
    },
  );

  app.put(
    "/api/roles/:roleId",
    {
      config: { requires: requires.stepUp(requires.config("usersAndRoles", "role.save")) },
      schema: {
        tags,
        summary: "Change a custom role (If-Match: the ETag the role was read with; a stale one answers 412)",
        params: Type.Object({ roleId: RoleId }, { additionalProperties: false }),
        body: RoleInput,
        response: { 200: RoleOutput, ...errorResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const saved = await services.configuration.saveRole(actorOf(request).actor, request.body, request.params.roleId, ifMatchOf(request));
      return sendWithEtag(reply, 200, saved.etag, publicRole(saved));
    },
  );

  app.delete(
    "/api/roles/:roleId",
    {
      config: { requires: requires.stepUp(requires.config("usersAndRoles", "role.delete")) },
      schema: {
        tags,
        summary: "Delete a custom role nobody holds",
        params: Type.Object({ roleId: RoleId }, { additionalProperties: false }),
        response: { ...noContent("Deleted"), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await services.configuration.deleteRole(actorOf(request).actor, request.params.roleId);
      return reply.code(204).send();
    },
  );
}
