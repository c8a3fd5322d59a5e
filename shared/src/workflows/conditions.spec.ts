import { describe, expect, it } from "vitest";
import { evaluateConditions } from "./conditions.js";

const record = {
  ownerId: "ann",
  createdAt: "2026-03-02T09:00:00.000Z",
  updatedAt: "2026-03-02T09:00:00.000Z",
  fields: { name: "Acme", value: 5000, status: "New", tags: ["vip", "eu"], closeDate: "2026-04-01" },
};

describe("evaluateConditions", () => {
  it.each([
    [{ field: "status", op: "equals", value: "new" }, true],
    [{ field: "status", op: "notEquals", value: "New" }, false],
    [{ field: "status", op: "in", value: ["Contacted", "New"] }, true],
    [{ field: "status", op: "notIn", value: ["Contacted", "New"] }, false],
    [{ field: "priority", op: "notIn", value: ["High"] }, true],
    [{ field: "name", op: "contains", value: "cm" }, true],
    [{ field: "tags", op: "contains", value: "vip" }, true],
    [{ field: "tags", op: "equals", value: "eu" }, true],
    [{ field: "value", op: "greaterThan", value: 4999 }, true],
    [{ field: "value", op: "lessThan", value: 5000 }, false],
    [{ field: "value", op: "greaterThan", value: "4999" }, false],
    [{ field: "closeDate", op: "lessThan", value: "2026-05-01" }, true],
    [{ field: "company", op: "empty" }, true],
    [{ field: "company", op: "notEmpty" }, false],
    [{ field: "ownerId", op: "equals", value: "ann" }, true],
    [{ field: "createdAt", op: "greaterThan", value: "2026-03-01" }, true],
  ] as const)("%j is %s", (condition, expected) => {
    expect(evaluateConditions({ match: "all", rules: [condition as never] }, record).passed).toBe(expected);
  });

  it("combines with all and any, and reports each result with what the record held", () => {
    const rules = [
      { field: "status", op: "equals" as const, value: "New" },
      { field: "value", op: "greaterThan" as const, value: 10_000 },
    ];
    expect(evaluateConditions({ match: "all", rules }, record).passed).toBe(false);
    const any = evaluateConditions({ match: "any", rules }, record);
    expect(any.passed).toBe(true);
    expect(any.results).toEqual([
      { field: "status", op: "equals", value: "New", actual: "New", passed: true },
      { field: "value", op: "greaterThan", value: 10_000, actual: 5000, passed: false },
    ]);
  });

  it("passes when there are no rules", () => {
    expect(evaluateConditions({ match: "any", rules: [] }, record).passed).toBe(true);
  });
});
