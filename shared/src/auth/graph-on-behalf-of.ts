import { AuthError, ConfidentialClientApplication, InteractionRequiredAuthError } from "@azure/msal-node";
import { AppError } from "../errors/app-error.js";
import { msalCredential, readEntraAppCredentialFromEnv, type EntraAppCredential } from "./app-credential.js";
import { defaultAuthorityHost } from "./entra-token-verifier.js";
import type { VerifiedIdentity } from "./identity.js";

const graphDefaultScope = "https://graph.microsoft.com/.default";

/** Where each user's serialized MSAL token cache is kept, one partition per user. */
interface TokenCacheStore {
  read(partition: string): Promise<string | undefined>;
  write(partition: string, serializedCache: string): Promise<void>;
}

/** The tab's Entra app as msal-node's confidential client: the SSO token's audience, and the client that exchanges it. */
export type EntraAppClientConfig = {
  clientId: string;
  /** Entra's host, used for the authority and the expected issuer. */
  authorityHost?: string;
  /** Where tokens are requested; the authority host unless a test points it at loopback. */
  tokenEndpointHost?: string;
} & EntraAppCredential;

export type GraphOnBehalfOfConfig = EntraAppClientConfig & { cacheStore?: TokenCacheStore };

/** Turns a user's verified SSO token into a Microsoft Graph token for that user. */
export interface GraphTokenProvider {
  acquireGraphToken(identity: VerifiedIdentity, scopes?: readonly string[]): Promise<string>;
}

const consentMessage = "The CRM needs your consent to reach Microsoft 365 on your behalf. Grant it and try again.";
const signInAgain = "Your sign-in could not be used for Microsoft 365. Sign in to Teams again and retry.";
const graphUnavailable = "Microsoft 365 sign-in is not available right now. Try again in a few minutes.";
// AADSTS65001: the user or an admin has not consented to the app's Graph permissions.
const consentErrorNumber = "65001";

/**
 * Per-user in-memory cache, the oldest user evicted first. One instance is
 * enough; several server instances each keep their own, which only costs an
 * extra exchange after a restart or a switch of instance.
 */
function createMemoryTokenCacheStore(maxUsers = 1_000): TokenCacheStore {
  const caches = new Map<string, string>();
  return {
    read: async (partition) => caches.get(partition),
    write: async (partition, serializedCache) => {
      caches.delete(partition);
      caches.set(partition, serializedCache);
      if (caches.size > maxUsers) {
        const oldest = caches.keys().next().value;
        if (oldest !== undefined) caches.delete(oldest);
      }
    },
  };
}

/**
 * A client for one tenant, with an empty cache of its own. The authority's metadata
 * is given up front, so MSAL makes no discovery call: the token endpoint is the only
 * address it ever reaches (a test points it at loopback).
 */
