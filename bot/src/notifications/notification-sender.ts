/**
 * Drains the notification queues. One instance at a time holds the sender lease,
 * renewed while it sends and checked before each message (a sender that lost it
 * stops before sending); it walks the due markers, sends each conversation's pending
 * rows oldest first, at most `perSecond` per conversation, claims each row before
 * sending it and marks it sent only after the channel accepted it. A 429 parks that
 * conversation until its Retry-After; other failures back off exponentially.
 * Everything lives in Table Storage, so a restart resumes where it stopped: a crash
 * between "accepted" and "marked sent" can repeat that one message once its claim
 * runs out (delivery is at least once). Nothing due: no lease is taken, nothing written.
 */
import type { Lease, LeaseManager } from "@crm/shared/storage";
import type { Recipient } from "@crm/shared/services";
import type { ChatReply } from "../chat/chat-turn.js";
import { renderNotificationFor } from "../cards/notification-card.js";
import type { ConversationReferenceStore, StoredReference } from "../storage/conversation-references.js";
import type { DueMarkerRow, NotificationRows, QueuedNotificationRow, Stored } from "../storage/notification-rows.js";

/** The message a queued row becomes for its recipient; `reference` is where it goes (in a personal chat its user is the one reader). */
export type RenderNotification = (tenantId: string, recipient: Recipient, row: QueuedNotificationRow, reference: StoredReference) => Promise<ChatReply>;

const renderPlain: RenderNotification = async (_tenantId, recipient, row) => renderNotificationFor(recipient, row);

export type DeliveryResult = { ok: true } | { ok: false; error: string; retryAfterMs?: number; permanent?: boolean };
type Deliver = (reference: StoredReference, reply: ChatReply) => Promise<DeliveryResult>;

export interface SenderOptions {
  /** Messages per second and conversation (Teams allows 7). */
  perSecond: number;
  pollIntervalMs: number;
  /** How long a crashed sender holds up the others: the lease's time, renewed while sending. */
  leaseTtlMs: number;
  /** How long a claimed row waits before another sender may try it (the sender crashed between claim and mark). */
  claimMs: number;
  maxAttempts: number;
  /** Rows a conversation sends per round, so one busy chat cannot hold the others up. */
  batchPerConversation: number;
  /** Conversations drained side by side. */
  concurrency: number;
}

const defaultSenderOptions: SenderOptions = {
  perSecond: 7,
  pollIntervalMs: 2_000,
  leaseTtlMs: 10_000,
  claimMs: 20_000,
  maxAttempts: 8,
  batchPerConversation: 50,
  concurrency: 8,
};

const senderLease = "notification-sender";

export class NotificationSender {
  private readonly options: SenderOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private started = false;
  private stopping = false;
  /** When each conversation last sent, for the per-conversation rate. */
  private readonly lastSends = new Map<string, number[]>();

  constructor(
    private readonly rows: NotificationRows,
    private readonly leases: LeaseManager,
    private readonly references: ConversationReferenceStore,
    private readonly deliver: Deliver,
    private readonly log: (message: string, error?: unknown) => void,
    options: Partial<SenderOptions> = {},
    private readonly render: RenderNotification = renderPlain,
  ) {
    this.options = { ...defaultSenderOptions, ...options };
  }

  start(): void {
    this.started = true;
    this.stopping = false;
    this.schedule(0);
  }

  /** Something was enqueued here: look now rather than at the next poll. */
  wake(): void {
    if (this.started && !this.stopping && !this.running) this.schedule(0);
  }

  /** Stops after the message in hand and hands the lease back, so another instance goes on at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.leases.release(senderLease).catch(() => undefined);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
    this.timer.unref();
  }

  private async round(): Promise<void> {
    let next = this.options.pollIntervalMs;
    try {
      const { sent, nextDueInMs } = await this.drainOnce();
      if (sent > 0) next = 0;
      else if (nextDueInMs !== undefined) next = Math.min(next, Math.max(nextDueInMs, 10));
    } catch (error) {
      this.log("notification sender round failed; retrying at the next poll", error);
    }
    if (this.started && !this.stopping) this.schedule(next);
  }

  /** One pass over the due conversations, under the sender lease (nothing sent while another instance holds it). Exposed for tests. */
  async drainOnce(now = () => Date.now()): Promise<{ sent: number; nextDueInMs?: number }> {
    const markers = await this.rows.dueMarkers(500);
    const ready = markers.filter((marker) => !marker.notBefore || marker.notBefore <= now());
    const waits = markers.filter((marker) => !ready.includes(marker)).map((marker) => marker.notBefore! - now());
    const later = waits.length > 0 ? { nextDueInMs: Math.min(...waits) } : {};
    // Nothing ready: no lease is taken, so an idle sender only reads.
    if (ready.length === 0) return { sent: 0, ...later };
    const held = await this.leases.hold(senderLease, this.options.leaseTtlMs, (lease) => this.drainMarkers(ready, lease, now));
    const drained = held?.result ?? { sent: 0 };
    const nextDueInMs = Math.min(drained.nextDueInMs ?? Infinity, later.nextDueInMs ?? Infinity);
    return { sent: drained.sent, ...(Number.isFinite(nextDueInMs) ? { nextDueInMs } : {}) };
  }

