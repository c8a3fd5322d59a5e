import { describe, expect, it } from "vitest";
import { jsonNestsDeeperThan } from "./json-body-parser.js";

const arrays = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
const objects = (depth: number) => '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
const mixed = (depth: number) =>
  Array.from({ length: depth }, (_, index) => (index % 2 ? "[" : '{"k":')).join("") +
  "0" +
  Array.from({ length: depth }, (_, index) => (index % 2 ? "]" : "}"))
    .reverse()
    .join("");

describe("jsonNestsDeeperThan", () => {
  it("counts objects, arrays and both mixed, up to the bound and one past it", () => {
    for (const shape of [arrays, objects, mixed]) {
      expect(JSON.parse(shape(64))).toBeDefined();
      expect(jsonNestsDeeperThan(shape(64), 64), shape.name).toBe(false);
      expect(jsonNestsDeeperThan(shape(65), 64), shape.name).toBe(true);
    }
  });

  it("measures depth, not the number of brackets", () => {
    const wide = JSON.stringify({ list: Array.from({ length: 5000 }, (_, index) => ({ index, tags: [index] })) });
    expect(jsonNestsDeeperThan(wide, 64)).toBe(false);
  });

  it("ignores brackets inside strings, escaped quotes and backslashes included", () => {
    const text = JSON.stringify({ note: "[".repeat(500) + '\\"{{{' + "{".repeat(500), path: "C:\\dir\\", after: '"]]][[[' });
    expect(JSON.parse(text).note).toHaveLength(1005);
    expect(jsonNestsDeeperThan(text, 1)).toBe(false);
    // A string ending in an escaped backslash closes there: the brackets after it count.
    expect(jsonNestsDeeperThan(`["\\\\", ${arrays(3)}]`, 3)).toBe(true);
    expect(jsonNestsDeeperThan(`["\\\\", ${arrays(2)}]`, 3)).toBe(false);
  });
});
