import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf } from "../context.js";
import { EntityName, PageSize, Token, UserId } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

const Iso = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z?)?$", maxLength: 40 });

export function registerAuditRoutes(app: Router, services: CrmServices): void {
  app.get(
    "/api/audit",
    {
      config: { requires: requires.config("audit", "audit.read") },
      schema: {
        tags: ["audit"],
        summary: "The audit log, newest first; record values as the reader may see them",
        querystring: Type.Object(
          {
            actorId: Type.Optional(UserId),
            entity: Type.Optional(EntityName),
            recordId: Type.Optional(Type.String({ pattern: "^[0-9a-z]{19}$" })),
            action: Type.Optional(Type.String({ pattern: "^[a-zA-Z.]{1,60}$" })),
            from: Type.Optional(Iso),
            to: Type.Optional(Iso),
            pageSize: Type.Optional(PageSize),
            continuationToken: Type.Optional(Token),
          },
          { additionalProperties: false },
        ),
        response: errorResponses(400, 401, 403),
      },
    },
    async (request) => {
      const { pageSize, continuationToken, ...filters } = request.query;
      return services.audit.list(actorOf(request).actor, {
        ...filters,
        pageSize: Number(pageSize ?? 50),
        ...(continuationToken ? { continuationToken } : {}),
      });
    },
  );
}
