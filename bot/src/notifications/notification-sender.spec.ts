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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  it("keeps its lease while a slow channel takes longer than the lease: no second sender steps in", async () => {
    await conversations.remember("t8", { kind: "user", userId: "slow" }, { serviceUrl: "x", conversation: { id: "conv-slow" } });
    for (let n = 0; n < 6; n += 1) await queue.enqueue(notification("t8", "slow", `slow-${n}`));
    const slowChannel =
      (name: string, seen: string[]) =>
      async (_reference: unknown, reply: ChatReply): Promise<DeliveryResult> => {
        await sleep(150);
        seen.push(`${name}:${reply.kind === "card" ? reply.summary : reply.text}`);
        return { ok: true };
      };
    const seen: string[] = [];
    await store
      .table("leases")
      .deleteEntity("lease", "notification-sender")
      .catch(() => undefined);
    const options = { leaseTtlMs: 300, pollIntervalMs: 30 };
    const a = senderWith(slowChannel("a", seen), "slow-a", options);
    const b = senderWith(slowChannel("b", seen), "slow-b", options);
    a.start();
    await sleep(50);
    b.start();
    await until(() => seen.length >= 6);
    await Promise.all([a.stop(), b.stop()]);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5].map((n) => `a:Title slow-${n}: Text slow-${n}`));
  });

  it("stops before the next message once another instance took its lease", async () => {
    await conversations.remember("t9", { kind: "user", userId: "fenced" }, { serviceUrl: "x", conversation: { id: "conv-fenced" } });
    for (let n = 0; n < 4; n += 1) await queue.enqueue(notification("t9", "fenced", `fenced-${n}`));
    const channel = recorder();
    const sender = senderWith(
      async (reference, reply) => {
        if (channel.delivered.length === 1) {
          await store.table("leases").updateEntity({ partitionKey: "lease", rowKey: "notification-sender", holder: "usurper", expiresAt: Date.now() + 60_000 }, "Replace");
          await sleep(150);
        }
        return channel.deliver(reference, reply);
      },
      "fenced-a",
      { leaseTtlMs: 300 },
    );
    await sender.drainOnce();
    expect(channel.delivered.map((delivery) => delivery.summary)).toEqual(["Title fenced-0: Text fenced-0", "Title fenced-1: Text fenced-1"]);
    await sender.stop();
    await store.table("leases").updateEntity({ partitionKey: "lease", rowKey: "notification-sender", holder: "", expiresAt: 0 }, "Replace");
    const successor = senderWith(channel.deliver, "fenced-b");
    await successor.drainOnce();
    expect(channel.delivered).toHaveLength(4);
    await successor.stop();
  });

  it("does not send a row that another sender claimed after it was read", async () => {
    await conversations.remember("t10", { kind: "user", userId: "claimed" }, { serviceUrl: "x", conversation: { id: "conv-claimed" } });
    for (let n = 0; n < 2; n += 1) await queue.enqueue(notification("t10", "claimed", `claimed-${n}`));
    const rows = new NotificationRows(store);
    const channel = recorder();
    const sender = senderWith(async (reference, reply) => {
      // Meanwhile another instance (after a takeover) claims the next row to send it itself.
      const [, second] = await rows.pending("t10", { kind: "user", userId: "claimed" });
      if (second && !second.claimedUntil) await rows.claim(second, Date.now() + 60_000);
      return channel.deliver(reference, reply);
    }, "claim-a");
    await sender.drainOnce();
    await sender.stop();
    expect(channel.delivered.map((delivery) => delivery.summary)).toEqual(["Title claimed-0: Text claimed-0"]);
  });

  it("takes no lease and writes nothing while nothing is due, and hands its lease back on stop", async () => {
    const lease = () =>
      store
        .table("leases")
        .getEntity<{ holder: string }>("lease", "notification-sender")
        .then(
          (row) => row.holder,
          () => undefined,
        );
    await store
      .table("leases")
      .deleteEntity("lease", "notification-sender")
      .catch(() => undefined);
    const idle = senderWith(recorder().deliver, "idle-a");
    while ((await idle.drainOnce()).sent > 0);
    await store
      .table("leases")
      .deleteEntity("lease", "notification-sender")
      .catch(() => undefined);
    // What is left waits (backoff): parked markers are read, and no lease is written.
    expect((await idle.drainOnce()).sent).toBe(0);
    expect(await lease()).toBeUndefined();
    await conversations.remember("t11", { kind: "user", userId: "idle" }, { serviceUrl: "x", conversation: { id: "conv-idle" } });
    await queue.enqueue(notification("t11", "idle", "wakes"));
    expect((await idle.drainOnce()).sent).toBe(1);
    expect(await lease()).toBe("idle-a");
    await idle.stop();
    expect(await lease()).toBe("");
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
