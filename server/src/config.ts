/** Settings the server reads from its environment, with embedded defaults for a newcomer. */
import path from "node:path";
import { readEntraConfigFromEnv, readGraphOnBehalfOfConfigFromEnv } from "@crm/shared/auth";
import type { EntraConfig, GraphOnBehalfOfConfig, StepUpPolicy } from "@crm/shared/auth";
import { isProductionEnv, productionSettingProblems } from "./production-settings.js";
import { readStepUpSettings } from "./step-up-settings.js";

export interface ServerConfig {
  host: string;
  port: number;
  /** NODE_ENV=production: every dev path is off (dev sign-in, unauthenticated bot, embedded storage). */
  production: boolean;
  connectionString?: string;
  endpoint?: string;
  dataDir: string;
  inMemoryStorage: boolean;
  tabDir?: string;
  logLevel: string;
  rateLimitPerMinute: number;
  /** Set when an Entra app is configured: only Entra ID tokens are accepted and dev sign-in does not exist. */
  entra?: EntraConfig;
  /** Set when the Entra app has a secret: Graph on behalf of the user (Teams import). */
  graph?: GraphOnBehalfOfConfig;
  /** Set when sensitive actions need a recent multi-factor sign-in: production unless STEP_UP=off, dev mode with STEP_UP=on. */
  stepUp?: StepUpPolicy;
}

/** A configuration the server cannot run with; its message says everything to fix, for the operator. */
export class ConfigurationError extends Error {
  override readonly name = "ConfigurationError";
}

export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3978);
  const production = isProductionEnv(env);
  const entra = readEntraConfigFromEnv(env);
  const stepUp = readStepUpSettings(env, production, entra);
  const problems = [
    ...(!Number.isInteger(port) || port < 0 || port > 65535 ? [`PORT must be a port number (it is "${env.PORT}").`] : []),
    ...(production ? productionSettingProblems(env) : []),
    ...stepUp.problems,
  ];
  if (problems.length > 0) throw new ConfigurationError(describeProblems(problems, production));
  const graph = readGraphOnBehalfOfConfigFromEnv(env);
  return {
    host: env.HOST ?? "127.0.0.1",
    port,
    production,
    ...(env.AZURE_TABLES_CONNECTION_STRING ? { connectionString: env.AZURE_TABLES_CONNECTION_STRING } : {}),
    ...(env.AZURE_TABLES_ENDPOINT ? { endpoint: env.AZURE_TABLES_ENDPOINT } : {}),
    dataDir: path.resolve(env.CRM_DATA_DIR ?? ".data"),
    inMemoryStorage: env.CRM_IN_MEMORY_STORAGE === "1",
    tabDir: path.resolve(env.CRM_TAB_DIR ?? path.join(import.meta.dirname, "..", "..", "tabs", "dist")),
    logLevel: env.LOG_LEVEL ?? "info",
    rateLimitPerMinute: Number(env.CRM_RATE_LIMIT_PER_MINUTE ?? 3000),
    ...(entra ? { entra } : {}),
    ...(graph ? { graph } : {}),
    ...(stepUp.stepUp ? { stepUp: stepUp.stepUp } : {}),
  };
}

function describeProblems(problems: string[], production: boolean): string {
  const heading = production
    ? "The server cannot start in production mode (NODE_ENV=production): its configuration is incomplete. Set these (App Service application settings, see docs/deploy-to-azure.md):"
    : "The server cannot start: its configuration is not valid.";
  return [heading, ...problems.map((problem) => `  - ${problem}`)].join("\n");
}
