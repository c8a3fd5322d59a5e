/** Settings the server reads from its environment, with embedded defaults for a newcomer. */
import path from "node:path";
import { readEntraConfigFromEnv, readGraphOnBehalfOfConfigFromEnv } from "@crm/shared";
import type { EntraConfig, GraphOnBehalfOfConfig } from "@crm/shared";

export interface ServerConfig {
  host: string;
  port: number;
  connectionString?: string;
  endpoint?: string;
  dataDir: string;
  inMemoryStorage: boolean;
  tabDir?: string;
  logLevel: string;
  rateLimitPerMinute: number;
  /** Set in production: only Entra ID tokens are accepted and dev sign-in does not exist. */
  entra?: EntraConfig;
  /** Set when the Entra app has a secret: Graph on behalf of the user (Teams import). */
  graph?: GraphOnBehalfOfConfig;
}

export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3978);
  const entra = readEntraConfigFromEnv(env);
  const graph = readGraphOnBehalfOfConfigFromEnv(env);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  return {
    host: env.HOST ?? "127.0.0.1",
    port,
    ...(env.AZURE_TABLES_CONNECTION_STRING ? { connectionString: env.AZURE_TABLES_CONNECTION_STRING } : {}),
    ...(env.AZURE_TABLES_ENDPOINT ? { endpoint: env.AZURE_TABLES_ENDPOINT } : {}),
    dataDir: path.resolve(env.CRM_DATA_DIR ?? ".data"),
    inMemoryStorage: env.CRM_IN_MEMORY_STORAGE === "1",
    tabDir: path.resolve(env.CRM_TAB_DIR ?? path.join(import.meta.dirname, "..", "..", "tabs", "dist")),
    logLevel: env.LOG_LEVEL ?? "info",
    rateLimitPerMinute: Number(env.CRM_RATE_LIMIT_PER_MINUTE ?? 3000),
    ...(entra ? { entra } : {}),
    ...(graph ? { graph } : {}),
  };
}
