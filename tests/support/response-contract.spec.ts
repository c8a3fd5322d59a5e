/**
 * The guard every test server carries: an answer written through a response schema
 * that drops or changes what the handler gave fails the request with 500.
 */
import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { firstDifference, guardResponseContract } from "./response-contract.js";
import type { ResponseDrift } from "./response-contract.js";

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function answer(schema: Record<string, unknown>, body: unknown) {
  const app = Fastify();
  apps.push(app);
  const drifts: ResponseDrift[] = [];
  guardResponseContract(app, (drift) => drifts.push(drift));
  app.get("/thing", { schema: { response: { 200: schema } } }, async () => body);
  const response = await app.inject({ method: "GET", url: "/thing" });
  return { status: response.statusCode, drifts };
}

const thing = { type: "object", properties: { id: { type: "string" }, count: { type: "number" } }, additionalProperties: false };

describe("response contract guard", () => {
  it("lets an answer through that the schema writes unchanged", async () => {
    expect(await answer(thing, { id: "a", count: 2 })).toEqual({ status: 200, drifts: [] });
  });

  it("fails a request whose schema drops a property", async () => {
    const { status, drifts } = await answer(thing, { id: "a", count: 2, etag: "e1" });
    expect(status).toBe(500);
    expect(drifts).toEqual([{ route: "GET /thing", status: 200, given: { id: "a", count: 2, etag: "e1" }, written: { id: "a", count: 2 } }]);
  });

  it("fails a request whose schema changes a value's type", async () => {
    const { status, drifts } = await answer(thing, { id: 7, count: 2 });
    expect(status).toBe(500);
    expect(drifts[0]?.written).toEqual({ id: "7", count: 2 });
  });

  it("names where an answer differs", () => {
    expect(firstDifference({ items: [{ id: "a", etag: "e" }] }, { items: [{ id: "a" }] })).toBe('items[0].etag: the handler gave "e", the schema wrote undefined');
    expect(firstDifference({ a: 1 }, { a: 1 })).toBeUndefined();
  });
});
