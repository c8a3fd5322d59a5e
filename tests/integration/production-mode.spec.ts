/**
 * NODE_ENV=production is the one switch: every dev path is off (dev sign-in, the dev
 * issuer, unauthenticated bot activities, embedded storage), and a server whose
 * production settings are incomplete refuses to start, naming all that is missing in
 * one message. Without NODE_ENV an Entra app alone already removes dev sign-in.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBot } from "@crm/bot";
import { DevTokenIssuer } from "@crm/shared/auth";
import { startEmbeddedAzurite } from "@crm/shared/storage";
import type { EmbeddedAzurite } from "@crm/shared/storage";
import { ConfigurationError, readServerConfig } from "../../server/src/config.js";
import { startServer } from "../../server/src/start-server.js";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const clientId = "00000000-0000-0000-0000-000000000001";
const tenantId = "11111111-2222-4333-8444-555555555555";
const botId = "22222222-3333-4444-8555-666666666666";
/** What infra/azure.bicep gives the App Service (the Entra host points nowhere: no sign-in is made here). */
const azureSettings = {
  NODE_ENV: "production",
  AAD_APP_CLIENT_ID: clientId,
  AAD_APP_TENANT_ID: tenantId,
  AAD_APP_ID_URI: `api://crm.example/${clientId}`,
  AAD_APP_OAUTH_AUTHORITY_HOST: "http://127.0.0.1:9",
  BOT_ID: botId,
  BOT_TENANT_ID: tenantId,
  BOT_TYPE: "UserAssignedMsi",
  AZURE_TABLES_ENDPOINT: "https://stcrm.table.core.windows.net/",
};

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    readServerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error("readServerConfig accepted the configuration");
}

