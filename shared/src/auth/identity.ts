/** Who is calling, as proven by a verified token. Nothing else may set these. */
export interface VerifiedIdentity {
  tenantId: string;
  userId: string;
  displayName: string;
  email?: string;
  /** The raw bearer token, kept for on-behalf-of exchanges (Graph). */
  token: string;
}

/**
 * Turns a bearer token into a verified identity or throws AppError("unauthenticated").
 * The dev issuer and the Entra ID validator both implement it; tests inject their own.
 */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedIdentity>;
}

/** Entra ids (tid, oid) are GUIDs; they are compared in lowercase wherever they come from. */
export const normalizeDirectoryId = (id: string): string => id.toLowerCase();

/** With an allow-list (ALLOWED_TENANTS), only those tenants may use the CRM, through the tab or the bot. */
export const tenantAllowed = (tenantId: string, allowedTenants: readonly string[] | undefined): boolean =>
  !allowedTenants || allowedTenants.length === 0 || allowedTenants.some((allowed) => normalizeDirectoryId(allowed) === normalizeDirectoryId(tenantId));

/** Dev mode serves this machine only. */
export const isLoopbackAddress = (address: string | undefined): boolean => address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
