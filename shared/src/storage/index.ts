/**
 * `@crm/shared/storage`: opening Table Storage (or the embedded Azurite), leases, and
 * the few row facts the bot's own storage, the bench and the storage tests need.
 */
export type { StorageOptions } from "./table-store.js";
export { TableStore, isStatus, ownerIndexTableName } from "./table-store.js";
export type { EmbeddedAzurite } from "./embedded-azurite.js";
export { startEmbeddedAzurite } from "./embedded-azurite.js";
export { LeaseManager } from "./leases.js";
export type { Lease } from "./leases.js";
export type { DomainEvent } from "./change-writer.js";
export type { UserRecord } from "./config-repository.js";
export { recordPartition, recordRow } from "./record-repository.js";
export { StoredNotificationPort } from "./stored-notifications.js";
export type { RetentionPolicy } from "./retention.js";
export { RetentionSweeper, defaultRetention, minimumIdempotencyKeysHours } from "./retention.js";
