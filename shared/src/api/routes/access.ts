import { configPermissions } from "../../policy/model.js";
import { requires } from "../../policy/requirement.js";
import { accessQuestion } from "../../services/access-service.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf } from "../context.js";
import { ExplainQuery, ExplanationOutput } from "../contract/people.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

/** "Why can/can't this user do this?": the policy's own decision and reason. */
export function registerAccessRoutes(app: Router, services: CrmServices): void {
  app.get(
    "/api/access/explain",
    {
      config: { requires: requires.selfOr({ query: "userId" }, requires.config("usersAndRoles", "access.explain")) },
      schema: { tags: ["access"], summary: "Explain a policy decision", querystring: ExplainQuery, response: { 200: ExplanationOutput, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => {
      const { userId, action, entity, id } = request.query;
      const explanation = await services.access.explain(actorOf(request).actor, accessQuestion(action, entity, id, configPermissions), userId);
      return { ...explanation, action, ...(entity ? { entity } : {}), ...(id ? { id } : {}) };
    },
  );
}
