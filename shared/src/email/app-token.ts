/**
 * Application access to Graph for shared mailboxes: msal-node client credentials
 * in each tenant (admin consent to Mail.Read; scope it to the shared mailboxes with
 * an Exchange application access policy, docs/email-sync.md). The authority's
 * metadata is given up front, so the token endpoint is the only address MSAL reaches.
 */
import { AuthError, ConfidentialClientApplication } from "@azure/msal-node";
import { AppError } from "../errors/app-error.js";

interface AppTokenConfig {
  clientId: string;
  clientSecret: string;
  /** Entra's host; `https://login.microsoftonline.com` unless a test points it at loopback. */
  authorityHost?: string;
  /** Where tokens are requested; the authority host unless a test points it at loopback. */
  tokenEndpointHost?: string;
}

const graphDefaultScope = "https://graph.microsoft.com/.default";

/** A token source for GraphMailClient: one MSAL client per tenant, its token cached by MSAL. */
export function createAppTokenSource(config: AppTokenConfig): (tenantId: string) => Promise<string> {
  const origin = new URL(config.authorityHost ?? "https://login.microsoftonline.com").origin;
  const host = new URL(origin).host;
  const tokenHost = (config.tokenEndpointHost ?? origin).replace(/\/+$/, "");
  const clients = new Map<string, ConfidentialClientApplication>();
  const clientFor = (tenantId: string) => {
    let client = clients.get(tenantId);
    if (client) return client;
    const endpoint = `${tokenHost}/${tenantId}/oauth2/v2.0`;
    client = new ConfidentialClientApplication({
      auth: {
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        authority: `${origin}/${tenantId}`,
        knownAuthorities: [host],
        authorityMetadata: JSON.stringify({
          token_endpoint: `${endpoint}/token`,
          authorization_endpoint: `${endpoint}/authorize`,
          end_session_endpoint: `${endpoint}/logout`,
          issuer: `${origin}/${tenantId}/v2.0`,
          jwks_uri: `${tokenHost}/${tenantId}/discovery/v2.0/keys`,
        }),
        cloudDiscoveryMetadata: JSON.stringify({
          tenant_discovery_endpoint: `${origin}/${tenantId}/v2.0/.well-known/openid-configuration`,
          "api-version": "1.1",
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        }),
      },
    });
    clients.set(tenantId, client);
    return client;
  };
  return async (tenantId) => {
    try {
      const result = await clientFor(tenantId).acquireTokenByClientCredential({ scopes: [graphDefaultScope] });
      if (!result?.accessToken) throw new Error("no token");
      return result.accessToken;
    } catch (error) {
      const code = error instanceof AuthError ? error.errorCode : "unknown";
      throw new AppError("unavailable", "The CRM could not sign in to Microsoft 365 for the shared mailboxes. An admin may need to grant consent again.", {
        details: { reason: "needs_reconnect" },
        logMessage: `client credentials failed: ${code}`,
        cause: error,
      });
    }
  };
}
