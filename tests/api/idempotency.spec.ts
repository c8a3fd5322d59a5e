/**
 * Idempotency-Key on changes, through the HTTP API over a real Azurite: a retry gets
 * the first answer and makes nothing twice; the same key with another body is refused;
 * errors are not kept, so a corrected retry runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const { call } = apiAs(() => server);
const owner = { tenantId: "idem", userId: "owner" };
const member = { tenantId: "idem", userId: "member" };
const withKey = (key: string, extra: Record<string, string> = {}) => ({ "idempotency-key": key, ...extra });

async function leadNames(who: typeof owner): Promise<string[]> {
  const list = await call(who, "GET", "/api/leads?pageSize=100");
  return (list.body.items as { name: string }[]).map((lead) => lead.name);
}

describe("Idempotency-Key", () => {
  it("answers a repeated create with the first answer and makes one record", async () => {
    await call(owner, "GET", "/api/me");
    const first = await call(owner, "POST", "/api/leads", { name: "Retried Ltd" }, withKey("create-1"));
    expect(first.status, first.text).toBe(201);
    const again = await call(owner, "POST", "/api/leads", { name: "Retried Ltd" }, withKey("create-1"));
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
    expect((await leadNames(owner)).filter((name) => name === "Retried Ltd")).toHaveLength(1);
  });

  it("makes one record of many copies sent at once", async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => call(owner, "POST", "/api/leads", { name: "Raced Ltd" }, withKey("race-1"))));
    expect(answers.map((answer) => answer.status).every((status) => status === 201 || status === 409)).toBe(true);
    const busy = answers.find((answer) => answer.status === 409);
    if (busy) expect(busy.body.error.message).toBe("The same request is still being worked on. Wait a moment, then try again.");
    expect((await leadNames(owner)).filter((name) => name === "Raced Ltd")).toHaveLength(1);
  });

  it("refuses the same key with another body, and changes nothing", async () => {
    const first = await call(owner, "POST", "/api/leads", { name: "First body" }, withKey("reused-1"));
    expect(first.status).toBe(201);
    const other = await call(owner, "POST", "/api/leads", { name: "Second body" }, withKey("reused-1"));
    expect(other.status).toBe(422);
    expect(other.body).toEqual({ error: { code: "idempotency_key_reused", message: "This Idempotency-Key was already used for a different request. Send a new key with a new change." } });
    expect(await leadNames(owner)).not.toContain("Second body");
  });

  it("keys are the user's own: another user's same key is another request", async () => {
    await call(member, "GET", "/api/me");
    const mine = await call(owner, "POST", "/api/leads", { name: "Same key" }, withKey("shared-key"));
    const theirs = await call(member, "POST", "/api/leads", { name: "Same key" }, withKey("shared-key"));
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.ownerId).toBe("member");
  });

  it("answers a PATCH retried after its change was stored as the first time, not 412", async () => {
    const lead = await call(owner, "POST", "/api/leads", { name: "Patched" });
    const etag = lead.headers.get("etag")!;
    const first = await call(owner, "PATCH", `/api/leads/${lead.body.id}`, { company: "Acme" }, withKey("patch-1", { "if-match": etag }));
    expect(first.status, first.text).toBe(200);
    const retried = await call(owner, "PATCH", `/api/leads/${lead.body.id}`, { company: "Acme" }, withKey("patch-1", { "if-match": etag }));
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(first.body);
    const without = await call(owner, "PATCH", `/api/leads/${lead.body.id}`, { company: "Acme" }, { "if-match": etag });
    expect(without.status).toBe(412);
  });

  it("keeps no error: after a 412 the corrected retry with the same key runs", async () => {
    const lead = await call(owner, "POST", "/api/leads", { name: "Stale" });
    const stale = "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"";
    const refused = await call(owner, "PATCH", `/api/leads/${lead.body.id}`, { company: "Late" }, withKey("after-412", { "if-match": stale }));
    expect(refused.status).toBe(412);
    const fixed = await call(owner, "PATCH", `/api/leads/${lead.body.id}`, { company: "Late" }, withKey("after-412", { "if-match": lead.headers.get("etag")! }));
    expect(fixed.status, fixed.text).toBe(200);
    expect(fixed.headers.get("idempotent-replayed")).toBeNull();
  });

  it("refuses a malformed key with words that say what to send", async () => {
    for (const key of ["x".repeat(256), "has space", "ümlaut"]) {
      const answer = await call(owner, "POST", "/api/leads", { name: "Bad key" }, { "idempotency-key": key });
      expect(answer.status, key).toBe(400);
      expect(answer.body.error.message).toBe("Idempotency-Key must be 1 to 255 visible characters (a new random value for each change, the same one when retrying it).");
    }
    expect(await leadNames(owner)).not.toContain("Bad key");
  });

  it("is described in the OpenAPI document on changes", async () => {
    const document = (await call(owner, "GET", "/api/openapi.json")).body;
    const parameters = (document.paths["/api/leads"].post.parameters ?? []) as { name: string; in: string }[];
    expect(parameters).toContainEqual(expect.objectContaining({ name: "idempotency-key", in: "header" }));
    expect((document.paths["/api/leads"].get.parameters ?? []).map((parameter: { name: string }) => parameter.name)).not.toContain("idempotency-key");
  });
});
