/**
 * Starts the real server (Fastify + embedded in-memory Azurite) on 127.0.0.1:0
 * for one test file, with helpers to sign in and call the API as a client would.
 * Every answer is checked against its response schema (`response-contract.ts`).
 */
import { readServerConfig } from "../../server/src/config.js";
import { startServer } from "../../server/src/start-server.js";
import type { ServerConfig } from "../../server/src/config.js";
import type { RunningServer, StartOptions } from "../../server/src/start-server.js";
import { guardResponseContract } from "./response-contract.js";

export interface TestServer extends RunningServer {
  /** A bearer token for this user (dev issuer), signing them in on first use. */
  tokenFor: (tenantId: string, userId: string, displayName?: string) => Promise<string>;
  /** Calls the API; `as` picks the caller. Body objects are sent as JSON. */
  call: (method: string, path: string, options?: CallOptions) => Promise<ApiResponse>;
}

export interface CallOptions {
  as?: { tenantId: string; userId: string; displayName?: string } | string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** What a test may set: any start option, and only the settings that differ from the dev defaults. */
export type TestServerOptions = Partial<Omit<StartOptions, "config">> & { config?: Partial<ServerConfig> };

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const config = { ...readServerConfig({}), port: 0, inMemoryStorage: true, tabDir: undefined as string | undefined, ...options.config };
  if (!options.config?.tabDir) delete config.tabDir;
  const server = await startServer({
    ...options,
    config,
    extend: async (app, services) => {
      guardResponseContract(app);
      await options.extend?.(app, services);
    },
  });
  const tokens = new Map<string, string>();

  const tokenFor = async (tenantId: string, userId: string, displayName = userId): Promise<string> => {
    const key = `${tenantId}\n${userId}`;
    const cached = tokens.get(key);
    if (cached) return cached;
    const response = await fetch(`${server.url}/api/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenantId, userId, displayName }),
    });
    if (response.status !== 200) throw new Error(`dev token: ${response.status} ${await response.text()}`);
    const { token } = (await response.json()) as { token: string };
    tokens.set(key, token);
    return token;
  };

  const call = async (method: string, path: string, callOptions: CallOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...callOptions.headers };
    if (callOptions.as) {
      const who = typeof callOptions.as === "string" ? { tenantId: "tenant-a", userId: callOptions.as } : callOptions.as;
      headers.authorization = `Bearer ${await tokenFor(who.tenantId, who.userId, who.displayName)}`;
    }
    let body: string | undefined = callOptions.rawBody;
    if (callOptions.body !== undefined) {
      body = JSON.stringify(callOptions.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  };

  return { ...server, tokenFor, call };
}
