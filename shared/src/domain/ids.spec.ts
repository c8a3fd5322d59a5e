import { describe, expect, it } from "vitest";
import { idPattern, newId, seededId, timeOfId } from "./ids.js";

describe("record ids", () => {
  it("sort newest first, to the millisecond", () => {
    const older = newId(1_700_000_000_000);
    const newer = newId(1_700_000_000_001);
    expect(newer < older).toBe(true);
    expect(idPattern.test(older)).toBe(true);
  });

  it("carry their time, seeded ones included", () => {
    expect(timeOfId(newId(1_700_000_000_123))).toBe(1_700_000_000_123);
    expect(seededId(5, "a")).toBe(seededId(5, "a"));
    expect(seededId(5, "a")).not.toBe(seededId(5, "b"));
    expect(timeOfId(seededId(1_700_000_000_456, "x"))).toBe(1_700_000_000_456);
  });
});
