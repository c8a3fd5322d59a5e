/** `@crm/shared/auth`: identity only from a verified token (Entra ID, or dev tokens on this computer), and Graph on behalf of the user. */
export type { TokenVerifier } from "./identity.js";
export { normalizeDirectoryId, tenantAllowed } from "./identity.js";
export { DevTokenIssuer } from "./dev-tokens.js";
export type { StepUpPolicy } from "./step-up.js";
export { authContextPattern, defaultMaxAuthAgeMinutes } from "./step-up.js";
export type { EntraConfig } from "./entra-token-verifier.js";
export { createEntraTokenVerifier, defaultAuthorityHost, readEntraConfigFromEnv } from "./entra-token-verifier.js";
export type { GraphOnBehalfOfConfig } from "./graph-on-behalf-of.js";
export { createGraphOnBehalfOf, readGraphOnBehalfOfConfigFromEnv } from "./graph-on-behalf-of.js";
export type { GraphAppDirectory } from "./graph-app-directory.js";
export { createGraphAppDirectory } from "./graph-app-directory.js";
export type { EntraAppCredential } from "./app-credential.js";
export { readEntraAppCredentialFromEnv } from "./app-credential.js";
