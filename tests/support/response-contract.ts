/**
 * Fastify writes a JSON answer through the route's response schema, and a schema
 * silently drops what it does not name and coerces what it names with another type.
 * Every test server carries this guard: each answer written through a schema must
 * read exactly as the object the handler gave (JSON.stringify of it), or the request
 * fails with 500 and the difference is printed. So every API test also checks that
 * the response schemas describe the answers without changing them.
 */
import { isDeepStrictEqual } from "node:util";
import type { FastifyInstance, FastifyRequest } from "fastify";

export interface ResponseDrift {
  route: string;
  status: number;
  given: unknown;
  written: unknown;
}

const given = new WeakMap<FastifyRequest, string>();

/** Where the first difference is, as a path (`items[0].etag`), with both values. */
export function firstDifference(expected: unknown, actual: unknown, at = ""): string | undefined {
  if (isDeepStrictEqual(expected, actual)) return undefined;
  if (expected && actual && typeof expected === "object" && typeof actual === "object" && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const path = Array.isArray(expected) ? `${at}[${key}]` : at ? `${at}.${key}` : key;
      const found = firstDifference((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], path);
      if (found) return found;
    }
  }
  return `${at || "(the whole answer)"}: the handler gave ${JSON.stringify(expected)}, the schema wrote ${JSON.stringify(actual)}`;
}

export function guardResponseContract(app: FastifyInstance, onDrift: (drift: ResponseDrift) => void = () => {}): void {
  app.addHook("preSerialization", async (request, _reply, payload) => {
    given.set(request, JSON.stringify(payload));
    return payload;
  });
  app.addHook("onSend", async (request, reply, payload) => {
    const before = given.get(request);
    given.delete(request);
    // A 503 replacing a success (a saved change left unfinished, api/unfinished-changes.ts) is written by a hook, not a schema.
    if (before === undefined || typeof payload !== "string" || reply.statusCode === 503) return payload;
    const expected: unknown = JSON.parse(before);
    const written: unknown = JSON.parse(payload);
    const difference = firstDifference(expected, written);
    if (!difference) return payload;
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    onDrift({ route, status: reply.statusCode, given: expected, written });
    console.error(`Response schema changed the answer of ${route} (${reply.statusCode}): ${difference}`);
    throw new Error(`response schema drift on ${route}`);
  });
}
