/** `npm start`: the server on its embedded defaults, stopped cleanly on SIGTERM/SIGINT. */
import { BotNotificationPort, registerBot } from "@crm/bot";
import { ConfigurationError, readServerConfig } from "./config.js";
import type { ServerConfig } from "./config.js";
import { startServer } from "./start-server.js";

/** A configuration problem ends the process with its message, not a stack trace. */
function exitOnConfigurationError(error: unknown): never {
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(error.message);
  process.exit(1);
}

let config: ServerConfig;
try {
  config = readServerConfig();
} catch (error) {
  exitOnConfigurationError(error);
}
// Workflows get the bot's port before the bot is mounted; it delivers once registerBot binds it.
const notifications = new BotNotificationPort();
const server = await startServer({
  config,
  logger: { level: config.logLevel },
  notifications,
  extend: async (app, services) => {
    await registerBot(app, services, { notifications, production: config.production, ...(config.entra?.allowedTenants ? { allowedTenants: config.entra.allowedTenants } : {}) });
  },
}).catch(exitOnConfigurationError);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing, storage is flushed before exit`);
  await server.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
if (config.stepUp && config.entra && !config.stepUp.authContextId) {
  // v2.0 access tokens carry no amr: without an authentication context no token can pass a step-up.
  console.warn(
    "Step-up sign-in is on without STEP_UP_AUTH_CONTEXT: Entra ID v2.0 tokens carry no amr claim, so role grants, roles, team import and the audit log will answer 401 step_up_required. Set STEP_UP_AUTH_CONTEXT (see docs/deploy-to-azure.md) or STEP_UP=off.",
  );
}
// Last, so that whoever waits for this line can already stop the server with a signal.
console.log(
  `CRM listening on ${server.url} (${config.production ? "production" : "dev"} mode, storage: ${server.services.store.description}${server.devIssuer ? ", dev sign-in enabled for this computer only" : ""})`,
);
