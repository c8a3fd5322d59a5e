import { describe, expect, it } from "vitest";
import { FakeServer, json } from "../testing/fake-server";
import { ApiClient, ApiError, describeError } from "./client";
import type { StepUpSource } from "./client";

const claims = '{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}';
const stepUpRequired = json(401, { error: { code: "step_up_required", message: "Confirm it's you: this change needs a recent multi-factor sign-in.", details: { claims, reason: "no mfa" } } });

/** PATCH /api/users/max refuses every token but "mfa-token", as the API refuses a sign-in without a step-up. */
function stepUpServer() {
  return new FakeServer().on("PATCH /api/users/max", (call) => (call.headers.authorization === "Bearer mfa-token" ? json(200, { userId: "max" }) : stepUpRequired));
}

const clientOf = (server: FakeServer, stepUp: StepUpSource) => new ApiClient(async () => "test-token", "", server.fetch, stepUp);

describe("ApiClient", () => {
  it("answers a read from the one started earlier for the same path and query, once", async () => {
    const server = new FakeServer().on("GET /api/leads", json(200, { items: [{ id: "l1" }] }));
    const client = server.client();
    client.prefetchList("lead", { sort: "newest", pageSize: 25 });
    expect(await client.list("lead", { sort: "newest", pageSize: 25 })).toEqual({ items: [{ id: "l1" }] });
    expect(server.calls).toHaveLength(1);
    // Another query, or the same one again, is a request of its own.
    await client.list("lead", { sort: "oldest", pageSize: 25 });
    await client.list("lead", { sort: "newest", pageSize: 25 });
    expect(server.calls).toHaveLength(3);
  });

  it("hands an early read's failure to the screen that takes it", async () => {
    const server = new FakeServer().on("GET /api/config/forms", json(503, { error: { code: "unavailable", message: "The CRM cannot reach its storage just now. Try again in a few seconds." } }));
    const client = server.client();
    client.prefetch("/api/config/forms");
    await expect(client.forms()).rejects.toMatchObject({ status: 503, code: "unavailable" });
  });

  it("sends each change with its own Idempotency-Key, and reads without one", async () => {
    const server = new FakeServer().on("POST /api/leads", json(201, { id: "l1" })).on("GET /api/leads/l1", json(200, { id: "l1" }));
    const client = server.client();
    await client.create("lead", { name: "A" });
    await client.create("lead", { name: "B" });
    await client.request("GET", "/api/leads/l1");
    const [first, second, read] = server.calls.map((call) => call.headers["idempotency-key"]);
    expect(first).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(second).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(second).not.toBe(first);
    expect(read).toBeUndefined();
  });

  it("retries a change once when the network drops, with the same key", async () => {
    const server = new FakeServer().on("POST /api/leads", json(201, { id: "l1" }));
    let failures = 1;
    const flaky: typeof fetch = async (input, init) => {
      if (failures-- > 0) {
        server.calls.push({ method: "POST", path: "(dropped)", headers: init?.headers as Record<string, string>, body: undefined });
        throw new TypeError("Failed to fetch");
      }
      return server.fetch(input, init);
    };
    const client = new ApiClient(async () => "test-token", "", flaky);
    expect(await client.create("lead", { name: "A" })).toEqual({ id: "l1" });
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]!.headers["idempotency-key"]).toBe(server.calls[0]!.headers["idempotency-key"]);
  });

  it("sends the bearer token, and the ETag as If-Match on updates", async () => {
    const server = new FakeServer().on("PATCH /api/leads/abc", json(200, { id: "abc" }));
    await server.client().update("lead", "abc", 'W/"1"', { name: "A" });
    expect(server.calls[0]!.headers).toMatchObject({ authorization: "Bearer test-token", "if-match": 'W/"1"', "content-type": "application/json" });
    expect(server.calls[0]!.body).toEqual({ name: "A" });
  });

  it("turns the API's error body into an ApiError with field messages by key", async () => {
    const server = new FakeServer().on(
      "POST /api/leads",
      json(400, { error: { code: "invalid_input", message: "Some fields are not valid.", details: { fields: [{ field: "fields.email", message: "Email must be an email address." }] } } }),
    );
    const error = await server
      .client()
      .create("lead", { email: "x" })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldMessages()).toEqual({ email: "Email must be an email address." });
    expect(describeError(error)).toBe("Some fields are not valid.");
  });

  it("gives a readable message when the body has none, and flags 412 as a conflict", async () => {
    const server = new FakeServer().on("PATCH /api/cases/c1", { status: 412 });
    const error = (await server
      .client()
      .update("case", "c1", "e", {})
      .catch((failure: unknown) => failure)) as ApiError;
    expect(error.isConflict).toBe(true);
    expect(error.message).toBe("Someone else changed this while you were editing.");
  });

  it("leaves empty query values out of list URLs", async () => {
    const server = new FakeServer().on("GET /api/leads", json(200, { items: [] }));
    await server.client().list("lead", { owner: "all", q: "", sort: "title" });
    expect(server.calls[0]!.path).toBe("/api/leads?owner=all&sort=title");
  });

  describe("a step-up refusal", () => {
    it("asks the host for a token with the API's claims and sends the request once more with it", async () => {
      const server = stepUpServer();
      const asked: { claims: string; message: string }[] = [];
      const user = await clientOf(server, async (challenge) => (asked.push(challenge), "mfa-token")).updateUser("max", { roleIds: ["owner"] }, "u2");
      expect(user).toEqual({ userId: "max" });
      expect(asked).toEqual([{ claims, message: "Confirm it's you: this change needs a recent multi-factor sign-in." }]);
      expect(server.calls.map((call) => [call.headers.authorization, call.headers["if-match"], call.body])).toEqual([
        ["Bearer test-token", "u2", { roleIds: ["owner"] }],
        ["Bearer mfa-token", "u2", { roleIds: ["owner"] }],
      ]);
    });

    it("when the user declines, sends nothing more and says nothing was changed", async () => {
      const server = stepUpServer();
      const error = (await clientOf(server, async () => undefined)
        .updateUser("max", { roleIds: ["owner"] })
        .catch((failure: unknown) => failure)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.code).toBe("step_up_declined");
      expect(describeError(error)).toMatch(/^Nothing was changed: .*confirm it's you/);
      expect(server.calls).toHaveLength(1);
    });

    it("when the sign-in fails, says so; and retries only once, ending in the API's refusal", async () => {
      const failing = stepUpServer();
      const failed = (await clientOf(failing, () => Promise.reject(new Error("CancelledByUser")))
        .updateUser("max", { active: false })
        .catch((failure: unknown) => failure)) as ApiError;
      expect([failed.code, failing.calls.length]).toEqual(["step_up_failed", 1]);

      const stubborn = stepUpServer();
      let asked = 0;
      const refused = (await clientOf(stubborn, async () => (asked++, "still-no-mfa"))
        .updateUser("max", { active: false })
        .catch((failure: unknown) => failure)) as ApiError;
      expect([refused.code, refused.claims, asked, stubborn.calls.length]).toEqual(["step_up_required", claims, 1, 2]);
      // The retry after signing in again is the same change: it carries the same key.
      expect(stubborn.calls[0]!.headers["idempotency-key"]).toBeTruthy();
      expect(stubborn.calls[1]!.headers["idempotency-key"]).toBe(stubborn.calls[0]!.headers["idempotency-key"]);
    });

    it("without a step-up source, is an ordinary error", async () => {
      const server = stepUpServer();
      const error = (await server
        .client()
        .updateUser("max", { active: false })
        .catch((failure: unknown) => failure)) as ApiError;
      expect([error.status, error.code, server.calls.length]).toEqual([401, "step_up_required", 1]);
    });
  });
});
