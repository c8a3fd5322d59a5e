import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { AppError } from "../errors/app-error.js";
import type { TokenVerifier, VerifiedIdentity } from "./identity.js";
import { signInProofFrom } from "./step-up.js";

/** Where Entra ID lives in the public cloud; tests and sovereign clouds override it. */
export const defaultAuthorityHost = "https://login.microsoftonline.com";
const accessAsUserScope = "access_as_user";

export interface EntraConfig {
  /** The tab's Entra application (client) id. v2 access tokens carry it as `aud`. */
  clientId: string;
  /** `api://<tab domain>/<client id>`; v1-style tokens carry it as `aud`. */
  appIdUri?: string;
  /** The tenant that registered the app; informational here, used by on-behalf-of. */
  tenantId?: string;
  /** Base of the v2 issuer, `https://login.microsoftonline.com` unless overridden. */
  authorityHost?: string;
  /** JWKS address with `{tenantId}` in it; defaults to the tenant's v2 discovery keys. */
  jwksUrlTemplate?: string;
  /** When set, only these tenants may call; every other one gets 401. */
  allowedTenants?: readonly string[];
  requiredScope?: string;
  clockToleranceSeconds?: number;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Tenants are taken from an unverified token before the signature is checked,
// so the key-set cache is bounded: a flood of made-up tenants cannot grow it.
const maxCachedTenants = 200;

const signInAgain = "Your sign-in could not be verified. Sign in to Teams again and retry.";
const sessionExpired = "Your sign-in has expired. Sign in to Teams again and retry.";
const tenantNotAllowed = "Your organization is not allowed to use this app. Ask your administrator.";
const missingScope = "This sign-in does not grant access to the CRM. Sign in again from the CRM tab.";

/**
 * Verifies Entra ID (v2) access tokens issued to the tab's app: RS256 signature
 * from the tenant's key set, per-tenant issuer, audience, `access_as_user` scope,
 * expiry with a small skew. Every failure is AppError("unauthenticated").
 */
class EntraTokenVerifier implements TokenVerifier {
  private readonly authorityHost: string;
  private readonly jwksUrlTemplate: string;
  private readonly audiences: string[];
  private readonly allowedTenants: ReadonlySet<string> | undefined;
  private readonly requiredScope: string;
  private readonly clockToleranceSeconds: number;
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(config: EntraConfig) {
    if (!guidPattern.test(config.clientId)) throw new Error("EntraTokenVerifier: clientId must be a GUID");
    this.authorityHost = (config.authorityHost ?? defaultAuthorityHost).replace(/\/+$/, "");
    this.jwksUrlTemplate = config.jwksUrlTemplate ?? `${this.authorityHost}/{tenantId}/discovery/v2.0/keys`;
    this.audiences = [config.clientId, ...(config.appIdUri ? [config.appIdUri] : [])];
    this.allowedTenants = config.allowedTenants?.length ? new Set(config.allowedTenants.map((tenant) => tenant.toLowerCase())) : undefined;
    this.requiredScope = config.requiredScope ?? accessAsUserScope;
    this.clockToleranceSeconds = config.clockToleranceSeconds ?? 60;
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    try {
      const tenantId = this.tenantOf(token);
      const { payload } = await jwtVerify(token, this.keySetFor(tenantId), {
        algorithms: ["RS256"],
        issuer: `${this.authorityHost}/${tenantId}/v2.0`,
        audience: this.audiences,
        clockTolerance: this.clockToleranceSeconds,
        requiredClaims: ["exp", "iat", "oid", "tid"],
      });
      return this.identityFrom(payload, token);
    } catch (error) {
      throw toUnauthenticated(error);
    }
  }

  /** The tenant named by the (not yet verified) token, refused early when not allowed. */
  private tenantOf(token: string): string {
    const tenantId = decodeJwt(token).tid;
    if (typeof tenantId !== "string" || !guidPattern.test(tenantId)) {
      throw new AppError("unauthenticated", signInAgain, { logMessage: "token has no valid tid claim" });
    }
    if (this.allowedTenants && !this.allowedTenants.has(tenantId.toLowerCase())) {
      throw new AppError("unauthenticated", tenantNotAllowed, { logMessage: `tenant ${tenantId} is not in ALLOWED_TENANTS` });
    }
    return tenantId.toLowerCase();
  }

  private keySetFor(tenantId: string): ReturnType<typeof createRemoteJWKSet> {
    let keySet = this.keySets.get(tenantId);
    if (!keySet) {
      if (this.keySets.size >= maxCachedTenants) {
        const oldest = this.keySets.keys().next().value;
        if (oldest !== undefined) this.keySets.delete(oldest);
      }
      // jose caches the keys (10 min) and refetches when an unknown `kid` shows up,
      // which is how Entra's key rotation reaches us.
      keySet = createRemoteJWKSet(new URL(this.jwksUrlTemplate.replaceAll("{tenantId}", tenantId)), {
        timeoutDuration: 5_000,
        cooldownDuration: 30_000,
        cacheMaxAge: 10 * 60_000,
      });
      this.keySets.set(tenantId, keySet);
    }
    return keySet;
  }

  private identityFrom(payload: JWTPayload, token: string): VerifiedIdentity {
    const scopes = typeof payload.scp === "string" ? payload.scp.split(" ") : [];
    if (!scopes.includes(this.requiredScope)) {
      throw new AppError("unauthenticated", missingScope, { logMessage: `token scp lacks ${this.requiredScope}` });
    }
    const { tid, oid, name, preferred_username: username } = payload;
    if (typeof tid !== "string" || typeof oid !== "string" || !guidPattern.test(oid)) {
      throw new AppError("unauthenticated", signInAgain, { logMessage: "token tid/oid are not GUIDs" });
    }
    const email = typeof username === "string" && username.includes("@") ? username : undefined;
    const displayName = typeof name === "string" && name ? name : (email ?? oid);
    return { tenantId: tid.toLowerCase(), userId: oid.toLowerCase(), displayName, ...(email ? { email } : {}), ...signInProofFrom(payload), token };
  }
}

function toUnauthenticated(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const reason = error instanceof joseErrors.JOSEError ? error.code : "token verification failed";
  const message = error instanceof joseErrors.JWTExpired ? sessionExpired : signInAgain;
  return new AppError("unauthenticated", message, { logMessage: reason, cause: error });
}

export function createEntraTokenVerifier(config: EntraConfig): TokenVerifier {
  return new EntraTokenVerifier(config);
}

/**
 * Reads the Entra settings the App Service is given (see infra/azure.bicep).
 * Undefined when AAD_APP_CLIENT_ID is unset: the server then runs in dev mode.
 */
export function readEntraConfigFromEnv(env: Readonly<Record<string, string | undefined>>): EntraConfig | undefined {
  const clientId = env.AAD_APP_CLIENT_ID?.trim();
  if (!clientId) return undefined;
  const allowedTenants = (env.ALLOWED_TENANTS ?? "")
    .split(/[,\s]+/)
    .map((tenant) => tenant.trim())
    .filter(Boolean);
  const optional = (value: string | undefined): string | undefined => value?.trim() || undefined;
  const appIdUri = optional(env.AAD_APP_ID_URI);
  const tenantId = optional(env.AAD_APP_TENANT_ID);
  const authorityHost = optional(env.AAD_APP_OAUTH_AUTHORITY_HOST);
  return {
    clientId,
    ...(appIdUri ? { appIdUri } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(authorityHost ? { authorityHost } : {}),
    ...(allowedTenants.length ? { allowedTenants } : {}),
  };
}
