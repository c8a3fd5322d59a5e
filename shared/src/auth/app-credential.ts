/**
 * How the CRM's Entra app proves itself when msal-node asks Entra for a token
 * (on-behalf-of for the tab's Graph calls, client credentials for the roster and the
 * shared mailboxes): a client secret, or, in Azure, no secret at all. There the web
 * app's user-assigned managed identity is a federated credential of the Entra app
 * (scripts/federated-credential.mjs adds it at provision), and each request carries a
 * managed-identity token for `api://AzureADTokenExchange` as its client assertion.
 */
import { ManagedIdentityCredential, type TokenCredential } from "@azure/identity";

export type EntraAppCredential = { clientSecret: string } | { clientAssertion: () => Promise<string> };

/** The audience Entra requires of a token used as a federated client assertion. */
const tokenExchangeScope = "api://AzureADTokenExchange/.default";

/**
 * An assertion source backed by the managed identity `clientId`. The identity's
 * token is cached by @azure/identity until shortly before it expires, so most token
 * requests cost no extra call.
 */
function managedIdentityAssertion(clientId: string, credential: TokenCredential = new ManagedIdentityCredential({ clientId })): () => Promise<string> {
  return async () => {
    const token = await credential.getToken(tokenExchangeScope);
    if (!token?.token) throw new Error("the managed identity returned no token");
    return token.token;
  };
}

/** The msal-node `auth` fields for a credential. */
export function msalCredential(credential: EntraAppCredential): { clientSecret: string } | { clientAssertion: () => Promise<string> } {
  if ("clientSecret" in credential) return { clientSecret: credential.clientSecret };
  return { clientAssertion: () => credential.clientAssertion() };
}

const credentialModes = ["secret", "managed-identity"] as const;

/**
 * AAD_APP_CREDENTIAL chooses: `managed-identity` (needs AZURE_CLIENT_ID, the identity
 * the Entra app trusts) or `secret` (AAD_APP_CLIENT_SECRET; the default when unset).
 * Undefined credential with no problem means the app has none: Graph features are off.
 */
export function readEntraAppCredentialFromEnv(env: Readonly<Record<string, string | undefined>>): { credential?: EntraAppCredential; problems: string[] } {
  const mode = env.AAD_APP_CREDENTIAL?.trim().toLowerCase() || "secret";
  if (!(credentialModes as readonly string[]).includes(mode)) {
    return { problems: [`AAD_APP_CREDENTIAL must be one of ${credentialModes.join(", ")} (it is "${env.AAD_APP_CREDENTIAL}").`] };
  }
  const secret = env.AAD_APP_CLIENT_SECRET?.trim();
  if (mode === "secret") return { problems: [], ...(secret ? { credential: { clientSecret: secret } } : {}) };
  const identity = env.AZURE_CLIENT_ID?.trim();
  const problems = [
    ...(identity ? [] : ["AZURE_CLIENT_ID is not set: AAD_APP_CREDENTIAL=managed-identity signs the Entra app's token requests with that managed identity."]),
    ...(secret ? ["AAD_APP_CLIENT_SECRET must not be set when AAD_APP_CREDENTIAL is managed-identity: the identity replaces the secret."] : []),
  ];
  if (problems.length > 0 || !identity) return { problems };
  return { problems: [], credential: { clientAssertion: managedIdentityAssertion(identity) } };
}
