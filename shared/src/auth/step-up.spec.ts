import { describe, expect, it } from "vitest";
import { decideStepUp, signInProofFrom, stepUpChallenge, stepUpClaims } from "./step-up.js";
import type { SignInProof, StepUpPolicy } from "./step-up.js";

const now = 1_900_000_000;
const policy: StepUpPolicy = { maxAuthAgeMinutes: 15, authorizationUri: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize" };
const proof = (overrides: Partial<SignInProof> = {}): SignInProof => ({ authMethods: ["pwd", "mfa"], authContexts: [], authTime: now - 60, ...overrides });

describe("decideStepUp", () => {
  it("accepts a multi-factor sign-in within the allowed age, up to its last second", () => {
    expect(decideStepUp(proof(), policy, now)).toEqual({ satisfied: true });
    expect(decideStepUp(proof({ authTime: now - 15 * 60 }), policy, now)).toEqual({ satisfied: true });
  });

  it("refuses a sign-in without mfa, saying so", () => {
    expect(decideStepUp(proof({ authMethods: ["pwd"] }), policy, now)).toEqual({
      satisfied: false,
      reason: "a multi-factor sign-in within the last 15 minutes is required; this sign-in was not multi-factor",
    });
  });

  it("refuses mfa that is older than allowed, or whose time is unknown", () => {
    expect(decideStepUp(proof({ authTime: now - 15 * 60 - 1 }), policy, now)).toEqual({
      satisfied: false,
      reason: "a multi-factor sign-in within the last 15 minutes is required; this one was 15 minutes ago",
    });
    const { authTime: _unknown, ...withoutTime } = proof();
    expect(decideStepUp(withoutTime, policy, now)).toMatchObject({ satisfied: false, reason: expect.stringMatching(/does not say when it happened$/) });
  });

  it("takes the configured authentication context as the proof of a step-up, and no other context", () => {
    const withContext = { ...policy, authContextId: "c1" };
    expect(decideStepUp(proof({ authMethods: ["pwd"], authContexts: ["c1"] }), withContext, now)).toEqual({ satisfied: true });
    expect(decideStepUp(proof({ authMethods: ["pwd"], authContexts: ["c2"] }), withContext, now).satisfied).toBe(false);
    expect(decideStepUp(proof({ authMethods: ["pwd"], authContexts: ["c1"] }), policy, now).satisfied).toBe(false);
  });
});

describe("signInProofFrom", () => {
  it("reads amr, acrs (a list or one string) and auth_time, and ignores what is malformed", () => {
    expect(signInProofFrom({ amr: ["pwd", "mfa"], acrs: ["c1"], auth_time: 5 })).toEqual({ authMethods: ["pwd", "mfa"], authContexts: ["c1"], authTime: 5 });
    expect(signInProofFrom({ acrs: "c1,c2" })).toEqual({ authMethods: [], authContexts: ["c1", "c2"] });
    expect(signInProofFrom({ amr: [1, "mfa"], auth_time: "5" })).toEqual({ authMethods: ["mfa"], authContexts: [] });
  });
});

describe("the claims challenge", () => {
  it("asks for mfa in amr, or for the configured authentication context", () => {
    expect(JSON.parse(stepUpClaims(policy))).toEqual({ access_token: { amr: { essential: true, values: ["mfa"] } } });
    expect(JSON.parse(stepUpClaims({ ...policy, authContextId: "c7" }))).toEqual({ access_token: { acrs: { essential: true, value: "c7" } } });
  });

  it("is Entra's WWW-Authenticate format, the claims in base64", () => {
    const claims = Buffer.from('{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}').toString("base64");
    expect(stepUpChallenge(policy)).toBe(`Bearer realm="", authorization_uri="${policy.authorizationUri}", error="insufficient_claims", claims="${claims}"`);
  });
});
