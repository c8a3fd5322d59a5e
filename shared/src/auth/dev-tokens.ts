/**
 * Dev mode (no Entra app configured): the server signs its own tokens with a key
 * it made at start. The API validates them exactly like real ones; only the
 * issuer differs. The key never leaves the process, so a restart signs users out.
 */
import { SignJWT, generateKeyPair, jwtVerify } from "jose";
import type { CryptoKey } from "jose";
import { AppError } from "../errors/app-error.js";
import type { TokenVerifier, VerifiedIdentity } from "./identity.js";
import { signInProofFrom } from "./step-up.js";

const devIssuer = "urn:crm:dev";
const devAudience = "urn:crm:api";
const lifetimeSeconds = 8 * 60 * 60;

export class DevTokenIssuer implements TokenVerifier {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
  ) {}

  static async create(): Promise<DevTokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    return new DevTokenIssuer(privateKey, publicKey);
  }

  /**
   * `mfa: true` stands for a multi-factor sign-in just now (amr ["pwd","mfa"], auth_time now): the
   * dev tab's "Confirm it's you" asks for it, as Teams would ask Entra ID for a step-up. Without it
   * the token says a password sign-in just now, so only the missing factor keeps it from a step-up.
   */
  async issue(identity: { tenantId: string; userId: string; displayName: string; email?: string; mfa?: boolean }): Promise<string> {
    const signIn = { amr: identity.mfa ? ["pwd", "mfa"] : ["pwd"], auth_time: Math.floor(Date.now() / 1000) };
    return new SignJWT({ tid: identity.tenantId, oid: identity.userId, name: identity.displayName, ...(identity.email ? { preferred_username: identity.email } : {}), ...signIn })
      .setProtectedHeader({ alg: "ES256" })
      .setIssuer(devIssuer)
      .setAudience(devAudience)
      .setSubject(identity.userId)
      .setIssuedAt()
      .setExpirationTime(`${lifetimeSeconds}s`)
      .sign(this.privateKey);
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, { issuer: devIssuer, audience: devAudience, algorithms: ["ES256"], clockTolerance: 30 });
      if (typeof payload.tid !== "string" || typeof payload.oid !== "string") throw new Error("claims");
      return {
        tenantId: payload.tid,
        userId: payload.oid,
        displayName: typeof payload.name === "string" ? payload.name : payload.oid,
        ...(typeof payload.preferred_username === "string" ? { email: payload.preferred_username } : {}),
        ...signInProofFrom(payload),
        token,
      };
    } catch {
      throw new AppError("unauthenticated", "Your sign-in is not valid or has expired. Sign in again.");
    }
  }
}
