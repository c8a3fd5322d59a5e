/**
 * A change saved whose follow-ups (index rows, audit, events) failed even after the
 * writer's retries is not acknowledged: the caller gets 503 with words that say it
 * was saved and completes by itself (the outbox sweeper finishes it within about a
 * minute), instead of a success that lists, history and workflows do not yet show.
 *
 * The success the route produced is what an Idempotency-Key repeat gets: the
 * idempotency hook (registered before this one) has kept it, so a retry with the
 * same key answers as the change deserved and makes nothing twice.
 */
import type { FastifyInstance } from "fastify";
import { AppError } from "../errors/app-error.js";
import { unfinishedChanges, watchFollowUps } from "../storage/follow-ups.js";

/** Seconds after which the outbox sweeper (every 30 s, intents older than 30 s) has finished the change. */
const retryAfterSeconds = 60;

export function registerUnfinishedChanges(app: FastifyInstance): void {
  // After body parsing: everything from here to the answer runs inside the request's watch.
  app.addHook("preHandler", (_request, _reply, done) => watchFollowUps(done));
  app.addHook("onSend", async (request, reply, payload) => {
    // The bot's endpoint answers the Bot Framework, which would resend the activity: its replies tell the user.
    if (reply.statusCode >= 300 || unfinishedChanges().length === 0 || request.routeOptions.url === "/api/messages") return payload;
    request.log.warn({ changes: unfinishedChanges() }, "answered 503: a saved change's follow-ups are left to the outbox sweeper");
    const error = new AppError(
      "unavailable",
      "Your change was saved, but the CRM could not finish recording it just now. It completes by itself within a minute: reload then instead of entering it again.",
    );
    reply.code(503).header("Retry-After", String(retryAfterSeconds)).header("content-type", "application/json; charset=utf-8").removeHeader("etag").removeHeader("location");
    return JSON.stringify(error.toBody());
  });
}
