import type { FastifyReply, FastifyRequest } from "fastify";
import type { VerifiedIdentity } from "../auth/identity.js";
import { AppError } from "../errors/app-error.js";
import type { ActorContext } from "../services/actor-service.js";

declare module "fastify" {
  interface FastifyRequest {
    identity?: VerifiedIdentity;
    actorContext?: ActorContext;
  }
}

export function actorOf(request: FastifyRequest): ActorContext {
  if (!request.actorContext) throw new AppError("unauthenticated", "Sign in to use the CRM.");
  return request.actorContext;
}

export function sendWithEtag<T>(reply: FastifyReply, status: number, etag: string | undefined, body: T): T {
  if (etag) reply.header("ETag", etag);
  reply.code(status);
  return body;
}

/** The ETag the client last read (`If-Match`); `*` and a missing header both mean "none given". */
export function ifMatchOf(request: FastifyRequest): string | undefined {
  const value = request.headers["if-match"];
  return typeof value === "string" && value !== "*" ? value : undefined;
}
