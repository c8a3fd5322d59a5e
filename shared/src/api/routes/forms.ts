import { Type } from "typebox";
import type { CrmServices } from "../../services/index.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { EntityName, FieldDefinitionSchema } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

export function registerFormRoutes(app: Router, services: CrmServices): void {
  app.get(
    "/api/config/forms",
    { config: { permission: "signed in" }, schema: { tags: ["configuration"], summary: "Every entity's form", response: errorResponses(401) } },
    async (request) => {
      const forms = await services.configuration.getForms(actorOf(request).actor.tenantId);
      return { items: forms.map(({ changeIds: _c, ...form }) => form) };
    },
  );

  app.get(
    "/api/config/forms/:entity",
    {
      config: { permission: "signed in" },
      schema: { tags: ["configuration"], summary: "One entity's form", params: Type.Object({ entity: EntityName }, { additionalProperties: false }), response: errorResponses(400, 401) },
    },
    async (request, reply) => {
      const { changeIds: _c, ...form } = await services.config.getForm(actorOf(request).actor.tenantId, request.params.entity);
      return sendWithEtag(reply, 200, form.etag, form);
    },
  );

  app.put(
    "/api/config/forms/:entity",
    {
      config: { permission: "config:forms" },
      schema: {
        tags: ["configuration"],
        summary: "Replace an entity's form (stored values of removed fields are kept)",
        params: Type.Object({ entity: EntityName }, { additionalProperties: false }),
        body: Type.Object({ fields: Type.Array(FieldDefinitionSchema, { minItems: 1, maxItems: 80 }) }, { additionalProperties: false }),
        response: errorResponses(400, 401, 403, 412),
      },
    },
    async (request, reply) => {
      const saved = await services.configuration.putForm(actorOf(request).actor, request.params.entity, request.body.fields, ifMatchOf(request));
      return sendWithEtag(reply, 200, saved.etag, saved);
    },
  );
}
