import { describe, expect, it } from "vitest";
import { authOutcome } from "./auth-result";

describe("authOutcome (auth-end.html)", () => {
  it("hands the authorization code back, from the query", () => {
    expect(authOutcome({ search: "?code=abc&state=s1", hash: "" }, "s1")).toEqual({ ok: true, result: "abc" });
  });
  it("succeeds without passing tokens on for an implicit or consent answer", () => {
    expect(authOutcome({ search: "", hash: "#access_token=secret&state=s1" }, "s1")).toEqual({ ok: true });
    expect(authOutcome({ search: "?admin_consent=True", hash: "" })).toEqual({ ok: true });
  });
  it("fails with Entra's error, a foreign state, or nothing at all", () => {
    expect(authOutcome({ search: "?error=consent_required&error_description=Ask+an+admin", hash: "" })).toEqual({ ok: false, reason: "consent_required: Ask an admin" });
    expect(authOutcome({ search: "", hash: "#error=access_denied" })).toEqual({ ok: false, reason: "access_denied" });
    expect(authOutcome({ search: "?code=abc&state=other", hash: "" }, "s1")).toEqual({ ok: false, reason: "state_mismatch" });
    expect(authOutcome({ search: "", hash: "" })).toEqual({ ok: false, reason: "no_response" });
  });
});
