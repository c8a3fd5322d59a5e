import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.js";
import { createEntraTokenVerifier, readEntraConfigFromEnv, type EntraConfig } from "./entra-token-verifier.js";

const tenantId = "7d1f3c52-6a8e-4b0f-9c3d-2e5a1b4c6d8f";
const otherTenantId = "0b9e2d41-3c7a-4f58-8e16-9a2b3c4d5e6f";
const clientId = "3f6a9c2e-1b4d-4e8f-a5c7-6d2e9f1a3b5c";
const appIdUri = `api://crm.example.test/${clientId}`;
const userId = "5a8c1e3f-7b2d-4f6a-9e0c-1d3b5f7a9c2e";

interface KeyPair {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

let server: Server;
let authorityHost: string;
let published: KeyPair;
let unpublished: KeyPair;
let jwksRequests = 0;

async function makeKey(kid: string): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { kid, privateKey, publicKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** A local stand-in for login.microsoftonline.com: `/{tenant}/discovery/v2.0/keys`. */
function startKeyServer(): Promise<Server> {
  const keysPath = /^\/([0-9a-f-]{36})\/discovery\/v2\.0\/keys$/;
  const httpServer = createServer((request, response) => {
    if (!keysPath.test(request.url ?? "")) {
      response.writeHead(404).end();
      return;
    }
    jwksRequests += 1;
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [published.publicJwk] }));
  });
  return new Promise((resolve) => httpServer.listen(0, "127.0.0.1", () => resolve(httpServer)));
}

function claims(overrides: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: `${authorityHost}/${tenantId}/v2.0`,
    aud: clientId,
    tid: tenantId,
    oid: userId,
    name: "Ada Lovelace",
    preferred_username: "ada@contoso.example",
    scp: "access_as_user",
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    ...overrides,
  };
}

function sign(payload: JWTPayload, key: KeyPair = published): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: "RS256", kid: key.kid, typ: "JWT" }).sign(key.privateKey);
}

function verifier(overrides: Partial<EntraConfig> = {}) {
  return createEntraTokenVerifier({ clientId, appIdUri, authorityHost, ...overrides });
}

async function expectUnauthenticated(token: string, config: Partial<EntraConfig> = {}): Promise<AppError> {
  const error: unknown = await verifier(config)
    .verify(token)
    .then(
      () => undefined,
      (failure: unknown) => failure,
    );
  expect(error).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect(appError.code).toBe("unauthenticated");
  expect(appError.status).toBe(401);
  expect(appError.message).not.toMatch(/JWS|JWT|JWK|ERR_|claim|signature/i);
  return appError;
}

beforeAll(async () => {
  published = await makeKey("published-key");
  unpublished = await makeKey("unpublished-key");
  server = await startKeyServer();
  authorityHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

describe("EntraTokenVerifier", () => {
  it("accepts a well-formed token and takes the identity from its claims", async () => {
    const token = await sign(claims());
    await expect(verifier().verify(token)).resolves.toEqual({
      tenantId,
      userId,
      displayName: "Ada Lovelace",
      email: "ada@contoso.example",
      authMethods: [],
      authContexts: [],
      token,
    });
  });

  it("carries how the user signed in: amr (v1.0 tokens), acrs and auth_time (optional claims)", async () => {
    const authTime = Math.floor(Date.now() / 1000) - 120;
    const token = await sign(claims({ amr: ["pwd", "mfa"], acrs: ["c1", "c3"], auth_time: authTime }));
    await expect(verifier().verify(token)).resolves.toMatchObject({ authMethods: ["pwd", "mfa"], authContexts: ["c1", "c3"], authTime });
  });

  it("accepts the app id URI as audience and a scope among others", async () => {
    const token = await sign(claims({ aud: appIdUri, scp: "User.Read access_as_user" }));
    await expect(verifier().verify(token)).resolves.toMatchObject({ tenantId, userId });
  });

  it("accepts a token that expired within the clock tolerance", async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await sign(claims({ exp: now - 20 }));
    await expect(verifier().verify(token)).resolves.toMatchObject({ userId });
  });

  it("fetches the tenant's key set once and serves later tokens from the cache", async () => {
    const cached = verifier();
    await cached.verify(await sign(claims()));
    const before = jwksRequests;
    await cached.verify(await sign(claims({ name: "Grace Hopper" })));
    expect(jwksRequests).toBe(before);
  });

  it("refuses a token from another issuer", async () => {
    await expectUnauthenticated(await sign(claims({ iss: `https://sts.windows.net/${tenantId}/` })));
    await expectUnauthenticated(await sign(claims({ iss: `${authorityHost}/${otherTenantId}/v2.0` })));
  });

  it("refuses a token issued to another audience", async () => {
    await expectUnauthenticated(await sign(claims({ aud: "00000003-0000-0000-c000-000000000000" })));
  });

  it("refuses a tenant outside the allow-list", async () => {
    const token = await sign(claims());
    const error = await expectUnauthenticated(token, { allowedTenants: [otherTenantId] });
    expect(error.message).toMatch(/organization is not allowed/);
    await expect(verifier({ allowedTenants: [otherTenantId, tenantId.toUpperCase()] }).verify(token)).resolves.toMatchObject({
      tenantId,
    });
  });

  it("refuses a token without the access_as_user scope", async () => {
    await expectUnauthenticated(await sign(claims({ scp: "User.Read" })));
    await expectUnauthenticated(await sign(claims({ scp: undefined })));
  });

  it("refuses an expired token", async () => {
    const now = Math.floor(Date.now() / 1000);
    const error = await expectUnauthenticated(await sign(claims({ iat: now - 7200, nbf: now - 7200, exp: now - 120 })));
    expect(error.message).toMatch(/expired/);
  });

  it("refuses an unsigned token and alg none", async () => {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${encode(claims())}.`;
    await expectUnauthenticated(unsigned);
    await expectUnauthenticated(unsigned.slice(0, -1));
    await expectUnauthenticated("not-a-token");
    await expectUnauthenticated("");
  });

  it("refuses a token signed by a key the tenant did not publish", async () => {
    await expectUnauthenticated(await sign(claims(), unpublished));
    const forgedKid = await new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: published.kid }).sign(unpublished.privateKey);
    await expectUnauthenticated(forgedKid);
  });

  it("refuses HS256 signed with the published public key as the secret", async () => {
    const secret = new TextEncoder().encode(await exportSPKI(published.publicKey));
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: published.kid }).sign(secret);
    await expectUnauthenticated(token);
  });

  it("refuses a token whose tenant or user is not a GUID", async () => {
    await expectUnauthenticated(await sign(claims({ tid: "../../evil" })));
    await expectUnauthenticated(await sign(claims({ oid: "someone" })));
  });
});

describe("readEntraConfigFromEnv", () => {
  it("is undefined without AAD_APP_CLIENT_ID, so the server stays in dev mode", () => {
    expect(readEntraConfigFromEnv({})).toBeUndefined();
    expect(readEntraConfigFromEnv({ AAD_APP_CLIENT_ID: " " })).toBeUndefined();
  });

  it("reads the client id, id URI, tenant and allow-list", () => {
    expect(
      readEntraConfigFromEnv({
        AAD_APP_CLIENT_ID: clientId,
        AAD_APP_ID_URI: appIdUri,
        AAD_APP_TENANT_ID: tenantId,
        ALLOWED_TENANTS: `${tenantId}, ${otherTenantId}`,
      }),
    ).toEqual({ clientId, appIdUri, tenantId, allowedTenants: [tenantId, otherTenantId] });
  });
});
