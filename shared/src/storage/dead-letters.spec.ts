/** Dead letters on a real (in-memory) Azurite: each group's count moves with its letters; revive and discard. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashKey } from "../domain/ids.js";
import { JobQueue, queueLayout } from "./job-queue.js";
import { TableStore } from "./table-store.js";

let store: TableStore;
beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
});
afterAll(async () => {
  await store?.close();
});

describe("DeadLetters", () => {
  type Payload = { group: string; n: number };
  const meta = { enqueuedAt: "2026-03-02T09:00:00.000Z" };
  const queue = () => new JobQueue<Payload, { next: number }, { note?: string }>(store, queueLayout("letters-spec"), (job) => job.group);

  it("dead-letters a job with its group's count in step; reviving puts it back due now, discarding removes it", async () => {
    const jobs = queue();
    for (const key of ["x", "y"]) await jobs.enqueue("t4", key, { group: "g1", n: 1 }, 1_000, meta);
    const [x, y] = await jobs.due("t4", 1_000, 10);
    const letter = await jobs.deadLetter(x!, "It failed.", "2026-03-02T09:01:00.000Z", { note: "why" });
    expect(letter).toMatchObject({ key: "x", attempts: 1, reason: "It failed.", note: "why", job: { group: "g1" } });
    // The same job dead-lettered again (a crash before it was removed) is not counted twice.
    await jobs.deadLetter(x!, "It failed again.", "2026-03-02T09:02:00.000Z", {});
    await jobs.deadLetter(y!, "It failed.", "2026-03-02T09:03:00.000Z", {});
    expect(await jobs.due("t4", 1_000, 10)).toEqual([]);
    expect((await jobs.letters.list("t4")).map((item) => item.key)).toEqual(["y", "x"]);
    expect((await jobs.letters.groupCounts("t4")).get("g1")?.openDeadLetters).toBe(2);

    expect(await jobs.revive("t4", letter.id, 7_000)).toMatchObject({ key: "x" });
    expect((await jobs.due("t4", 7_000, 10)).map((job) => [job.key, job.attempts])).toEqual([["x", 0]]);
    expect(await jobs.letters.discard("t4", hashKey("y"))).toBe(true);
    expect(await jobs.letters.discard("t4", hashKey("y"))).toBe(false);
    expect(await jobs.revive("t4", letter.id, 7_000)).toBeUndefined();
    expect(await jobs.letters.list("t4")).toEqual([]);
    expect((await jobs.letters.groupCounts("t4")).get("g1")?.openDeadLetters).toBe(0);
  });

  it("repairs counts that are off from a complete list of the letters", async () => {
    const jobs = queue();
    await jobs.enqueue("t5", "z", { group: "g2", n: 1 }, 1_000, meta);
    await jobs.deadLetter((await jobs.due("t5", 1_000, 10))[0]!, "It failed.", "2026-03-02T09:00:00.000Z", {});
    await store.table("work").updateEntity({ partitionKey: "t5|dead|letters-spec", rowKey: "~sum|g2", openDeadLetters: 7 }, "Merge");
    await jobs.letters.repairCounts("t5", await jobs.letters.groupCounts("t5"), await jobs.letters.list("t5"));
    expect((await jobs.letters.groupCounts("t5")).get("g2")?.openDeadLetters).toBe(1);
  });
});
