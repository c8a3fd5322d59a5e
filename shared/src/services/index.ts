/** `@crm/shared/services`: the services the API, the bot and the server share, wired by `createServices`. */
export type { CrmServices, ServiceOptions } from "./create-services.js";
export { createServices } from "./create-services.js";
export type { Clock } from "./clock.js";
export { systemClock } from "./clock.js";
export type { Notification, NotificationPort, Recipient } from "./notifications.js";
export type { TeamDirectory } from "./team-directory.js";
export { GraphTeamDirectory } from "./team-directory.js";
export type { VisibleRecord } from "./record-service.js";
export { exportLimit } from "./record-service.js";
export type { AccessQuestion } from "./access-service.js";
export { readableDate } from "./access-notices.js";
export type { RaciHolder } from "./raci-service.js";
export type { RosterEvent, RosterOutcome } from "./roster-service.js";
