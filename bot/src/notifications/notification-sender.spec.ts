/**
 * The queue and its sender over a real (embedded) Table Storage; only the
 * delivery to the channel, the network edge, is replaced by a recorder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification } from "@crm/shared/services";
import { LeaseManager, TableStore } from "@crm/shared/storage";
import type { ChatReply } from "../chat/chat-turn.js";
import { ConversationReferenceStore } from "../storage/conversation-references.js";
import type { DeliveryResult } from "./notification-sender.js";
import { NotificationSender } from "./notification-sender.js";
import { NotificationQueue } from "./notification-queue.js";
import { NotificationRows } from "../storage/notification-rows.js";

let store: TableStore;
let queue: NotificationQueue;
let conversations: ConversationReferenceStore;

interface Delivery {
  conversationId: string;
  summary: string;
  at: number;
}

function recorder(answers: (delivery: Delivery, index: number) => DeliveryResult = () => ({ ok: true })) {
  const attempts: Delivery[] = [];
  const delivered: Delivery[] = [];
  const deliver = async (reference: { conversation?: { id?: string } }, reply: ChatReply): Promise<DeliveryResult> => {
    const delivery = { conversationId: String(reference.conversation?.id), summary: reply.kind === "card" ? reply.summary : reply.text, at: Date.now() };
    const result = answers(delivery, attempts.length);
    attempts.push(delivery);
    if (result.ok) delivered.push(delivery);
    return result;
  };
  return { attempts, delivered, deliver };
}

const senderWith = (deliver: ReturnType<typeof recorder>["deliver"], holder = "instance-a", options = {}) =>
  new NotificationSender(new NotificationRows(store), new LeaseManager(store, holder), conversations, deliver, () => undefined, { pollIntervalMs: 50, ...options });

const notification = (tenantId: string, userId: string, key: string, extra: Partial<Notification> = {}): Notification => ({
  tenantId,
  recipient: { kind: "user", userId },
  dedupeKey: key,
  title: `Title ${key}`,
  text: `Text ${key}`,
  ...extra,
});

async function countRows(state: string): Promise<number> {
  let count = 0;
  for await (const _row of store.table("work").listEntities({ queryOptions: { filter: `kind eq 'notification' and state eq '${state}'` } })) count += 1;
  return count;
}

async function until(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
  queue = new NotificationQueue(new NotificationRows(store));
  conversations = new ConversationReferenceStore(store);
});
afterAll(() => store.close());

describe("notification queue and sender", () => {
  it("enqueues idempotently: the same dedupe key is delivered once", async () => {
    await conversations.remember("t1", { kind: "user", userId: "u1" }, { serviceUrl: "x", conversation: { id: "conv-u1" } });
    await queue.enqueue(notification("t1", "u1", "change-1:assigned:u1"));
    await queue.enqueue(notification("t1", "u1", "change-1:assigned:u1"));
    await queue.enqueue(notification("t1", "u1", "key with spaces / and # that must be hashed"));
    await queue.enqueue(notification("t1", "u1", "key with spaces / and # that must be hashed"));
    const channel = recorder();
    const sender = senderWith(channel.deliver);
    expect((await sender.drainOnce()).sent).toBe(2);
    expect((await sender.drainOnce()).sent).toBe(0);
    await queue.enqueue(notification("t1", "u1", "change-1:assigned:u1"));
    expect((await sender.drainOnce()).sent).toBe(0);
    expect(channel.delivered.map((delivery) => delivery.summary)).toEqual([
      "Title change-1:assigned:u1: Text change-1:assigned:u1",
      "Title key with spaces / and # that must be hashed: Text key with spaces / and # that must be hashed",
    ]);
  });

  it("sends at most 7 messages per second to one conversation, in order", async () => {
    await conversations.remember("t2", { kind: "user", userId: "busy" }, { serviceUrl: "x", conversation: { id: "conv-busy" } });
    for (let index = 0; index < 20; index += 1) await queue.enqueue(notification("t2", "busy", `burst-${String(index).padStart(2, "0")}`));
    const channel = recorder();
    const sender = senderWith(channel.deliver);
    const started = Date.now();
    sender.start();
    await until(() => channel.delivered.length === 20);
    await sender.stop();
    const elapsed = Date.now() - started;
    expect(channel.delivered.map((delivery) => delivery.summary.slice(6, 14))).toEqual(Array.from({ length: 20 }, (_, index) => `burst-${String(index).padStart(2, "0")}`));
    for (const delivery of channel.delivered) {
      const inWindow = channel.delivered.filter((other) => other.at >= delivery.at && other.at < delivery.at + 1000);
      expect(inWindow.length).toBeLessThanOrEqual(7);
    }
    // 20 messages at 7/s need at least two full seconds.
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    console.log(`20 notifications to one conversation took ${elapsed} ms, never more than 7 in any second`);
  });

  it("waits out a 429's Retry-After, keeps order, and delivers each message once", async () => {
    await conversations.remember("t3", { kind: "user", userId: "throttled" }, { serviceUrl: "x", conversation: { id: "conv-throttled" } });
    await queue.enqueue(notification("t3", "throttled", "a"));
    await queue.enqueue(notification("t3", "throttled", "b"));
    const channel = recorder((_, index) => (index === 0 ? { ok: false, error: "429", retryAfterMs: 1200 } : { ok: true }));
    const sender = senderWith(channel.deliver);
    sender.start();
    await until(() => channel.delivered.length === 2);
    await sender.stop();
    expect(channel.attempts.map((attempt) => attempt.summary[6])).toEqual(["a", "a", "b"]);
    expect(channel.attempts[1]!.at - channel.attempts[0]!.at).toBeGreaterThanOrEqual(1150);
  });

  it("loses nothing across a restart: a new sender finishes what a stopped one left", async () => {
    await conversations.remember("t4", { kind: "user", userId: "u4" }, { serviceUrl: "x", conversation: { id: "conv-u4" } });
    const failing = recorder(() => ({ ok: false, error: "503 service unavailable" }));
    const first = senderWith(failing.deliver, "instance-a");
    await queue.enqueue(notification("t4", "u4", "survives"));
    await first.drainOnce();
    await first.stop();
    expect(failing.delivered).toHaveLength(0);
    // A fresh process: new objects, nothing in memory, same storage. The dead holder's lease runs out first.
    await new LeaseManager(store, "instance-a").tryAcquire("notification-sender", 1);
    const channel = recorder();
    const second = senderWith(channel.deliver, "instance-new");
    second.start();
    await until(() => channel.delivered.length === 1);
    await second.stop();
    expect(channel.delivered[0]!.summary).toBe("Title survives: Text survives");
  });

  it("holds notifications for a user the bot cannot reach yet, and sends them once a reference appears", async () => {
    await queue.enqueue(notification("t5", "newcomer", "welcome-work"));
    const channel = recorder();
    const sender = senderWith(channel.deliver);
    await sender.drainOnce();
    expect(channel.delivered).toHaveLength(0);
    if (await conversations.remember("t5", { kind: "user", userId: "newcomer" }, { serviceUrl: "x", conversation: { id: "conv-newcomer" } })) {
      await queue.markDue("t5", { kind: "user", userId: "newcomer" });
    }
    await sender.drainOnce();
    expect(channel.delivered.map((delivery) => delivery.conversationId)).toEqual(["conv-newcomer"]);
  });

  it("gives up on a conversation that is gone, without blocking the next message", async () => {
    await conversations.remember("t6", { kind: "user", userId: "gone" }, { serviceUrl: "x", conversation: { id: "conv-gone" } });
    await queue.enqueue(notification("t6", "gone", "first"));
    await queue.enqueue(notification("t6", "gone", "second"));
    const channel = recorder((delivery) => (delivery.summary.includes("first") ? { ok: false, error: "403 bot removed", permanent: true } : { ok: true }));
    const sender = senderWith(channel.deliver);
    await sender.drainOnce();
    expect(channel.delivered.map((delivery) => delivery.summary)).toEqual(["Title second: Text second"]);
    const row = await store.table("work").getEntity<{ state: string; lastError: string }>("t6|notify|u-gone", "first");
    expect(row).toMatchObject({ state: "failed", lastError: "403 bot removed" });
  });

  it("sweeps finished rows after a week, never pending ones", async () => {
    const weekAndADay = 8 * 24 * 60 * 60_000;
    const pendingBefore = await countRows("pending");
    const finishedBefore = (await countRows("sent")) + (await countRows("failed"));
    expect(finishedBefore).toBeGreaterThan(0);
    expect(await queue.sweepFinished(weekAndADay)).toBe(0);
    expect(await queue.sweepFinished(7 * 24 * 60 * 60_000, Date.now() + weekAndADay)).toBe(finishedBefore);
    expect(await countRows("pending")).toBe(pendingBefore);
  });

  it("refuses a malformed notification", async () => {
    await expect(queue.enqueue(notification("t7", "u", ""))).rejects.toThrow("This notification cannot be sent.");
    await expect(queue.enqueue(notification("t7", "", "k"))).rejects.toThrow("This notification cannot be sent.");
    await expect(queue.enqueue(notification("t7", "u", "k", { title: "x".repeat(201) }))).rejects.toThrow("This notification cannot be sent.");
  });
});
