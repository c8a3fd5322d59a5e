import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { FormInput, FormOutput } from "../contract/configuration.js";
import { EntityName, ListOf } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

const seesOwnFields = requires.signedIn("fields the caller may not see are left out, unless they manage forms");

export function registerFormRoutes(app: Router, services: CrmServices): void {
  app.get(
    "/api/config/forms",
    { config: { requires: seesOwnFields }, schema: { tags: ["configuration"], summary: "Every entity's form", response: { 200: ListOf(FormOutput), ...errorResponses(401) } } },
    async (request) => ({ items: await services.configuration.formsFor(actorOf(request).actor) }),
  );

  app.get(
    "/api/config/forms/:entity",
    {
      config: { requires: seesOwnFields },
      schema: {
        tags: ["configuration"],
        summary: "One entity's form",
        params: Type.Object({ entity: EntityName }, { additionalProperties: false }),
        response: { 200: FormOutput, ...errorResponses(400, 401) },
      },
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
        body: FormInput,
        response: { 200: FormOutput, ...errorResponses(400, 401, 403, 412) },
      },
    },
    async (request, reply) => {
      const saved = await services.configuration.putForm(actorOf(request).actor, request.params.entity, request.body.fields, ifMatchOf(request));
      return sendWithEtag(reply, 200, saved.etag, saved);
    },
  );
}
