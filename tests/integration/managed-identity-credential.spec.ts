// In Azure the CRM's Entra app has no client secret: it trusts the web app's managed
// identity as a federated credential (scripts/federated-credential.mjs), and msal-node
// sends the identity's token as its client assertion. Both edges run on loopback:
// App Service's managed-identity endpoint (IDENTITY_ENDPOINT, IDENTITY_HEADER, as
// @azure/identity reads them there) and Entra's token endpoint (tests/support/local-graph).
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readEntraAppCredentialFromEnv, type EntraAppCredential } from "@crm/shared/auth";
import { GraphMailClient, createAppTokenSource } from "@crm/shared/email";
import { readServerConfig, ConfigurationError } from "../../server/src/config.js";
import { startLocalGraph, type LocalGraph } from "../support/local-graph.js";

const identityClientId = randomUUID();
const identityHeader = `header-${randomUUID()}`;
const assertion = `mi-token-${randomUUID()}`;
const tenantId = randomUUID();
const identityRequests: { resource: string | null; clientId: string | null; header: string | undefined }[] = [];

let identityEndpoint: Server;
let graph: LocalGraph;
const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

beforeAll(async () => {
  identityEndpoint = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const header = request.headers["x-identity-header"];
    identityRequests.push({ resource: url.searchParams.get("resource"), clientId: url.searchParams.get("client_id"), header: typeof header === "string" ? header : undefined });
    if (header !== identityHeader || url.searchParams.get("client_id") !== identityClientId) {
      response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid_request" }));
      return;
    }
    const expiresOn = Math.floor(Date.now() / 1000) + 3600;
    response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ access_token: assertion, expires_on: String(expiresOn), resource: url.searchParams.get("resource"), token_type: "Bearer", client_id: identityClientId }));
  });
  await new Promise<void>((resolve) => identityEndpoint.listen(0, "127.0.0.1", resolve));
  process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(identityEndpoint.address() as AddressInfo).port}/msi/token`;
  process.env.IDENTITY_HEADER = identityHeader;
  graph = await startLocalGraph({ clientAssertion: assertion });
});

afterAll(async () => {
  for (const [name, value] of [
    ["IDENTITY_ENDPOINT", saved.endpoint],
    ["IDENTITY_HEADER", saved.header],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await graph.close();
  await new Promise((resolve) => identityEndpoint.close(resolve));
});

afterEach(() => {
  identityRequests.length = 0;
});

const credentialFor = (env: Record<string, string>): EntraAppCredential => {
  const { credential, problems } = readEntraAppCredentialFromEnv(env);
  expect(problems).toEqual([]);
  if (!credential) throw new Error("no credential");
  return credential;
};

describe("the Entra app's credential in Azure: the managed identity, no secret", () => {
  it("gets a Graph token with the identity's token as client assertion, and reads mail with it", async () => {
    const credential = credentialFor({ AAD_APP_CREDENTIAL: "managed-identity", AZURE_CLIENT_ID: identityClientId });
    const tokens = createAppTokenSource({ clientId: graph.clientId, tokenEndpointHost: graph.tokenEndpointHost, ...credential });
    const mailbox = "sales@contoso.test";
    graph.put(tenantId, mailbox, "inbox", { id: "m1", subject: "Hello" });
    const client = new GraphMailClient(tokens, { graphOrigin: graph.graphOrigin });
    const page = await client.page(tenantId, client.initialLink(mailbox, "inbox"));
    expect(JSON.stringify(page)).toContain("m1");
    expect(identityRequests[0]).toEqual({ resource: "api://AzureADTokenExchange", clientId: identityClientId, header: identityHeader });
    expect(graph.tokensIssued).toBeGreaterThan(0);
  });

  it("is refused by Entra with a secret instead of the assertion, in words that name no secret", async () => {
    const tokens = createAppTokenSource({ clientId: graph.clientId, tokenEndpointHost: graph.tokenEndpointHost, clientSecret: graph.clientSecret });
    const failure = await tokens(tenantId).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: "unavailable" });
    expect((failure as Error).message).toMatch(/could not sign in to Microsoft 365/);
    expect((failure as Error).message).not.toMatch(/secret|AADSTS|assertion/i);
  });

  it("reads AAD_APP_CREDENTIAL: the secret stays the default, and a wrong setting is named", () => {
    expect(readEntraAppCredentialFromEnv({ AAD_APP_CLIENT_SECRET: "s" }).credential).toEqual({ clientSecret: "s" });
    expect(readEntraAppCredentialFromEnv({}).credential).toBeUndefined();
    expect(readEntraAppCredentialFromEnv({ AAD_APP_CREDENTIAL: "certificate" }).problems).toEqual([`AAD_APP_CREDENTIAL must be one of secret, managed-identity (it is "certificate").`]);
    expect(readEntraAppCredentialFromEnv({ AAD_APP_CREDENTIAL: "managed-identity" }).problems[0]).toMatch(/^AZURE_CLIENT_ID is not set/);
    expect(readEntraAppCredentialFromEnv({ AAD_APP_CREDENTIAL: "managed-identity", AZURE_CLIENT_ID: identityClientId, AAD_APP_CLIENT_SECRET: "s" }).problems[0]).toMatch(
      /AAD_APP_CLIENT_SECRET must not be set/,
    );
  });

  it("refuses to start the server with the credential set wrongly, naming the setting", () => {
    expect(() => readServerConfig({ AAD_APP_CLIENT_ID: randomUUID(), AAD_APP_CREDENTIAL: "managed-identity" })).toThrow(ConfigurationError);
    expect(() => readServerConfig({ AAD_APP_CLIENT_ID: randomUUID(), AAD_APP_CREDENTIAL: "managed-identity" })).toThrow(/AZURE_CLIENT_ID is not set/);
    const config = readServerConfig({ AAD_APP_CLIENT_ID: randomUUID(), AAD_APP_CREDENTIAL: "managed-identity", AZURE_CLIENT_ID: identityClientId });
    expect(config.graph && "clientAssertion" in config.graph).toBe(true);
  });
});