export function confidentialClientFor(config: EntraAppClientConfig, tenantId: string): ConfidentialClientApplication {
  const authorityHost = new URL(config.authorityHost ?? defaultAuthorityHost);
  const tokenEndpointHost = (config.tokenEndpointHost ?? authorityHost.origin).replace(/\/+$/, "");
  const host = authorityHost.host;
  const endpoint = `${tokenEndpointHost}/${tenantId}/oauth2/v2.0`;
  const authorityMetadata = {
    token_endpoint: `${endpoint}/token`,
    authorization_endpoint: `${endpoint}/authorize`,
    end_session_endpoint: `${endpoint}/logout`,
    issuer: `${authorityHost.origin}/${tenantId}/v2.0`,
    jwks_uri: `${tokenEndpointHost}/${tenantId}/discovery/v2.0/keys`,
  };
  const cloudDiscoveryMetadata = {
    tenant_discovery_endpoint: `${authorityHost.origin}/${tenantId}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  };
  return new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      ...msalCredential(config),
      authority: `${authorityHost.origin}/${tenantId}`,
      knownAuthorities: [host],
      authorityMetadata: JSON.stringify(authorityMetadata),
      cloudDiscoveryMetadata: JSON.stringify(cloudDiscoveryMetadata),
    },
  });
}

class GraphOnBehalfOf implements GraphTokenProvider {
  private readonly cacheStore: TokenCacheStore;

  constructor(private readonly config: GraphOnBehalfOfConfig) {
    this.cacheStore = config.cacheStore ?? createMemoryTokenCacheStore();
  }

  async acquireGraphToken(identity: VerifiedIdentity, scopes: readonly string[] = [graphDefaultScope]): Promise<string> {
    const partition = `${identity.tenantId}.${identity.userId}`;
    const client = this.clientFor(identity.tenantId);
    try {
      // MSAL's OBO flow looks only at the in-memory cache (its cache plugin is
      // called on writes alone), so the user's partition is loaded by hand.
      const saved = await this.cacheStore.read(partition);
      if (saved) client.getTokenCache().deserialize(saved);
      const result = await client.acquireTokenOnBehalfOf({ oboAssertion: identity.token, scopes: [...scopes] });
      if (!result?.accessToken) throw new AppError("unavailable", graphUnavailable, { logMessage: "OBO returned no token" });
      if (!result.fromCache) await this.cacheStore.write(partition, withoutExpiredTokens(client.getTokenCache().serialize()));
      return result.accessToken;
    } catch (error) {
      throw toAppError(error);
    }
  }

  private clientFor(tenantId: string): ConfidentialClientApplication {
    return confidentialClientFor(this.config, tenantId);
  }
}

/**
 * Each new SSO token makes a new cache entry (OBO results are keyed by the
 * incoming assertion), so expired ones are dropped before a partition is saved.
 */
function withoutExpiredTokens(serializedCache: string): string {
  const cache = JSON.parse(serializedCache) as { AccessToken?: Record<string, { expires_on?: string }> };
  const nowSeconds = Date.now() / 1000;
  for (const [key, token] of Object.entries(cache.AccessToken ?? {})) {
    if (Number(token.expires_on ?? 0) <= nowSeconds) delete cache.AccessToken?.[key];
  }
  return JSON.stringify(cache);
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof AuthError)) {
    return new AppError("unavailable", graphUnavailable, { logMessage: "OBO failed", cause: error });
  }
  const logMessage = `OBO failed: ${error.errorCode}${error.subError ? `/${error.subError}` : ""}`;
  const needsConsent = error instanceof InteractionRequiredAuthError || error.errorMessage.includes(`AADSTS${consentErrorNumber}`);
  if (needsConsent) {
    const claims = error instanceof InteractionRequiredAuthError && error.claims ? error.claims : undefined;
    return new AppError("consent_required", consentMessage, {
      details: { reason: "consent_required", ...(claims ? { claims } : {}) },
      logMessage,
      cause: error,
    });
  }
  if (error.errorCode === "invalid_grant") return new AppError("unauthenticated", signInAgain, { logMessage, cause: error });
  return new AppError("unavailable", graphUnavailable, { logMessage, cause: error });
}

export function createGraphOnBehalfOf(config: GraphOnBehalfOfConfig): GraphTokenProvider {
  return new GraphOnBehalfOf(config);
}

/**
 * Undefined unless AAD_APP_CLIENT_ID and a credential are set: AAD_APP_CLIENT_SECRET,
 * or AAD_APP_CREDENTIAL=managed-identity with AZURE_CLIENT_ID (readEntraAppCredentialFromEnv
 * reports a credential set wrongly, for the server's configuration check).
 */
export function readGraphOnBehalfOfConfigFromEnv(env: Readonly<Record<string, string | undefined>>): GraphOnBehalfOfConfig | undefined {
  const clientId = env.AAD_APP_CLIENT_ID?.trim();
  const { credential } = readEntraAppCredentialFromEnv(env);
  if (!clientId || !credential) return undefined;
  const authorityHost = env.AAD_APP_OAUTH_AUTHORITY_HOST?.trim();
  return { clientId, ...credential, ...(authorityHost ? { authorityHost } : {}) };
}
