/**
 * Application access to Graph for shared mailboxes: msal-node client credentials
 * in each tenant (admin consent to Mail.Read; scope it to the shared mailboxes with
 * an Exchange application access policy, docs/email-sync.md). The authority's
 * metadata is given up front, so the token endpoint is the only address MSAL reaches.
 */
import { AuthError, type ConfidentialClientApplication } from "@azure/msal-node";
import { confidentialClientFor, type EntraAppClientConfig } from "../auth/graph-on-behalf-of.js";
import { AppError } from "../errors/app-error.js";

const graphDefaultScope = "https://graph.microsoft.com/.default";

/** A token source for GraphMailClient: one MSAL client per tenant, its token cached by MSAL. */
export function createAppTokenSource(config: EntraAppClientConfig): (tenantId: string) => Promise<string> {
  const clients = new Map<string, ConfidentialClientApplication>();
  const clientFor = (tenantId: string) => {
    let client = clients.get(tenantId);
    if (!client) clients.set(tenantId, (client = confidentialClientFor(config, tenantId)));
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
