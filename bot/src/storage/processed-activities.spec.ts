import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TableStore } from "@crm/shared/storage";
import { ProcessedActivities, processedActivityTtlMs } from "./processed-activities.js";

let store: TableStore;
beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
});
afterAll(() => store.close());

describe("processed activities", () => {
  it("claims an activity once per conversation, and forgets it after the TTL sweep", async () => {
    const processed = new ProcessedActivities(store);
    const longAgo = Date.now() - processedActivityTtlMs - 60_000;
    expect(await processed.claim("t", "conv-1", "act-1", longAgo)).toBe(true);
    expect(await processed.claim("t", "conv-1", "act-1")).toBe(false);
    expect(await processed.claim("t", "conv-2", "act-1")).toBe(true);
    expect(await processed.claim("t", "conv-3", "f:weird/id?#")).toBe(true);
    expect(await processed.sweep()).toBe(1);
    expect(await processed.claim("t", "conv-1", "act-1")).toBe(true);
    expect(await processed.claim("t", "conv-2", "act-1")).toBe(false);
  });
});
