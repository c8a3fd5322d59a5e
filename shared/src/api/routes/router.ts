import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";

/** The Fastify instance as route files see it: request types derived from the route schemas. */
export type Router = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

export const errorResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, { $ref: "Error#" }]));

/** A success without a body (204): documented, and nothing for a serializer to change. */
export const noContent = (description: string) => ({ 204: { type: "null", description } });
