import { describe, expect, it } from "vitest";
import { FakeServer, json } from "../testing/fake-server";
import { ApiError, describeError } from "./client";

describe("ApiClient", () => {
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
});
