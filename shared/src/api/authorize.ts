/**
 * The one place a route's declared Requirement is enforced, before its body,
 * query or path is validated: a caller without the permission learns nothing
 * about our schemas, and the refusal is audited like every other. A route under
 * /api/ that declares nothing does not start (deny by default). A sensitive route
 * (`requires.stepUp`) also needs a recent multi-factor sign-in when the API has a
 * step-up policy, checked after the rest of its requirement passed.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { VerifiedIdentity } from "../auth/identity.js";
import type { StepUpPolicy } from "../auth/step-up.js";
import { decideStepUp, stepUpChallenge, stepUpClaims } from "../auth/step-up.js";
import { isId } from "../domain/ids.js";
import { AppError, forbidden, notFound } from "../errors/app-error.js";
import type { Actor, EntityType } from "../policy/model.js";
import { entityLabels, entityTypes } from "../policy/model.js";
import type { Requirement, RequestValue } from "../policy/requirement.js";
import { attemptOf, decideDeclared, entityAttempt } from "../policy/requirement.js";
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

interface Enforcer {
  services: CrmServices;
  /** Absent: step-up is off (dev mode unless configured), and `stepUp` asks only its inner requirement. */
  stepUp: StepUpPolicy | undefined;
}

/** Whether the raw (not yet validated) body sets one of these fields; a body that is no object sets none and fails validation. */
function bodySets(request: FastifyRequest, fields: readonly string[]): boolean {
  const body = request.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) && fields.some((field) => Object.hasOwn(body, field));
}

async function enforceStepUp(request: FastifyRequest, { services, stepUp }: Enforcer, actor: Actor, requirement: Extract<Requirement, { kind: "stepUp" }>): Promise<void> {
  if (!stepUp || (requirement.whenBodySets && !bodySets(request, requirement.whenBodySets))) return;
  const identity = request.identity as VerifiedIdentity;
  const verdict = decideStepUp(identity, stepUp, Math.floor(services.clock.now().getTime() / 1000));
  if (verdict.satisfied) return;
  await services.audit.denied(actor, attemptOf(requirement), { allowed: false, scope: "none", reason: verdict.reason });
  throw new AppError("step_up_required", "Confirm it's you: this action needs a recent multi-factor sign-in. Sign in again with your second factor, then retry.", {
    details: { claims: stepUpClaims(stepUp), reason: verdict.reason },
    wwwAuthenticate: stepUpChallenge(stepUp),
  });
}

async function enforce(request: FastifyRequest, enforcer: Enforcer, actor: Actor, requirement: Requirement): Promise<void> {
  const { services } = enforcer;
  switch (requirement.kind) {
    case "public":
      return;
    case "signedIn":
    case "config":
    case "anyConfig":
    case "entity": {
      const decision = decideDeclared(actor, requirement);
      if (decision.allowed) return;
      const attempt =
        requirement.kind === "config" || requirement.kind === "anyConfig" ? requirement.action : requirement.kind === "entity" ? entityAttempt(requirement.entity, requirement.action) : "signedIn";
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
      for (const part of requirement.of) await enforce(request, enforcer, actor, part);
      return;
    case "selfOr": {
      const userId = valueOf(request, requirement.user);
      if (userId === undefined || userId === actor.userId) return;
      return enforce(request, enforcer, actor, requirement.others);
    }
    case "stepUp":
      await enforce(request, enforcer, actor, requirement.inner);
      return enforceStepUp(request, enforcer, actor, requirement);
  }
}

export function enforceRequirements(app: FastifyInstance, services: CrmServices, stepUp: StepUpPolicy | undefined): void {
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
    await enforce(request, { services, stepUp }, request.actorContext.actor, requirement);
  });
}
