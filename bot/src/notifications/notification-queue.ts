/**
 * The NotificationPort the bot exposes to domain code and workflows. A
 * notification becomes a row in the `work` table, in one partition per
 * conversation (so each conversation is its own queue), keyed by its dedupe key:
 * enqueueing twice is a no-op. A "due" marker names the conversations with
 * pending rows, so the sender never scans the queues themselves.
 */
import { createHash } from "node:crypto";
import { odata } from "@azure/data-tables";
import type { Notification, NotificationPort, Recipient, TableStore } from "@crm/shared";
import { AppError, isStatus } from "@crm/shared";
import { keyPart, recipientKey } from "../storage/bot-keys.js";

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
  state: NotificationState;
  attempts: number;
  /** Epoch ms before which the row is not sent (429 Retry-After, backoff). */
  notBefore: number;
  enqueuedAt: string;
  sentAt?: string;
  lastError?: string;
}

export interface DueMarkerRow {
  tenantId: string;
  recipient: string;
  notBefore?: number;
}

/**
 * The due markers hold only tenant and conversation keys, no content, in one
 * system partition: the sender's list of what to look at, read in the background.
 */
export const duePartition = "notify-due";
export const queuePartition = (tenantId: string, recipient: Recipient): string => `${tenantId}|notify|${recipientKey(recipient)}`;
export const dueRowKey = (tenantId: string, recipient: Recipient): string => `${keyPart(tenantId)}|${recipientKey(recipient)}`;
/** Dedupe keys are the producer's; hashed when they hold characters a row key may not. */
export const notificationRowKey = (dedupeKey: string): string =>
  /^[A-Za-z0-9._:@|-]{1,200}$/.test(dedupeKey) ? dedupeKey : `h-${createHash("sha256").update(dedupeKey).digest("hex")}`;

const limits = { title: 200, text: 2000, dedupeKey: 512 } as const;

export class NotificationQueue implements NotificationPort {
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly store: TableStore) {}

  /** Called after each enqueue, so a local sender starts at once instead of at its next poll. */
  onEnqueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  async enqueue(notification: Notification): Promise<void> {
    check(notification);
    const { tenantId, recipient } = notification;
    const row: QueuedNotificationRow = {
      kind: "notification",
      tenantId,
      recipient: JSON.stringify(recipient),
      dedupeKey: notification.dedupeKey,
      title: notification.title,
      text: notification.text,
      ...(notification.entity ? { entity: notification.entity } : {}),
      ...(notification.recordId ? { recordId: notification.recordId } : {}),
      ...(notification.taskId ? { taskId: notification.taskId } : {}),
      state: "pending",
      attempts: 0,
      notBefore: 0,
      enqueuedAt: new Date().toISOString(),
    };
    try {
      await this.store.table("work").createEntity({ partitionKey: queuePartition(tenantId, recipient), rowKey: notificationRowKey(notification.dedupeKey), ...row });
    } catch (error) {
      // Already enqueued (a retried producer): fall through and re-mark, in case the first attempt stopped before that.
      if (!isStatus(error, 409)) throw error;
    }
    await this.markDue(tenantId, recipient);
    for (const listener of this.listeners) listener();
  }

  /**
   * Deletes delivered and abandoned rows after `keepMs` (a week by default): long
   * past any producer's retry, so dedupe still holds. Background work under a lease.
   */
  async sweepFinished(keepMs = 7 * 24 * 60 * 60_000, now = Date.now()): Promise<number> {
    const table = this.store.table("work");
    const cutoff = new Date(now - keepMs).toISOString();
    let removed = 0;
    const rows = table.listEntities<QueuedNotificationRow>({ queryOptions: { filter: odata`kind eq ${"notification"} and state ne ${"pending"} and enqueuedAt lt ${cutoff}` } });
    for await (const row of rows) {
      await table.deleteEntity(row.partitionKey!, row.rowKey!).catch(() => undefined);
      removed += 1;
    }
    return removed;
  }

  /** Tells the sender this conversation may have work (also when its reference first appears). */
  async markDue(tenantId: string, recipient: Recipient): Promise<void> {
    const marker: DueMarkerRow = { tenantId, recipient: JSON.stringify(recipient) };
    await this.store.table("work").upsertEntity({ partitionKey: duePartition, rowKey: dueRowKey(tenantId, recipient), ...marker }, "Replace");
  }
}

function check(notification: Notification): void {
  const problems: { field: string; message: string }[] = [];
  if (!notification.tenantId) problems.push({ field: "tenantId", message: "A notification belongs to a tenant." });
  if (!notification.dedupeKey || notification.dedupeKey.length > limits.dedupeKey) problems.push({ field: "dedupeKey", message: `A dedupe key has 1 to ${limits.dedupeKey} characters.` });
  if (!notification.title || notification.title.length > limits.title) problems.push({ field: "title", message: `A title has 1 to ${limits.title} characters.` });
  if (notification.taskId !== undefined && !/^[0-9a-f]{32}$/.test(notification.taskId)) problems.push({ field: "taskId", message: "A task id has 32 hexadecimal characters." });
  if (notification.text.length > limits.text) problems.push({ field: "text", message: `A text has at most ${limits.text} characters.` });
  const recipient = notification.recipient;
  if (recipient.kind === "user" ? !recipient.userId : !recipient.channelId) problems.push({ field: "recipient", message: "Name the user or channel to notify." });
  if (problems.length > 0) throw new AppError("invalid_input", "This notification cannot be sent.", { details: { fields: problems } });
}
