/**
 * Where notifications wait for delivery, in the `work` table: one partition per
 * conversation (each conversation is its own queue), each row keyed by its
 * dedupe key, so storing one twice is a no-op. A "due" marker names each
 * conversation with pending rows, so the sender never scans the queues; the
 * markers hold only tenant and conversation keys, no content, in one system
 * partition read in the background.
 */
import { createHash } from "node:crypto";
import { odata } from "@azure/data-tables";
import type { Recipient } from "@crm/shared/services";
import type { TableStore } from "@crm/shared/storage";
import { isStatus } from "@crm/shared/storage";
import { keyPart, recipientKey } from "./bot-keys.js";

export type NotificationState = "pending" | "sent" | "failed";

export interface QueuedNotificationRow {
  kind: "notification";
  tenantId: string;
  recipient: string;
  dedupeKey: string;
  title: string;
  text: string;
  entity?: string;
  recordId?: string;
  /** A workflow task or reminder: the card offers "Done". */
  taskId?: string;
  /** An access request: the recipient gets its approval card, rendered for them at delivery. */
  accessRequestId?: string;
  /** A data-quality finding on `entity`/`recordId`: its card, rendered for the recipient at delivery. */
  findingKey?: string;
  state: NotificationState;
  attempts: number;
  /** Epoch ms before which the row is not sent (429 Retry-After, backoff). */
  notBefore: number;
  /** Epoch ms until which a sender has claimed the row to send it: no other sender tries it meanwhile. */
  claimedUntil?: number;
  enqueuedAt: string;
  sentAt?: string;
  lastError?: string;
}

export interface DueMarkerRow {
  tenantId: string;
  recipient: string;
  notBefore?: number;
}

/** A row as read back: with its keys and ETag. */
export type Stored<T> = T & { partitionKey: string; rowKey: string; etag: string };

const duePartition = "notify-due";
const queuePartition = (tenantId: string, recipient: Recipient): string => `${tenantId}|notify|${recipientKey(recipient)}`;
const dueRowKey = (tenantId: string, recipient: Recipient): string => `${keyPart(tenantId)}|${recipientKey(recipient)}`;
/** Dedupe keys are the producer's; hashed when they hold characters a row key may not. */
const notificationRowKey = (dedupeKey: string): string => (/^[A-Za-z0-9._:@|-]{1,200}$/.test(dedupeKey) ? dedupeKey : `h-${createHash("sha256").update(dedupeKey).digest("hex")}`);

export class NotificationRows {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("work");
  }

  /** Stores the row unless its dedupe key is already there (a retried producer). */
  async add(tenantId: string, recipient: Recipient, row: QueuedNotificationRow): Promise<void> {
    try {
      await this.table.createEntity({ partitionKey: queuePartition(tenantId, recipient), rowKey: notificationRowKey(row.dedupeKey), ...row });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
  }

  /** Tells the sender this conversation may have work (also when its reference first appears). */
  async markDue(tenantId: string, recipient: Recipient): Promise<void> {
    const marker: DueMarkerRow = { tenantId, recipient: JSON.stringify(recipient) };
    await this.table.upsertEntity({ partitionKey: duePartition, rowKey: dueRowKey(tenantId, recipient), ...marker }, "Replace");
  }

  /** The conversation waits until `until` (its next row is backing off or claimed); an enqueue since it was read wins (412). */
  async park(marker: Stored<DueMarkerRow>, until: number): Promise<void> {
    await this.table.updateEntity({ partitionKey: marker.partitionKey, rowKey: marker.rowKey, notBefore: until }, "Merge", { etag: marker.etag }).catch((error: unknown) => {
      if (!isStatus(error, 412) && !isStatus(error, 404)) throw error;
    });
  }

  async dueMarkers(limit: number): Promise<Stored<DueMarkerRow>[]> {
    const markers: Stored<DueMarkerRow>[] = [];
    for await (const marker of this.table.listEntities<DueMarkerRow>({ queryOptions: { filter: odata`PartitionKey eq ${duePartition}` } })) {
      markers.push(marker as Stored<DueMarkerRow>);
      if (markers.length >= limit) break;
    }
    return markers;
  }

  /** The conversation's pending rows, oldest first. */
  async pending(tenantId: string, recipient: Recipient): Promise<Stored<QueuedNotificationRow>[]> {
    const rows: Stored<QueuedNotificationRow>[] = [];
    const query = this.table.listEntities<QueuedNotificationRow>({ queryOptions: { filter: odata`PartitionKey eq ${queuePartition(tenantId, recipient)} and state eq ${"pending"}` } });
    for await (const row of query) rows.push(row as Stored<QueuedNotificationRow>);
    return rows.sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt) || a.rowKey.localeCompare(b.rowKey));
  }

  /** Claims the row for sending until `until`; false when anyone wrote it since it was read (its ETag changed). */
  async claim(row: Stored<QueuedNotificationRow>, until: number): Promise<boolean> {
    try {
      await this.table.updateEntity({ partitionKey: row.partitionKey, rowKey: row.rowKey, claimedUntil: until }, "Merge", { etag: row.etag });
      return true;
    } catch (error) {
      if (isStatus(error, 412) || isStatus(error, 404)) return false;
      throw error;
    }
  }

  async markSent(row: Stored<QueuedNotificationRow>, sentAt: string): Promise<void> {
    await this.table.updateEntity({ partitionKey: row.partitionKey, rowKey: row.rowKey, state: "sent", sentAt, attempts: row.attempts + 1 }, "Merge");
  }

  /** A failed attempt: tried again after `notBefore`, or given up (`failed`). */
  async markAttemptFailed(row: Stored<QueuedNotificationRow>, attempts: number, error: string, next: { failed: true } | { notBefore: number }): Promise<void> {
    const outcome = "failed" in next ? { state: "failed" } : { notBefore: next.notBefore };
    // The claim ends with the attempt: the retry waits for `notBefore` only.
    await this.table.updateEntity({ partitionKey: row.partitionKey, rowKey: row.rowKey, attempts, lastError: error.slice(0, 500), claimedUntil: 0, ...outcome }, "Merge");
  }

  /** Rows that will never be delivered: kept as `failed` with the reason, not tried again. */
  async giveUp(rows: readonly Stored<QueuedNotificationRow>[], reason: string): Promise<void> {
    for (const row of rows) await this.table.updateEntity({ partitionKey: row.partitionKey, rowKey: row.rowKey, state: "failed", lastError: reason }, "Merge");
  }

  /** Removes the marker unless an enqueue touched it since it was read (its ETag changed). */
  async retire(marker: Stored<DueMarkerRow>): Promise<void> {
    await this.table.deleteEntity(marker.partitionKey, marker.rowKey, { etag: marker.etag }).catch((error: unknown) => {
      if (!isStatus(error, 412) && !isStatus(error, 404)) throw error;
    });
  }

  /** Deletes delivered and abandoned rows enqueued before `cutoff`; answers how many. */
  async sweepFinished(cutoff: string): Promise<number> {
    let removed = 0;
    const rows = this.table.listEntities<QueuedNotificationRow>({ queryOptions: { filter: odata`kind eq ${"notification"} and state ne ${"pending"} and enqueuedAt lt ${cutoff}` } });
    for await (const row of rows) {
      await this.table.deleteEntity(row.partitionKey!, row.rowKey!).catch(() => undefined);
      removed += 1;
    }
    return removed;
  }
}
