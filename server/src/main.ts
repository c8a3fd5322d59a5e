/** `npm start`: the server on its embedded defaults, stopped cleanly on SIGTERM/SIGINT. */
import { BotNotificationPort, registerBot } from "@crm/bot";
import { readServerConfig } from "./config.js";
import { startServer } from "./start-server.js";

const config = readServerConfig();
// Workflows get the bot's port before the bot is mounted; it delivers once registerBot binds it.
const notifications = new BotNotificationPort();
const server = await startServer({
  config,
  logger: { level: config.logLevel },
  notifications,
  extend: async (app, services) => {
    await registerBot(app, services, { notifications, ...(config.entra?.allowedTenants ? { allowedTenants: config.entra.allowedTenants } : {}) });
  },
});
console.log(`CRM listening on ${server.url} (storage: ${server.services.store.description}${server.devIssuer ? ", dev sign-in enabled" : ""})`);

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
