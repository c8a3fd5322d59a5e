/**
 * The consent / sign-in fallback: when Teams' single sign-on cannot get a token without
 * the user (consent or interaction needed), or the API says Graph needs consent, the
 * tab offers "Grant access", which opens `/auth-start.html` in a Teams authentication
 * window (`authentication.authenticate`). That page redirects to Entra's authorize
 * endpoint; Entra comes back to `/auth-end.html`, which tells Teams how it ended.
 */
import { ApiError } from "../api/client";

/** getAuthToken's failures that a sign-in window can fix (the rest are real errors). */
const consentErrors = /consent|interaction_required|invalid_grant|AADSTS65001|AADSTS50076|AADSTS50079|AADSTS160021/i;

export function needsConsent(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 403 && (error.code === "consent_required" || error.reason === "consent_required");
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
  return consentErrors.test(message);
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isGuid = (value: string | null | undefined): value is string => !!value && guid.test(value);

/**
 * The Entra app's client id: the tab URL's `?clientId=` (the manifest's URLs can carry
 * `?clientId=${{AAD_APP_CLIENT_ID}}`), else the audience of a token SSO gave us.
 */
export function clientIdFor(search: string, token?: string): string | undefined {
  const fromUrl = new URLSearchParams(search).get("clientId");
  if (isGuid(fromUrl)) return fromUrl;
  const audience = token ? tokenAudience(token) : undefined;
  const match = audience?.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return match ? match[0] : undefined;
}

/** A JWT's payload, read (not verified: the API verifies). */
function tokenClaims(token: string): { aud?: unknown; exp?: unknown } | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { aud?: unknown; exp?: unknown };
  } catch {
    return undefined;
  }
}

/** The `aud` claim of a token. */
export function tokenAudience(token: string): string | undefined {
  const audience = tokenClaims(token)?.aud;
  return typeof audience === "string" ? audience : undefined;
}

/** When a token expires (`exp`, milliseconds since 1970), or undefined when it does not say. */
export function tokenExpiresAt(token: string): number | undefined {
  const expiry = tokenClaims(token)?.exp;
  return typeof expiry === "number" ? expiry * 1000 : undefined;
}

interface ConsentRequest {
  clientId: string;
  /** The user's Entra tenant (Teams' `user.tenant.id`); the app is single-tenant. */
  tenantId?: string;
  loginHint?: string;
}

/** The absolute URL of the start page, for `authentication.authenticate`. */
export function authStartUrl(origin: string, request: ConsentRequest): string {
  const params = new URLSearchParams({ clientId: request.clientId });
  if (request.tenantId) params.set("tenantId", request.tenantId);
  if (request.loginHint) params.set("loginHint", request.loginHint);
  return `${origin}/auth-start.html?${params}`;
}

/** What `aad.manifest.json` asks of Microsoft Graph (the API's on-behalf-of calls need them). */
const consentScopes = ["openid", "profile", "email", "offline_access", "User.Read"];
const authorityHost = "https://login.microsoftonline.com";

/** auth-start.html's own query, checked: undefined when it cannot start a sign-in. */
export function consentRequestOf(search: string): ConsentRequest | undefined {
  const params = new URLSearchParams(search);
  const clientId = params.get("clientId");
  if (!isGuid(clientId)) return undefined;
  const tenantId = params.get("tenantId");
  const loginHint = params.get("loginHint");
  return { clientId, ...(isGuid(tenantId) ? { tenantId } : {}), ...(loginHint ? { loginHint } : {}) };
}

/** Entra's authorize URL: code flow with PKCE to the SPA redirect URI `/auth-end.html`, asking for consent. */
export function authorizeUrl(origin: string, request: ConsentRequest, state: string, codeChallenge: string): string {
  const params = new URLSearchParams({
    client_id: request.clientId,
    response_type: "code",
    redirect_uri: `${origin}/auth-end.html`,
    response_mode: "query",
    scope: consentScopes.join(" "),
    state,
    code_challenge: codeChallenge,
    code_challenge_method: "S256",
    prompt: "consent",
  });
  if (request.loginHint) params.set("login_hint", request.loginHint);
  return `${authorityHost}/${request.tenantId ?? "organizations"}/oauth2/v2.0/authorize?${params}`;
}
