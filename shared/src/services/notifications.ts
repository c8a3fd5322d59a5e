/**
 * What the product tells people in Teams. Domain code and workflows enqueue a
 * notification; the bot delivers it (proactively, rate-limited, retried). The
 * dedupe key makes enqueueing idempotent, so at-least-once producers never
 * notify twice.
 */
import type { EntityType } from "../policy/model.js";

export type Recipient = { kind: "user"; userId: string } | { kind: "channel"; channelId: string };

export interface Notification {
  tenantId: string;
  recipient: Recipient;
  /** Same key, same notification: a retried producer does not notify twice. */
  dedupeKey: string;
  title: string;
  /** For a channel recipient (read by many) no record values: the bot shows each reader the record (`entity`, `recordId`) as their roles allow. */
  text: string;
  entity?: EntityType;
  recordId?: string;
  /** A workflow task or reminder the recipient may mark done from the message (their own, as PATCH /api/tasks/:id). */
  taskId?: string;
  /** An access request the recipient may decide, or hears about (the bot shows its approval card). */
  accessRequestId?: string;
  /** A data-quality finding on `entity`/`recordId` (its key, `duplicateEmail`): the bot shows its card with Open / Dismiss / Fix. */
  findingKey?: string;
  /** An access review the recipient takes part in. */
  reviewId?: string;
}

export interface NotificationPort {
  enqueue(notification: Notification): Promise<void>;
}
