/** Evaluates a workflow's conditions against a record. Pure: same record, same answer. */
import type { CrmRecord } from "../domain/records.js";
import type { Condition, ConditionGroup, ConditionValue } from "./model.js";

export interface ConditionResult {
  field: string;
  op: Condition["op"];
  value?: ConditionValue;
  /** What the record held when the condition was checked. */
  actual: unknown;
  passed: boolean;
}

export interface ConditionsOutcome {
  passed: boolean;
  match: ConditionGroup["match"];
  results: ConditionResult[];
}

/** The value a condition reads: a form field, or one of the record's system properties. */
export function valueOf(record: Pick<CrmRecord, "fields" | "ownerId" | "createdAt" | "updatedAt">, field: string): unknown {
  switch (field) {
    case "ownerId":
      return record.ownerId;
    case "createdAt":
      return record.createdAt;
    case "updatedAt":
      return record.updatedAt;
    default:
      return record.fields[field];
  }
}

const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);

const same = (a: unknown, b: unknown): boolean => (typeof a === "string" && typeof b === "string" ? a.toLowerCase() === b.toLowerCase() : a === b);

function compare(actual: unknown, expected: unknown): number | undefined {
  if (typeof actual === "number" && typeof expected === "number") return actual - expected;
  // Dates (YYYY-MM-DD or ISO) compare as text, which orders them by time.
  if (typeof actual === "string" && typeof expected === "string") return actual < expected ? -1 : actual > expected ? 1 : 0;
  return undefined;
}

function checkCondition(condition: Condition, actual: unknown): boolean {
  const { value } = condition;
  switch (condition.op) {
    case "empty":
      return isEmpty(actual);
    case "notEmpty":
      return !isEmpty(actual);
    case "equals":
      return Array.isArray(actual) ? actual.some((item) => same(item, value)) : same(actual, value);
    case "notEquals":
      return !(Array.isArray(actual) ? actual.some((item) => same(item, value)) : same(actual, value));
    case "in": {
      const options = Array.isArray(value) ? value : [];
      return Array.isArray(actual) ? actual.some((item) => options.some((option) => same(item, option))) : options.some((option) => same(actual, option));
    }
    case "notIn":
      return !checkCondition({ ...condition, op: "in" }, actual);
    case "contains":
      if (Array.isArray(actual)) return actual.some((item) => same(item, value));
      return typeof actual === "string" && typeof value === "string" && actual.toLowerCase().includes(value.toLowerCase());
    case "greaterThan": {
      const order = compare(actual, value);
      return order !== undefined && order > 0;
    }
    case "lessThan": {
      const order = compare(actual, value);
      return order !== undefined && order < 0;
    }
  }
}

/** No rules means "always". */
export function evaluateConditions(group: ConditionGroup, record: Pick<CrmRecord, "fields" | "ownerId" | "createdAt" | "updatedAt">): ConditionsOutcome {
  const results = group.rules.map((condition): ConditionResult => {
    const actual = valueOf(record, condition.field);
    return { field: condition.field, op: condition.op, ...(condition.value !== undefined ? { value: condition.value } : {}), actual: actual ?? null, passed: checkCondition(condition, actual) };
  });
  const passed = results.length === 0 || (group.match === "all" ? results.every((result) => result.passed) : results.some((result) => result.passed));
  return { passed, match: group.match, results };
}
