/**
 * Step-up sign-in: sensitive actions (role grants, audit export, and later approval
 * decisions, approval policy and conflict rules) need a sign-in that was multi-factor
 * and recent. Pure: what the token proves, the policy and the time go in; a verdict
 * and the claims challenge that asks Entra ID for a better token come out.
 *
 * What Entra ID puts in an access token (Microsoft identity platform, access token
 * claims reference and optional claims reference; Conditional Access authentication
 * context developer guide; "Claims challenges, claims requests and client capabilities"):
 * - `amr` ("pwd", "mfa", ...) is in v1.0 access tokens only. This app asks for v2.0
 *   tokens (aad.manifest.json), so in production the proof is usually `acrs`: the
 *   authentication contexts (c1..c99) whose Conditional Access policies the sign-in
 *   satisfied, an optional claim. An administrator makes a context (say c1) whose policy
 *   requires MFA with sign-in frequency "every time", and names it in STEP_UP_AUTH_CONTEXT.
 * - `auth_time` is an optional claim too (aad.manifest.json asks for both). Without it
 *   the sign-in's age is unknown, and an unknown age is never recent enough.
 * - The challenge is the documented form: 401 with
 *   `WWW-Authenticate: Bearer realm="", authorization_uri="…/authorize", error="insufficient_claims", claims="<base64 of the claims request>"`,
 *   the claims request being `{"access_token":{"acrs":{"essential":true,"value":"c1"}}}`.
 *   Without a configured context it asks `{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}`
 *   (an OpenID Connect individual claim request), which is what dev tokens and v1.0 tokens answer.
 */
import type { VerifiedIdentity } from "./identity.js";

export interface StepUpPolicy {
  /** How long ago the multi-factor sign-in may have been (STEP_UP_MAX_AGE_MINUTES, 15 by default). */
  maxAuthAgeMinutes: number;
  /** The Conditional Access authentication context (c1..c99) that proves a step-up in `acrs` (STEP_UP_AUTH_CONTEXT). */
  authContextId?: string;
  /** The authorize endpoint a client signs in at again, named in the challenge. */
  authorizationUri: string;
}

/** What a token says about how its user signed in. */
export type SignInProof = Pick<VerifiedIdentity, "authMethods" | "authContexts" | "authTime">;

type StepUpVerdict = { satisfied: true } | { satisfied: false; reason: string };

export const authContextPattern = /^c([1-9]|[1-9][0-9])$/;
export const defaultMaxAuthAgeMinutes = 15;

const names = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" ? value.split(/[\s,]+/).filter(Boolean) : [];
};

/** The proof as claims carry it: `amr`, `acrs` (an array, or a list in one string), `auth_time`. */
export function signInProofFrom(claims: Readonly<Record<string, unknown>>): SignInProof {
  const authTime = claims.auth_time;
  return {
    authMethods: names(claims.amr),
    authContexts: names(claims.acrs),
    ...(typeof authTime === "number" && Number.isFinite(authTime) ? { authTime } : {}),
  };
}

const minutes = (count: number): string => (count === 1 ? "1 minute" : `${count} minutes`);

/** Multi-factor (the `mfa` method, or the configured authentication context) and no older than the policy allows. */
export function decideStepUp(proof: SignInProof, policy: StepUpPolicy, nowSeconds: number): StepUpVerdict {
  const needed = `a multi-factor sign-in within the last ${minutes(policy.maxAuthAgeMinutes)} is required`;
  const multiFactor = proof.authMethods.includes("mfa") || (policy.authContextId !== undefined && proof.authContexts.includes(policy.authContextId));
  if (!multiFactor) return { satisfied: false, reason: `${needed}; this sign-in was not multi-factor` };
  if (proof.authTime === undefined) return { satisfied: false, reason: `${needed}; this sign-in does not say when it happened` };
  const ageSeconds = nowSeconds - proof.authTime;
  if (ageSeconds > policy.maxAuthAgeMinutes * 60) return { satisfied: false, reason: `${needed}; this one was ${minutes(Math.floor(ageSeconds / 60))} ago` };
  return { satisfied: true };
}

/** The claims request a client passes to Entra ID (teams-js `getAuthToken({ claims: [it] })`, MSAL `claims`). */
export function stepUpClaims(policy: StepUpPolicy): string {
  const accessToken = policy.authContextId ? { acrs: { essential: true, value: policy.authContextId } } : { amr: { essential: true, values: ["mfa"] } };
  return JSON.stringify({ access_token: accessToken });
}

/** The `WWW-Authenticate` value of the refusal: Entra's claims challenge format. */
export function stepUpChallenge(policy: StepUpPolicy): string {
  const claims = Buffer.from(stepUpClaims(policy)).toString("base64");
  return `Bearer realm="", authorization_uri="${policy.authorizationUri}", error="insufficient_claims", claims="${claims}"`;
}
