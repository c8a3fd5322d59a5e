/**
 * The one place a route's declared Requirement is enforced, before its body,
 * query or path is validated: a caller without the permission learns nothing
 * about our schemas, and the refusal is audited like every other. A route under
 * /api/ that declares nothing does not start (deny by default).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isId } from "../domain/ids.js";
import { AppError, forbidden, notFound } from "../errors/app-error.js";
import type { Actor, EntityType } from "../policy/model.js";
import { entityLabels, entityTypes } from "../policy/model.js";
import type { Requirement, RequestValue } from "../policy/requirement.js";
import { decideDeclared, entityAttempt } from "../policy/requirement.js";
import type { CrmServices } from "../services/create-services.js";
import type { StoredRecord } from "../storage/record-repository.js";

declare module "fastify" {
  interface FastifyContextConfig {
    /** What the route requires; enforced by `enforceRequirements`, listed in the permission-surface snapshot. */
    requires?: Requirement;
  }
  interface FastifyRequest {
    /** The record a `record` requirement loaded and authorized (handlers pass it on instead of reading it again). */
    target?: StoredRecord;
  }
}

/** The raw value a requirement names, before validation: only a string counts. */
function valueOf(request: FastifyRequest, where: RequestValue): string | undefined {
  const source = ("params" in where ? request.params : request.query) as Record<string, unknown> | undefined;
  const value = source?.["params" in where ? where.params : where.query];
  return typeof value === "string" ? value : undefined;
}

const isEntity = (value: string | undefined): value is EntityType => value !== undefined && (entityTypes as readonly string[]).includes(value);

async function enforce(request: FastifyRequest, services: CrmServices, actor: Actor, requirement: Requirement): Promise<void> {
  switch (requirement.kind) {
    case "public":
      return;
    case "signedIn":
    case "config":
    case "entity": {
      const decision = decideDeclared(actor, requirement);
      if (decision.allowed) return;
      const attempt = requirement.kind === "config" ? requirement.action : requirement.kind === "entity" ? entityAttempt(requirement.entity, requirement.action) : "signedIn";
      await services.audit.denied(actor, attempt, decision, requirement.kind === "entity" ? { entity: requirement.entity } : {});
      throw forbidden(decision.reason);
    }
    case "record": {
      const entity = typeof requirement.entity === "string" ? requirement.entity : valueOf(request, requirement.entity);
      // An unknown entity or a malformed id names no record anyone could see.
      if (!isEntity(entity)) throw notFound("record");
      const id = valueOf(request, requirement.id);
      if (id === undefined || !isId(id)) throw notFound(entityLabels[entity].one);
      request.target = await services.records.load(actor, entity, id, requirement.action);
      return;
    }
    case "all":
      for (const part of requirement.of) await enforce(request, services, actor, part);
      return;
    case "selfOr": {
      const userId = valueOf(request, requirement.user);
      if (userId === undefined || userId === actor.userId) return;
      return enforce(request, services, actor, requirement.others);
    }
  }
}

export function enforceRequirements(app: FastifyInstance, services: CrmServices): void {
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/api/") && !route.config?.requires) {
      throw new Error(`${String(route.method)} ${route.url} declares no requirement (config.requires): every API route must say who may call it.`);
    }
  });
  app.addHook("preValidation", async (request) => {
    const requirement = request.routeOptions.config?.requires;
    if (!requirement || requirement.kind === "public") return;
    if (!request.identity) throw new AppError("unauthenticated", "Sign in to use the CRM (send a bearer token).");
    request.actorContext ??= await services.actors.resolve(request.identity);
    await enforce(request, services, request.actorContext.actor, requirement);
  });
}
