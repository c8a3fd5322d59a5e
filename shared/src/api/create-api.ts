/**
 * The HTTP API: one Fastify instance, schemas at the edge, OpenAPI 3.1 generated
 * from the same schemas, one error handler, and an auth hook that gives every
 * non-public route a verified identity and a policy actor.
 */
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import Fastify from "fastify";
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { DevTokenIssuer } from "../auth/dev-tokens.js";
import type { TokenVerifier } from "../auth/identity.js";
import type { StepUpPolicy } from "../auth/step-up.js";
import { AppError } from "../errors/app-error.js";
import type { CrmServices } from "../services/create-services.js";
import { enforceRequirements } from "./authorize.js";
import { registerDevModeGuard } from "./dev-mode-guard.js";
import { registerErrorHandling, toAppError } from "./error-handler.js";
import { changingMethods, registerIdempotency, idempotencyHeader } from "./idempotency.js";
import { registerUnfinishedChanges } from "./unfinished-changes.js";
import { registerJsonBodyParser } from "./json-body-parser.js";
import { IdempotencyKeys } from "../storage/idempotency-keys.js";
import { apiContentSecurityPolicy, applySecurityHeaders, registerSecurityHeaders } from "./security-headers.js";
import { requires } from "../policy/requirement.js";
import { ErrorBody } from "./schemas.js";
import { registerAccessRoutes } from "./routes/access.js";
import { registerAccessGovernanceRoutes } from "./routes/access-governance.js";
import { registerAuditRoutes } from "./routes/audit.js";
import { registerDataQualityRoutes } from "./routes/data-quality.js";
import { registerDevTokenRoute } from "./routes/dev-token.js";
import { registerFormRoutes } from "./routes/forms.js";
import { registerHealthRoute } from "./routes/health.js";
import { registerMeRoute } from "./routes/me.js";
import { registerPipelineRoutes } from "./routes/pipelines.js";
import { registerRecordRoutes } from "./routes/records.js";
import { registerRoleRoutes } from "./routes/roles.js";
import { registerRosterRoutes } from "./routes/roster.js";
import { registerUserRoutes } from "./routes/users.js";
import { registerRaciRoutes } from "./routes/raci.js";
import { registerEmailSyncRoutes } from "./routes/email-sync.js";
import { registerReportRoutes } from "./routes/reports.js";
import { registerTeamImportRoutes } from "./routes/team-import.js";
import { registerWorkflowRoutes } from "./routes/workflows.js";
import type { TeamDirectory } from "../services/team-directory.js";

interface ApiOptions {
  services: CrmServices;
  verifier: TokenVerifier;
  /** Present only in dev mode: enables POST /api/dev/token. */
  devIssuer?: DevTokenIssuer;
  /**
   * Sensitive routes (`requires.stepUp`) need a recent multi-factor sign-in under this policy.
   * The server turns it on in production by default; absent, those routes ask only the rest of their requirement.
   */
  stepUp?: StepUpPolicy;
  /** Reads Teams team members (Graph on behalf of the user); absent in dev mode. */
  teamDirectory?: TeamDirectory;
  bodyLimit?: number;
  /** Requests per minute per signed-in user (per instance); a ceiling against runaway clients. */
  rateLimitPerMinute?: number;
  logger?: FastifyServerOptions["logger"];
  /** Registered after the API routes, inside the same instance (the bot, the tab). */
  extend?: (app: FastifyInstance) => Promise<void>;
}

/** Changes accept an Idempotency-Key (api/idempotency.ts): the OpenAPI document says so on each of them. */
function withIdempotencyKey<S extends { headers?: unknown }>(schema: S, method: string | string[]): S {
  const methods = Array.isArray(method) ? method : [method];
  if (!methods.some((one) => changingMethods.has(one))) return schema;
  const headers = (schema.headers ?? { type: "object", properties: {} }) as { type: string; properties: Record<string, unknown> };
  const description =
    "A new random value (a UUID) for each change; send the same one when retrying it. A repeat with the same key and body gets the first answer (with Idempotent-Replayed: true); the same key with another body gets 422. Keys are kept 24 hours per user.";
  return { ...schema, headers: { ...headers, properties: { ...headers.properties, [idempotencyHeader]: { type: "string", minLength: 1, maxLength: 255, description } } } };
}

/**
 * From the moment the server starts closing, a request that still reaches it (on a
 * kept-alive connection) is refused at once with 503 and Retry-After, so the client
 * retries on another instance or after the restart; requests already in flight finish.
 */
