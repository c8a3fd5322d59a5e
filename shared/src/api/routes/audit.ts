import { requires } from "../../policy/requirement.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf } from "../context.js";
import { AuditEntryOutput, AuditQuery } from "../contract/audit.js";
import { PageOf } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

export function registerAuditRoutes(app: Router, services: CrmServices): void {
  app.get(
    "/api/audit",
    {
      config: { requires: requires.stepUp(requires.config("audit", "audit.read")) },
      schema: {
        tags: ["audit"],
        summary: "The audit log, newest first; record values as the reader may see them",
        querystring: AuditQuery,
        response: { 200: PageOf(AuditEntryOutput), ...errorResponses(400, 401, 403) },
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
