import { describe, expect, it } from "vitest";
import { actingAt, chainStopped, depthOf } from "./chain-depth.js";

const event = (actorId?: string) => ({ type: "record.updated", tenantId: "t", ...(actorId ? { actorId } : {}) });

describe("chain depth", () => {
  it("a person's change is depth 0; a redelivered change by a workflow (depth lost) counts as 1", () => {
    expect(depthOf(event("ann"))).toBe(0);
    expect(depthOf(event())).toBe(0);
    expect(depthOf(event("workflow.0abc"))).toBe(1);
  });

  it("changes made inside an action carry the job's depth plus one, through awaits", async () => {
    expect(await actingAt(0, async () => depthOf(event("workflow.x")))).toBe(1);
    expect(
      await actingAt(4, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return depthOf(event("ann"));
      }),
    ).toBe(5);
    expect(depthOf(event("ann"))).toBe(0);
  });

  it("says why a chain stopped and how to end it", () => {
    expect(chainStopped("Ping", 6, 5)).toBe(
      'Stopped: "Ping" was started by a chain of 6 workflow changes in a row (the limit is 5). Its actions, or another workflow\'s, probably start it again: add a condition that ends the chain.',
    );
  });
});