function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onRequest", async (request, reply) => {
    if (!closing) return;
    // The load balancer's probe reads health's own answer: closing, so it sends no more traffic here.
    if (request.routeOptions.url === "/api/health") return reply.code(503).header("Retry-After", "5").send({ status: "closing", storage: "ok" });
    throw new AppError("unavailable", "The CRM is restarting. Try again in a few seconds.");
  });
  // A kept-alive connection would hold the close up until it times out: each answer from now on ends its connection.
  app.addHook("onSend", async (_request, reply) => {
    if (closing) reply.header("connection", "close");
  });
}

export async function createApi(options: ApiOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 256 * 1024,
    trustProxy: false,
    // Requests that come while the server closes get our own 503 (refuseWhileClosing), not Fastify's.
    return503OnClosing: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true, useDefaults: false, strict: false } },
    routerOptions: { maxParamLength: 200 },
    // Malformed or over-long path segments are refused by the router, before any error handler.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const appError = toAppError(error);
      reply.code(appError.status).type("application/json");
      applySecurityHeaders(reply, apiContentSecurityPolicy);
      reply.send(appError.toBody());
    },
  });
  // Dev mode answers this machine only: before any other hook, on every route.
  if (options.devIssuer) registerDevModeGuard(app);
  refuseWhileClosing(app);
  registerSecurityHeaders(app);
  // JSON only: without this, Fastify's built-in text/plain parser lets text bodies reach validation.
  app.removeContentTypeParser("text/plain");
  registerJsonBodyParser(app);
  registerErrorHandling(app);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Teams CRM API", version: "0.1.0", description: "Leads, opportunities and cases under one role policy." },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
      security: [{ bearer: [] }],
    },
    hideUntagged: false,
    // Only the REST API is documented: the tab's files and the bot's endpoint are not part of it.
    transform: ({ schema, url, route }) => ({ schema: url.startsWith("/api/") && url !== "/api/messages" ? withIdempotencyKey(schema, route.method) : { ...schema, hide: true }, url }),
  });
  app.addSchema(ErrorBody);
  await app.register(rateLimit, {
    global: true,
    max: options.rateLimitPerMinute ?? 3000,
    timeWindow: 60_000,
    hook: "preHandler",
    // After authentication, so the key is the verified user; anonymous calls count per address.
    keyGenerator: (request) => (request.identity ? `${request.identity.tenantId}\n${request.identity.userId}` : request.ip),
    errorResponseBuilder: (_request, context) => {
      const error = new AppError("rate_limited", "Too many requests; slow down and try again shortly.", { details: { retryAfterSeconds: Math.ceil(context.ttl / 1000) } });
      return Object.assign(error, { statusCode: 429 });
    },
  });

  app.addHook("onRequest", async (request) => {
    // Unknown routes answer 404 (the API is public in /api/openapi.json anyway).
    if (request.routeOptions.config?.requires?.kind === "public" || !request.url.startsWith("/api/") || request.routeOptions.url === undefined) return;
    const header = request.headers.authorization;
    const match = typeof header === "string" ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header) : null;
    if (!match) throw new AppError("unauthenticated", "Sign in to use the CRM (send a bearer token).");
    request.identity = await options.verifier.verify(match[1]!);
  });
  // Registered before any route: it refuses a route that declares no requirement, and asks the policy before validation.
  enforceRequirements(app, options.services, options.stepUp);
  registerIdempotency(app, new IdempotencyKeys(options.services.store), options.services.clock, (message, error) => app.log.error({ err: error }, message));
  // After the idempotency hook: a kept answer is the route's success, the caller hears 503.
  registerUnfinishedChanges(app);

  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  registerHealthRoute(typed, options.services);
  if (options.devIssuer) registerDevTokenRoute(typed, options.devIssuer);
  registerMeRoute(typed);
  registerRecordRoutes(typed, options.services);
  registerEmailSyncRoutes(typed, options.services);
  registerFormRoutes(typed, options.services);
  registerPipelineRoutes(typed, options.services);
  registerUserRoutes(typed, options.services);
  registerAccessGovernanceRoutes(typed, options.services);
  registerTeamImportRoutes(typed, options.services, options.teamDirectory);
  registerRosterRoutes(typed, options.services);
  registerRoleRoutes(typed, options.services);
  registerAccessRoutes(typed, options.services);
  registerAuditRoutes(typed, options.services);
  registerReportRoutes(typed, options.services);
  registerWorkflowRoutes(typed, options.services);
  registerRaciRoutes(typed, options.services);
  registerDataQualityRoutes(typed, options.services);
  app.get("/api/openapi.json", { schema: { hide: true }, config: { requires: requires.public("the API's description") } }, async () => app.swagger());
  if (options.extend) await options.extend(app);
  return app;
}
