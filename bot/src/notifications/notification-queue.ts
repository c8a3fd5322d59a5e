/**
 * The NotificationPort the bot exposes to domain code and workflows: checks a
 * notification, stores it (idempotent by its dedupe key, see
 * storage/notification-rows.ts) and wakes the sender.
 */
import type { Notification, NotificationPort, Recipient } from "@crm/shared/services";
import { AppError } from "@crm/shared/errors";
import { isId } from "@crm/shared/domain";
import type { NotificationRows, QueuedNotificationRow } from "../storage/notification-rows.js";

const limits = { title: 200, text: 2000, dedupeKey: 512 } as const;

export class NotificationQueue implements NotificationPort {
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly rows: NotificationRows) {}

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
      ...(notification.accessRequestId ? { accessRequestId: notification.accessRequestId } : {}),
      ...(notification.findingKey ? { findingKey: notification.findingKey } : {}),
      state: "pending",
      attempts: 0,
      notBefore: 0,
      enqueuedAt: new Date().toISOString(),
    };
    await this.rows.add(tenantId, recipient, row);
    // Also after a retried producer's second add: the first attempt may have stopped before marking.
    await this.markDue(tenantId, recipient);
    for (const listener of this.listeners) listener();
  }

  /**
   * Deletes delivered and abandoned rows after `keepMs` (a week by default): long
   * past any producer's retry, so dedupe still holds. Background work under a lease.
   */
  async sweepFinished(keepMs = 7 * 24 * 60 * 60_000, now = Date.now()): Promise<number> {
    return this.rows.sweepFinished(new Date(now - keepMs).toISOString());
  }

  /** Tells the sender this conversation may have work (also when its reference first appears). */
  markDue(tenantId: string, recipient: Recipient): Promise<void> {
    return this.rows.markDue(tenantId, recipient);
  }
}

function check(notification: Notification): void {
  const problems: { field: string; message: string }[] = [];
  if (!notification.tenantId) problems.push({ field: "tenantId", message: "A notification belongs to a tenant." });
  if (!notification.dedupeKey || notification.dedupeKey.length > limits.dedupeKey) problems.push({ field: "dedupeKey", message: `A dedupe key has 1 to ${limits.dedupeKey} characters.` });
  if (!notification.title || notification.title.length > limits.title) problems.push({ field: "title", message: `A title has 1 to ${limits.title} characters.` });
  if (notification.taskId !== undefined && !/^[0-9a-f]{32}$/.test(notification.taskId)) problems.push({ field: "taskId", message: "A task id has 32 hexadecimal characters." });
  if (notification.accessRequestId !== undefined && !isId(notification.accessRequestId)) problems.push({ field: "accessRequestId", message: "An access request id is an id of 19 characters." });
  if (notification.findingKey !== undefined && !/^[A-Za-z0-9:._-]{1,200}$/.test(notification.findingKey))
    problems.push({ field: "findingKey", message: "A finding key is a rule name, optionally with a field." });
  if (notification.text.length > limits.text) problems.push({ field: "text", message: `A text has at most ${limits.text} characters.` });
  const recipient = notification.recipient;
  if (recipient.kind === "user" ? !recipient.userId : !recipient.channelId) problems.push({ field: "recipient", message: "Name the user or channel to notify." });
  if (problems.length > 0) throw new AppError("invalid_input", "This notification cannot be sent.", { details: { fields: problems } });
}
