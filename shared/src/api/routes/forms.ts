import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { EntityName, FieldDefinitionSchema } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

const seesOwnFields = requires.signedIn("fields the caller may not see are left out, unless they manage forms");

/**
 * What PUT takes: the fields, plus what GET returned around them. `entity`,
 * `updatedAt`, `updatedBy` and `etag` are read-only and ignored, so a client can
 * send back the document it read with its changes.
 */
const FormDocument = Type.Object(
  {
    fields: Type.Array(FieldDefinitionSchema, { minItems: 1, maxItems: 80 }),
    entity: Type.Optional(EntityName),
    updatedAt: Type.Optional(Type.String({ maxLength: 40 })),
    updatedBy: Type.Optional(Type.String({ maxLength: 200 })),
    etag: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export function registerFormRoutes(app: Router, services: CrmServices): void {
  app.get(
    "/api/config/forms",
    { config: { requires: seesOwnFields }, schema: { tags: ["configuration"], summary: "Every entity's form", response: errorResponses(401) } },
    async (request) => ({ items: await services.configuration.formsFor(actorOf(request).actor) }),
  );

  app.get(
    "/api/config/forms/:entity",
    {
      config: { requires: seesOwnFields },
      schema: { tags: ["configuration"], summary: "One entity's form", params: Type.Object({ entity: EntityName }, { additionalProperties: false }), response: errorResponses(400, 401) },
    },
    async (request, reply) => {
      const form = await services.configuration.formFor(actorOf(request).actor, request.params.entity);
      return sendWithEtag(reply, 200, form.etag, form);
    },
  );

  app.put(
    "/api/config/forms/:entity",
    {
      config: { requires: requires.config("forms", "form.update") },
      schema: {
        tags: ["configuration"],
        summary: "Replace an entity's form (stored values of removed fields are kept); accepts the document GET returned",
        params: Type.Object({ entity: EntityName }, { additionalProperties: false }),
        body: FormDocument,
        response: errorResponses(400, 401, 403, 412),
      },
    },
    async (request, reply) => {
      const saved = await services.configuration.putForm(actorOf(request).actor, request.params.entity, request.body.fields, ifMatchOf(request));
      return sendWithEtag(reply, 200, saved.etag, saved);
    },
  );
}
