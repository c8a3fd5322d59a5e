import { describe, expect, it } from "vitest";
import { fieldChanges } from "./history.js";

describe("fieldChanges", () => {
  it("lists changed, added and removed fields, sorted", () => {
    expect(fieldChanges({ name: "A", status: "New", gone: 1 }, { name: "A", status: "Qualified", added: [1] }, () => true)).toEqual([
      { field: "added", from: null, to: [1] },
      { field: "gone", from: 1, to: null },
      { field: "status", from: "New", to: "Qualified" },
    ]);
  });

  it("leaves out fields the viewer may not see", () => {
    expect(fieldChanges({ amount: 1 }, { amount: 2 }, (field) => field !== "amount")).toEqual([]);
  });

  it("treats a missing snapshot as empty (creation, deletion)", () => {
    expect(fieldChanges(undefined, { name: "B" }, () => true)).toEqual([{ field: "name", from: null, to: "B" }]);
  });
});
