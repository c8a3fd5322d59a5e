import http, { createServer, type Server } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "../errors/app-error.js";
import { createGraphOnBehalfOf, readGraphOnBehalfOfConfigFromEnv } from "./graph-on-behalf-of.js";
import type { VerifiedIdentity } from "./identity.js";

const tenantId = "7d1f3c52-6a8e-4b0f-9c3d-2e5a1b4c6d8f";
const clientId = "3f6a9c2e-1b4d-4e8f-a5c7-6d2e9f1a3b5c";
const graphScope = "https://graph.microsoft.com/User.Read";

interface TokenRequest {
  path: string;
  form: URLSearchParams;
}

/** What the local token endpoint answers, chosen by the SSO token it is handed. */
const answers: Record<string, { status: number; body: object }> = {};
const tokenRequests: TokenRequest[] = [];
let server: Server;
let tokenEndpointHost: string;

function ssoToken(userId: string): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: "RS256", typ: "JWT" })}.${encode({ tid: tenantId, oid: userId, aud: clientId, iat: now, exp: now + 3600 })}.c2ln`;
}

function identity(userId: string): VerifiedIdentity {
  return { tenantId, userId, displayName: "Ada Lovelace", authMethods: [], authContexts: [], token: ssoToken(userId) };
}

/** A success shaped like Entra's: Graph access token plus the OpenID parts MSAL caches by. */
function grant(userId: string, accessToken: string): void {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const idClaims = { aud: clientId, iss: `https://login.microsoftonline.com/${tenantId}/v2.0`, tid: tenantId, oid: userId, sub: userId, iat: now, exp: now + 3600 };
  answers[ssoToken(userId)] = {
    status: 200,
    body: {
      token_type: "Bearer",
      scope: `${graphScope} openid profile`,
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: accessToken,
      refresh_token: `refresh-${userId}`,
      id_token: `${encode({ alg: "none", typ: "JWT" })}.${encode(idClaims)}.`,
      client_info: encode({ uid: userId, utid: tenantId }),
    },
  };
}

function startTokenEndpoint(): Promise<Server> {
  const httpServer = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const form = new URLSearchParams(body);
      tokenRequests.push({ path: new URL(request.url ?? "/", "http://127.0.0.1").pathname, form });
      const answer = answers[form.get("assertion") ?? ""] ?? { status: 400, body: { error: "invalid_grant", error_description: "AADSTS50013: Assertion failed signature validation." } };
      response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
    });
  });
  return new Promise((resolve) => httpServer.listen(0, "127.0.0.1", () => resolve(httpServer)));
}

function provider() {
  return createGraphOnBehalfOf({ clientId, clientSecret: "test-only-secret", tokenEndpointHost });
}

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  server = await startTokenEndpoint();
  tokenEndpointHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
});

afterEach(() => {
  vi.restoreAllMocks();
  tokenRequests.length = 0;
});

describe("GraphOnBehalfOf", () => {
  it("exchanges the SSO token for a Graph token at the tenant's token endpoint, and nowhere else", async () => {
    const httpsRequest = vi.spyOn(https, "request");
    const httpRequest = vi.spyOn(http, "request");
    grant("user-ada", "graph-token-ada");

    await expect(provider().acquireGraphToken(identity("user-ada"), [graphScope])).resolves.toBe("graph-token-ada");

    expect(tokenRequests).toHaveLength(1);
    const [request] = tokenRequests;
    expect(request?.path).toBe(`/${tenantId}/oauth2/v2.0/token`);
    expect(request?.form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    expect(request?.form.get("requested_token_use")).toBe("on_behalf_of");
    expect(request?.form.get("client_id")).toBe(clientId);
    expect(request?.form.get("scope")).toContain(graphScope);
    expect(httpsRequest).not.toHaveBeenCalled();
    for (const [options] of httpRequest.mock.calls) {
      expect(JSON.stringify(options)).toContain("127.0.0.1");
    }
  });

  it("answers a second call for the same user from that user's cache", async () => {
    grant("user-grace", "graph-token-grace");
    const graph = provider();
    await graph.acquireGraphToken(identity("user-grace"), [graphScope]);
    await expect(graph.acquireGraphToken(identity("user-grace"), [graphScope])).resolves.toBe("graph-token-grace");
    expect(tokenRequests).toHaveLength(1);
  });

  it("keeps users apart: another user's call goes to the token endpoint", async () => {
    grant("user-linus", "graph-token-linus");
    grant("user-barbara", "graph-token-barbara");
    const graph = provider();
    await graph.acquireGraphToken(identity("user-linus"), [graphScope]);
    await expect(graph.acquireGraphToken(identity("user-barbara"), [graphScope])).resolves.toBe("graph-token-barbara");
    expect(tokenRequests).toHaveLength(2);
  });

  it("turns a missing consent into consent_required so the tab can prompt", async () => {
    answers[ssoToken("user-new")] = {
      status: 400,
      body: {
        error: "invalid_grant",
        error_description: "AADSTS65001: The user or administrator has not consented to use the application.",
        error_codes: [65001],
        suberror: "consent_required",
      },
    };
    const error = await failureOf(provider().acquireGraphToken(identity("user-new"), [graphScope]));
    expect(error.code).toBe("consent_required");
    expect(error.message).not.toMatch(/AADSTS/);
  });

  it("treats interaction_required (e.g. MFA demanded) as consent_required", async () => {
    answers[ssoToken("user-mfa")] = {
      status: 400,
      body: { error: "interaction_required", error_description: "AADSTS50076: Multi-factor authentication is required.", error_codes: [50076] },
    };
    const error = await failureOf(provider().acquireGraphToken(identity("user-mfa"), [graphScope]));
    expect(error.code).toBe("consent_required");
  });

  it("refuses an SSO token the endpoint rejects with 401, without its text", async () => {
    const error = await failureOf(provider().acquireGraphToken(identity("user-unknown"), [graphScope]));
    expect(error.code).toBe("unauthenticated");
    expect(error.status).toBe(401);
    expect(error.message).not.toMatch(/AADSTS|assertion/i);
  });
});

describe("readGraphOnBehalfOfConfigFromEnv", () => {
  it("needs both the client id and its secret", () => {
    expect(readGraphOnBehalfOfConfigFromEnv({ AAD_APP_CLIENT_ID: clientId })).toBeUndefined();
    expect(readGraphOnBehalfOfConfigFromEnv({ AAD_APP_CLIENT_ID: clientId, AAD_APP_CLIENT_SECRET: "s" })).toEqual({
      clientId,
      clientSecret: "s",
    });
  });
});
