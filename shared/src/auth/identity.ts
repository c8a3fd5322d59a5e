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
