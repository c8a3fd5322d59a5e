/**
 * A stand-in for Microsoft Entra ID on 127.0.0.1: it publishes a key set at
 * `/{tenant}/discovery/v2.0/keys` and signs v2.0 access tokens for the tab's app with
 * it, so a test server runs the real Entra verifier (`createEntraTokenVerifier`).
 * The test that starts it stops it.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { CryptoKey, JWK, JWTPayload } from "jose";
import type { EntraConfig } from "@crm/shared/auth";

export interface LocalEntra {
  /** The verifier's settings: client id, id URI, and this server as the authority. */
  config: EntraConfig;
  /** A v2.0 access token for `userId` of `tenantId` (GUIDs); `claims` adds or overrides (amr, acrs, auth_time, ...). */
  token(tenantId: string, userId: string, claims?: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export async function startLocalEntra(): Promise<LocalEntra> {
  const kid = "local-entra-key";
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const keysPath = /^\/[0-9a-f-]{36}\/discovery\/v2\.0\/keys$/;
  const server: Server = createServer((request, response) => {
    if (!keysPath.test(request.url ?? "")) response.writeHead(404).end();
    else response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [publicJwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const authorityHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = randomUUID();
  const sign = (payload: JWTPayload, key: CryptoKey) => new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(key);

  return {
    config: { clientId, appIdUri: `api://crm.example.test/${clientId}`, authorityHost },
    token: (tenantId, userId, claims = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return sign(
        {
          iss: `${authorityHost}/${tenantId}/v2.0`,
          aud: clientId,
          tid: tenantId,
          oid: userId,
          name: `User ${userId.slice(0, 8)}`,
          scp: "access_as_user",
          iat: now - 5,
          nbf: now - 5,
          exp: now + 3600,
          ...claims,
        },
        privateKey,
      );
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
