/**
 * A change whose row is saved but whose follow-ups (owner index, audit, events) fail
 * is not answered as a success: the writer retries them in the request, then the
 * caller hears 503 with words that say it was saved and completes by itself; the
 * outbox sweeper finishes it; an Idempotency-Key retry gets the success and makes
 * nothing twice. The fault is a subscriber of the real change writer that fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";

let server: TestServer;
/** How many more follow-up runs fail (the writer tries three times per request). */
let failures = 0;

beforeAll(async () => {
  server = await startTestServer({
    extend: async (_app, services) => {
      services.events.onEvent(async () => {
        if (failures <= 0) return;
        failures -= 1;
        throw new Error("subscriber down");
      });
    },
  });
});
afterAll(async () => {
  await server?.close();
});

const { call } = apiAs(() => server);
const owner = { tenantId: "unfinished", userId: "owner" };

async function leadNames(): Promise<string[]> {
  const list = await call(owner, "GET", "/api/leads?pageSize=100");
  return (list.body.items as { name: string }[]).map((lead) => lead.name);
}

describe("a saved change whose follow-ups fail", () => {
  it("heals within the request when the fault passes: the caller hears 201", async () => {
    await call(owner, "GET", "/api/me");
    failures = 2;
    const created = await call(owner, "POST", "/api/leads", { name: "Blip Ltd" });
    expect(created.status, created.text).toBe(201);
    expect(failures).toBe(0);
    expect(await leadNames()).toContain("Blip Ltd");
  });

  it("answers 503 in words, not success; the sweeper completes it; the keyed retry gets the 201 and no second record", async () => {
    failures = 3;
    const first = await call(owner, "POST", "/api/leads", { name: "Unfinished Ltd" }, { "idempotency-key": "unfinished-1" });
    expect(first.status, first.text).toBe(503);
    expect(first.headers.get("retry-after")).toBe("60");
    expect(first.headers.get("etag")).toBeNull();
    expect(first.body).toEqual({
      error: {
        code: "unavailable",
        message: "Your change was saved, but the CRM could not finish recording it just now. It completes by itself within a minute: reload then instead of entering it again.",
      },
    });

    await server.services.events.sweep("records", 0);
    expect((await leadNames()).filter((name) => name === "Unfinished Ltd")).toHaveLength(1);

    const retried = await call(owner, "POST", "/api/leads", { name: "Unfinished Ltd" }, { "idempotency-key": "unfinished-1" });
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect((await leadNames()).filter((name) => name === "Unfinished Ltd")).toHaveLength(1);
    const history = await call(owner, "GET", `/api/leads/${retried.body.id}/history`);
    expect(history.status, history.text).toBe(200);
  });

  it("a PATCH likewise: 503, and the change is there after the sweep", async () => {
    const lead = await call(owner, "POST", "/api/leads", { name: "Patched later" });
    failures = 3;
    const patched = await call(owner, "PATCH", `/api/leads/${lead.body.id}`, { company: "Acme" }, { "if-match": lead.headers.get("etag")! });
    expect(patched.status).toBe(503);
    await server.services.events.sweep("records", 0);
    const read = await call(owner, "GET", `/api/leads/${lead.body.id}`);
    expect(read.body.company).toBe("Acme");
  });
});