/** Runs the built server (`node server/dist/main.js`) with exactly this environment. */
function runBuiltServer(env: Record<string, string>): Promise<{ code: number | null; output: string; stop(): Promise<number | null>; url: Promise<string> }> {
  const child = spawn(process.execPath, ["server/dist/main.js"], { env: { PATH: process.env.PATH ?? "", PORT: "0", LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let resolveUrl: (url: string) => void;
  const url = new Promise<string>((resolve) => (resolveUrl = resolve));
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
    if (match) resolveUrl(match[1]!);
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const result = {
    code: null as number | null,
    get output() {
      return output;
    },
    url,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
  return Promise.race([exited.then((code) => ({ ...result, code, output })), url.then(() => result)]);
}

describe("NODE_ENV=production with incomplete settings", () => {
  it("refuses to start and names everything missing in one message", () => {
    const message = refusal({ NODE_ENV: "production" });
    expect(message).toMatch(/^The server cannot start in production mode \(NODE_ENV=production\): its configuration is incomplete\./);
    for (const setting of [
      "AAD_APP_CLIENT_ID is not set",
      "AAD_APP_TENANT_ID is not set",
      "AAD_APP_ID_URI is not set",
      "BOT_ID is not set",
      "BOT_PASSWORD is not set",
      "BOT_TENANT_ID is not set",
      "AZURE_TABLES_ENDPOINT (reached with the managed identity) or AZURE_TABLES_CONNECTION_STRING is not set",
    ]) {
      expect(message).toContain(setting);
    }
    expect(message.split("\n").filter((line) => line.startsWith("  - "))).toHaveLength(7);
  });

  it("names only what is wrong in an otherwise complete configuration", () => {
    const cases: [Record<string, string | undefined>, RegExp][] = [
      [{ AAD_APP_CLIENT_ID: "my-app", AAD_APP_ID_URI: "api://crm.example/my-app" }, /AAD_APP_CLIENT_ID must be the Entra app's client id, a GUID \(it is "my-app"\)/],
      [{ AAD_APP_TENANT_ID: "contoso" }, /AAD_APP_TENANT_ID must be a tenant id, a GUID/],
      [{ AAD_APP_ID_URI: "api://crm.example/someone-else" }, /AAD_APP_ID_URI must be api:\/\/<tab domain>\/<client id>, ending in 00000000-0000-0000-0000-000000000001/],
      [{ BOT_ID: undefined }, /BOT_ID is not set/],
      [{ BOT_TYPE: "Anonymous" }, /BOT_TYPE must be one of SingleTenant, MultiTenant, UserAssignedMsi/],
      [{ BOT_PASSWORD: "secret" }, /BOT_PASSWORD must not be set when BOT_TYPE is UserAssignedMsi/],
      [{ BOT_TENANT_ID: undefined }, /BOT_TENANT_ID is not set: .* needed with BOT_TYPE UserAssignedMsi/],
      [{ BOT_TYPE: "SingleTenant" }, /BOT_PASSWORD is not set: the bot app's client secret, needed with BOT_TYPE SingleTenant/],
      [{ AZURE_TABLES_ENDPOINT: undefined }, /AZURE_TABLES_ENDPOINT .* or AZURE_TABLES_CONNECTION_STRING is not set/],
      [{ AZURE_TABLES_ENDPOINT: "http://stcrm.table.core.windows.net/" }, /AZURE_TABLES_ENDPOINT must be an https address/],
      [{ CRM_IN_MEMORY_STORAGE: "1" }, /CRM_IN_MEMORY_STORAGE=1 keeps data in memory only/],
      [{ STEP_UP_MAX_AGE_MINUTES: "forever" }, /STEP_UP_MAX_AGE_MINUTES must be a whole number of minutes from 1 to 1440/],
    ];
    for (const [change, expected] of cases) {
      const message = refusal({ ...azureSettings, ...change });
      expect(message, JSON.stringify(change)).toMatch(expected);
      expect(
        message.split("\n").filter((line) => line.startsWith("  - ")),
        JSON.stringify(change),
      ).toHaveLength(1);
    }
  });

  it("accepts what infra/azure.bicep and teamsapp.local.yml set, and is dev mode without NODE_ENV", () => {
    expect(readServerConfig(azureSettings).production).toBe(true);
    // Sensitive actions need a recent multi-factor sign-in in production, and not in dev mode unless asked.
    expect(readServerConfig(azureSettings).stepUp).toEqual({ maxAuthAgeMinutes: 15, authorizationUri: "http://127.0.0.1:9/common/oauth2/v2.0/authorize" });
    expect(readServerConfig({}).stepUp).toBeUndefined();
    expect(readServerConfig({ ...azureSettings, NODE_ENV: " Production " }).production).toBe(true);
    const local = {
      ...azureSettings,
      BOT_TYPE: "SingleTenant",
      BOT_PASSWORD: "secret",
      AZURE_TABLES_ENDPOINT: undefined,
      AZURE_TABLES_CONNECTION_STRING: "DefaultEndpointsProtocol=https;AccountName=stcrm;AccountKey=a2V5;EndpointSuffix=core.windows.net",
    };
    expect(readServerConfig(local).production).toBe(true);
    for (const NODE_ENV of [undefined, "development", "test", "prod"]) expect(readServerConfig({ NODE_ENV }).production, String(NODE_ENV)).toBe(false);
  });

  it("the built server process exits with status 1 and the message, not a stack trace", async () => {
    const run = await runBuiltServer({ NODE_ENV: "production", AAD_APP_CLIENT_ID: clientId });
    expect(run.code).toBe(1);
    expect(run.output).toContain("The server cannot start in production mode (NODE_ENV=production): its configuration is incomplete.");
    for (const setting of ["AAD_APP_TENANT_ID", "AAD_APP_ID_URI", "BOT_ID", "BOT_PASSWORD", "BOT_TENANT_ID", "AZURE_TABLES_ENDPOINT"]) expect(run.output).toContain(`  - ${setting}`);
    expect(run.output).not.toContain("  - AAD_APP_CLIENT_ID");
    expect(run.output).not.toMatch(/\n\s+at |ConfigurationError|node:internal/);
  });

  it("startServer and registerBot refuse dev paths in production on their own too", async () => {
    const complete = { ...readServerConfig({}), port: 0, inMemoryStorage: true, production: true };
    await expect(startServer({ config: complete })).rejects.toThrow(/needs an Entra app \(AAD_APP_CLIENT_ID\): production has no dev sign-in, and a storage account/);
    const entra = readServerConfig(azureSettings).entra!;
    await expect(startServer({ config: { ...complete, entra } })).rejects.toThrow(/production has no embedded storage/);
  });
});

describe("NODE_ENV=production, complete", () => {
  let azurite: EmbeddedAzurite;
  beforeAll(async () => {
    azurite = await startEmbeddedAzurite();
  });
  afterAll(async () => {
    await azurite?.close();
  });

  it("the built server runs with no dev sign-in, no unauthenticated bot, and its own storage account", async () => {
    const run = await runBuiltServer({ ...azureSettings, AZURE_TABLES_ENDPOINT: "", AZURE_TABLES_CONNECTION_STRING: azurite.connectionString });
    expect(run.code, run.output).toBeNull();
    try {
      const url = await run.url;
      expect(run.output).toMatch(/production mode, storage: connection string\)/);
      expect(run.output).not.toMatch(/dev sign-in/);
      const token = await fetch(`${url}/api/dev/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ tenantId: "t", userId: "u", displayName: "U" }) });
      expect(token.status).toBe(404);
      const activity = {
        type: "message",
        id: "a1",
        channelId: "msteams",
        serviceUrl: "http://127.0.0.1:9/",
        from: { id: "29:u", aadObjectId: "u" },
        conversation: { id: "c", tenantId },
        recipient: { id: "28:b" },
        text: "help",
      };
      const bot = await fetch(`${url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
      expect(bot.status).toBe(401);
      // App Service's front end relays every request (X-Forwarded-For); production serves it.
      expect((await fetch(`${url}/api/health`, { headers: { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https" } })).status).toBe(200);
    } finally {
      expect(await run.stop()).toBe(0);
    }
  });

  it("a bot without BOT_ID does not start in production", async () => {
    const config = { ...readServerConfig({ ...azureSettings, AZURE_TABLES_ENDPOINT: "", AZURE_TABLES_CONNECTION_STRING: azurite.connectionString }), port: 0 };
    await expect(startServer({ config, extend: async (app, services) => void (await registerBot(app, services, { auth: {}, production: true, startSender: false })) })).rejects.toThrow(
      "In production the bot needs its Bot Framework registration: set BOT_ID.",
    );
  });
});

describe("an Entra app configured, without NODE_ENV", () => {
  let server: TestServer;
  beforeAll(async () => {
    const entra = readServerConfig({ AAD_APP_CLIENT_ID: clientId, AAD_APP_OAUTH_AUTHORITY_HOST: "http://127.0.0.1:9" }).entra;
    expect(entra).toBeDefined();
    server = await startTestServer({ config: { ...readServerConfig({}), port: 0, inMemoryStorage: true, entra: entra! } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("has no dev sign-in endpoint", async () => {
    const response = await server.call("POST", "/api/dev/token", { body: { tenantId: "t", userId: "u", displayName: "U" } });
    expect(response.status).toBe(404);
    expect(server.devIssuer).toBeUndefined();
  });

  it("refuses a token from a dev issuer", async () => {
    const foreign = await (await DevTokenIssuer.create()).issue({ tenantId: "t", userId: "u", displayName: "U" });
    const response = await server.call("GET", "/api/me", { headers: { authorization: `Bearer ${foreign}` } });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("unauthenticated");
    expect(response.text).not.toMatch(/jwks|JWS|jose|ECONNREFUSED/i);
  });
});
