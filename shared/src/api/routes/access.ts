import { requires } from "../../policy/requirement.js";
import { AppError, notFound } from "../../errors/app-error.js";
import { decideConfig, decideOnEntity, decideOnRecord } from "../../policy/decide.js";
import type { ConfigPermission, Decision, EntityType, RecordAction } from "../../policy/model.js";
import { configPermissions } from "../../policy/model.js";
import type { CrmServices } from "../../services/index.js";
import { auditDenial } from "../../services/audit-context.js";
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
      const { actor: caller } = actorOf(request);
      const { userId, action, entity, id } = request.query;
      let subject = caller;
      if (userId && userId !== caller.userId) {
        const manage = decideConfig(caller, "usersAndRoles");
        if (!manage.allowed) {
          await auditDenial(services.changes.audit, services.clock, caller, "access.explain", manage);
          throw new AppError("forbidden", "Only those who manage users and roles may ask about someone else.", { details: { reason: manage.reason } });
        }
        const user = await services.config.getUser(caller.tenantId, userId);
        if (!user) throw notFound("user");
        subject = await services.actors.actorOf(user);
      }
      let decision: Decision;
      if ((configPermissions as readonly string[]).includes(action)) {
        decision = decideConfig(subject, action as ConfigPermission);
      } else {
        if (!entity) throw new AppError("invalid_input", "Name the entity for a record action.", { details: { fields: [{ field: "entity", message: "Required for record actions." }] } });
        if (id) {
          const record = await services.records.load(caller, entity, id);
          decision = decideOnRecord(subject, action as RecordAction, entity as EntityType, { tenantId: caller.tenantId, ownerId: record.ownerId, teamIds: record.teamIds });
        } else {
          decision = decideOnEntity(subject, action as RecordAction, entity);
        }
      }
      return { userId: subject.userId, action, ...(entity ? { entity } : {}), ...(id ? { id } : {}), ...decision, roles: subject.roles.map((role) => role.name) };
    },
  );
}
