/**
 * `Idempotency-Key` on changes (POST, PUT, PATCH, DELETE): a repeat of a request with
 * the same key and body, by the same user, gets the first answer (with
 * `Idempotent-Replayed: true`) instead of running again; the same key with another
 * body is refused (422). It runs after authorization and validation, so a repeat is
 * answered only to someone who may still make the request, and a refused request
 * keeps nothing. Only successful answers are kept: after an error (a 412, a step-up,
 * an outage) the retry runs afresh.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../errors/app-error.js";
import type { Clock } from "../services/clock.js";
import type { IdempotencyKeys } from "../storage/idempotency-keys.js";
import { keptAnswerLimit } from "../storage/idempotency-keys.js";

export const idempotencyHeader = "idempotency-key";
/** The methods that change something: the ones a key is honoured on (and documented for). */
export const changingMethods: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const wellFormedKey = /^[\x21-\x7e]{1,255}$/;

interface Claimed {
  tenantId: string;
  userId: string;
  key: string;
}

/** The request as the key promises it: same route, same path and query, same body. */
const fingerprintOf = (request: FastifyRequest): string =>
  createHash("sha256")
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest("hex");

export function registerIdempotency(app: FastifyInstance, keys: IdempotencyKeys, clock: Clock, log: (message: string, error: unknown) => void): void {
  const claimed = new WeakMap<FastifyRequest, Claimed>();

  app.addHook("preHandler", async (request, reply) => {
    const header = request.headers[idempotencyHeader];
    if (header === undefined || !changingMethods.has(request.method) || !request.identity) return;
    if (typeof header !== "string" || !wellFormedKey.test(header)) {
      throw new AppError("invalid_input", "Idempotency-Key must be 1 to 255 visible characters (a new random value for each change, the same one when retrying it).");
    }
    const { tenantId, userId } = request.identity;
    const claim = await keys.claim(tenantId, userId, header, fingerprintOf(request), clock.now().getTime());
    switch (claim.kind) {
      case "claimed":
        claimed.set(request, { tenantId, userId, key: header });
        return;
      case "replay":
        if (claim.answer.etag) reply.header("etag", claim.answer.etag);
        return reply.code(claim.answer.status).header("idempotent-replayed", "true").type("application/json; charset=utf-8").send(claim.answer.body);
      case "other_request":
        throw new AppError("idempotency_key_reused", "This Idempotency-Key was already used for a different request. Send a new key with a new change.");
      case "in_progress":
        throw new AppError("conflict", "The same request is still being worked on. Wait a moment, then try again.", { details: { retryAfterSeconds: 2 } });
    }
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const key = claimed.get(request);
    if (!key) return payload;
    claimed.delete(request);
    const keep = reply.statusCode >= 200 && reply.statusCode < 300 && (payload === undefined || payload === null || (typeof payload === "string" && payload.length <= keptAnswerLimit));
    try {
      if (keep) {
        const etag = reply.getHeader("etag");
        await keys.keep(key.tenantId, key.userId, key.key, { status: reply.statusCode, body: typeof payload === "string" ? payload : "", ...(typeof etag === "string" ? { etag } : {}) });
      } else await keys.forget(key.tenantId, key.userId, key.key);
    } catch (error) {
      // The change itself is done; a repeat meanwhile waits for the claim to run out, then runs again.
      log("keeping the answer of an idempotent request failed", error);
    }
    return payload;
  });
}
