/** `@crm/shared/api`: the REST API on Fastify, and the guards and headers the server and the bot put in front of it. */
export { createApi } from "./create-api.js";
export { botDevModeGuard } from "./dev-mode-guard.js";
export { tabContentSecurityPolicy } from "./security-headers.js";
