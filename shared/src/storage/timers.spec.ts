/** Keyed timers: one job per key, moved when the timer moves, firing once per due time. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JobQueue, queueLayout } from "./job-queue.js";
import { TableStore } from "./table-store.js";
import { Timers } from "./timers.js";

type Payload = { dueAt: number };
let store: TableStore;
let queue: JobQueue<Payload>;
let timers: Timers<Payload, { note: string }>;
const meta = { enqueuedAt: "2026-03-02T09:00:00.000Z" };
const fire = (dueAt: number) => ({ key: `fire|${dueAt}`, job: { dueAt }, meta });
const queued = async (tenantId: string) => (await queue.due(tenantId, Number.MAX_SAFE_INTEGER, 100)).map((job) => job.job.dueAt);

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
  queue = new JobQueue<Payload>(store, queueLayout("timers-spec"));
  timers = new Timers(store, queue, "timer|timers-spec", ["note"]);
});
afterAll(async () => {
  await store?.close();
});

describe("Timers", () => {
  it("keeps one job per timer: setting it to another time moves the job", async () => {
    await timers.set("t1", "k", 1_000, fire(1_000), {}, await timers.get("t1", "k"));
    expect(await queued("t1")).toEqual([1_000]);
    await timers.set("t1", "k", 3_000, fire(3_000), { note: "moved" }, await timers.get("t1", "k"));
    expect(await queued("t1")).toEqual([3_000]);
    expect(await timers.get("t1", "k")).toMatchObject({ dueAt: 3_000, firedFor: -1, state: { note: "moved" } });
    // Set again to the same time: no second job, only the state changes.
    await timers.set("t1", "k", 3_000, fire(3_000), { note: "again" }, await timers.get("t1", "k"));
    expect(await queued("t1")).toEqual([3_000]);
    expect((await timers.get("t1", "k"))?.state).toEqual({ note: "again" });
  });

  it("fires once per due time: a job of a time it moved away from is not due, nor one it fired for", async () => {
    await timers.set("t2", "k", 1_000, fire(1_000), {}, undefined);
    expect(timers.isDue(await timers.get("t2", "k"), 1_000)).toBe(true);
    expect(timers.isDue(await timers.get("t2", "k"), 2_000)).toBe(false);
    await timers.fired("t2", "k", 1_000);
    expect(timers.isDue(await timers.get("t2", "k"), 1_000)).toBe(false);
    // Setting it to the time it already fired for arms nothing.
    await queue.complete((await queue.due("t2", 1_000, 10))[0]!);
    await timers.set("t2", "k", 1_000, fire(1_000), {}, await timers.get("t2", "k"));
    expect(await queued("t2")).toEqual([]);
  });

  it("cancel removes the timer and its job; forget only the timer", async () => {
    await timers.set("t3", "k", 1_000, fire(1_000), {}, undefined);
    await timers.cancel("t3", "k", await timers.get("t3", "k"));
    expect(await timers.get("t3", "k")).toBeUndefined();
    expect(await queued("t3")).toEqual([]);
    await timers.set("t3", "k", 2_000, fire(2_000), {}, undefined);
    await timers.forget("t3", "k");
    expect(await timers.get("t3", "k")).toBeUndefined();
    expect(await queued("t3")).toEqual([2_000]);
  });

  it("refuses a write based on a stale read (two schedulers at once)", async () => {
    await timers.set("t4", "k", 1_000, fire(1_000), {}, undefined);
    const read = await timers.get("t4", "k");
    await timers.set("t4", "k", 2_000, fire(2_000), {}, read);
    await expect(timers.set("t4", "k", 3_000, fire(3_000), {}, read)).rejects.toMatchObject({ statusCode: 412 });
  });
});