  private async drainMarkers(markers: Stored<DueMarkerRow>[], lease: Lease, now: () => number): Promise<{ sent: number; nextDueInMs?: number }> {
    let sent = 0;
    let nextDueInMs: number | undefined;
    const queue = [...markers];
    const worker = async () => {
      for (let marker = queue.shift(); marker; marker = queue.shift()) {
        const result = await this.drainConversation(marker, lease, now);
        // Its next row waits (backoff, Retry-After, a claim): the marker says until when, so idle rounds skip it.
        if (result.waitMs) await this.rows.park(marker, now() + result.waitMs);
        sent += result.sent;
        if (result.waitMs !== undefined) nextDueInMs = Math.min(nextDueInMs ?? Infinity, result.waitMs);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, markers.length) }, worker));
    return { sent, ...(nextDueInMs !== undefined ? { nextDueInMs } : {}) };
  }

  private async drainConversation(marker: Stored<DueMarkerRow>, lease: Lease, now: () => number): Promise<{ sent: number; waitMs?: number }> {
    const recipient = JSON.parse(marker.recipient) as Recipient;
    const conversationKey = marker.rowKey;
    const pending = await this.rows.pending(marker.tenantId, recipient);
    if (pending.length === 0) return this.retire(marker);
    const reference = await this.references.get(marker.tenantId, recipient);
    // A channel takes posts only while announcements are on: what comes meanwhile is not kept for later.
    if (!reference && recipient.kind === "channel") await this.rows.giveUp(pending, "the channel takes no posts: announcements are off");
    // Nobody to talk to yet: rows wait until the user installs or messages the bot, which marks them due again.
    if (!reference) return this.retire(marker);
    let sent = 0;
    for (const row of pending.slice(0, this.options.batchPerConversation)) {
      if (this.stopping || !lease.held()) return { sent };
      if (row.notBefore > now()) return { sent, waitMs: row.notBefore - now() };
      if ((row.claimedUntil ?? 0) > now()) return { sent, waitMs: row.claimedUntil! - now() };
      await this.pace(conversationKey, now);
      const reply = await this.render(marker.tenantId, recipient, row, reference);
      // Claimed on its ETag: a sender that read this row before (another instance, after a takeover) cannot send it too.
      if (!lease.held() || !(await this.rows.claim(row, now() + this.options.claimMs))) return { sent };
      const result = await this.deliver(reference, reply);
      if (result.ok) {
        await this.rows.markSent(row, new Date(now()).toISOString());
        sent += 1;
        continue;
      }
      const attempts = row.attempts + 1;
      const failed = result.permanent || attempts >= this.options.maxAttempts;
      const waitMs = result.retryAfterMs ?? Math.min(1000 * 2 ** (attempts - 1), 5 * 60_000);
      await this.rows.markAttemptFailed(row, attempts, result.error, failed ? { failed: true } : { notBefore: now() + waitMs });
      if (failed) {
        this.log(`notification ${row.rowKey} given up after ${attempts} attempts: ${result.error}`);
        continue;
      }
      // Keep the conversation's order: nothing after this row goes out before it.
      return { sent, waitMs };
    }
    if (sent === pending.length) await this.retire(marker);
    return { sent, waitMs: 0 };
  }

  private async retire(marker: Stored<DueMarkerRow>): Promise<{ sent: number }> {
    await this.rows.retire(marker);
    return { sent: 0 };
  }

  /** Waits until sending one more message keeps this conversation within `perSecond`. */
  private async pace(conversationKey: string, now: () => number): Promise<void> {
    // A little over a second, so clock jitter never lets an eighth message into any one-second window.
    const window = 1050;
    const sends = (this.lastSends.get(conversationKey) ?? []).filter((at) => now() - at < window);
    if (sends.length >= this.options.perSecond) {
      const waitMs = window - (now() - sends[0]!);
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    sends.push(now());
    this.lastSends.set(
      conversationKey,
      sends.filter((at) => now() - at < window),
    );
    if (this.lastSends.size > 10_000) this.lastSends.clear();
  }
}
