/** Who is calling, as proven by a verified token. Nothing else may set these. */
export interface VerifiedIdentity {
  tenantId: string;
  userId: string;
  displayName: string;
  email?: string;
  /**
   * How the user proved who they are, as the token says (`amr`: "pwd", "mfa", ...). Entra puts
   * `amr` in v1.0 access tokens only; v2.0 ones prove a step-up through `authContexts` instead.
   */
  authMethods: string[];
  /** Conditional Access authentication contexts the sign-in satisfied (`acrs`: "c1".."c99"), an optional claim. */
  authContexts: string[];
  /** When the user last signed in interactively (`auth_time`, seconds since 1970), an optional claim; unknown when absent. */
  authTime?: number;
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
