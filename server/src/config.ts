/** Settings the server reads from its environment, with embedded defaults for a newcomer. */
import path from "node:path";
import { readEntraAppCredentialFromEnv, readEntraConfigFromEnv, readGraphOnBehalfOfConfigFromEnv } from "@crm/shared/auth";
import type { EntraConfig, GraphOnBehalfOfConfig, StepUpPolicy } from "@crm/shared/auth";
import { defaultRetention, minimumIdempotencyKeysHours } from "@crm/shared/storage";
import type { RetentionPolicy } from "@crm/shared/storage";
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
  /** How long background records are kept, and how often they are swept (see shared/src/storage/retention.ts). */
  retention: RetentionPolicy & { sweepMinutes: number };
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
  const retention = readRetention(env);
  const problems = [
    ...(!Number.isInteger(port) || port < 0 || port > 65535 ? [`PORT must be a port number (it is "${env.PORT}").`] : []),
    ...retention.problems,
    ...(production ? productionSettingProblems(env) : []),
    ...stepUp.problems,
    ...readEntraAppCredentialFromEnv(env).problems,
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
    retention: retention.value,
    ...(entra ? { entra } : {}),
    ...(graph ? { graph } : {}),
    ...(stepUp.stepUp ? { stepUp: stepUp.stepUp } : {}),
  };
}

/** Retention settings: whole numbers, each at least its minimum. */
function readRetention(env: NodeJS.ProcessEnv): { value: RetentionPolicy & { sweepMinutes: number }; problems: string[] } {
  const problems: string[] = [];
  const read = (name: string, fallback: number, minimum: number, unit: string): number => {
    const text = env[name];
    if (text === undefined || text === "") return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < minimum) {
      problems.push(`${name} must be a whole number of ${unit}, at least ${minimum} (it is "${text}").`);
      return fallback;
    }
    return value;
  };
  const value = {
    runsDays: read("CRM_RETENTION_RUNS_DAYS", defaultRetention.runsDays, 1, "days"),
    picksDays: read("CRM_RETENTION_PICKS_DAYS", defaultRetention.picksDays, 1, "days"),
    idempotencyKeysHours: read("CRM_RETENTION_IDEMPOTENCY_HOURS", defaultRetention.idempotencyKeysHours, minimumIdempotencyKeysHours, "hours"),
    sweepMinutes: read("CRM_RETENTION_SWEEP_MINUTES", 60, 1, "minutes"),
  };
  return { value, problems };
}

function describeProblems(problems: string[], production: boolean): string {
  const heading = production
    ? "The server cannot start in production mode (NODE_ENV=production): its configuration is incomplete. Set these (App Service application settings, see docs/deploy-to-azure.md):"
    : "The server cannot start: its configuration is not valid.";
  return [heading, ...problems.map((problem) => `  - ${problem}`)].join("\n");
}
