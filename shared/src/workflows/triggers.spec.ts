import { describe, expect, it } from "vitest";
import { dueAt, matchesEvent } from "./triggers.js";

const event = (type: string, extra: Record<string, unknown> = {}) => ({ type, tenantId: "t", entity: "lead", recordId: "r", ...extra });
const record = { ownerId: "ann", createdAt: "2026-03-02T09:00:00.000Z", updatedAt: "2026-03-05T12:00:00.000Z", fields: { closeDate: "2026-04-01" } };

describe("matchesEvent", () => {
  it("starts each trigger only from its own events", () => {
    expect(matchesEvent({ type: "created" }, event("record.created"))).toBe(true);
    expect(matchesEvent({ type: "created" }, event("record.updated"))).toBe(false);
    expect(matchesEvent({ type: "assigned" }, event("record.assigned"))).toBe(true);
    expect(matchesEvent({ type: "manual" }, event("record.created"))).toBe(false);
    expect(matchesEvent({ type: "noActivity", after: { amount: 1, unit: "days" } }, event("record.updated"))).toBe(false);
  });

  it("narrows stage and status changes by from and to", () => {
    expect(matchesEvent({ type: "stageChanged", to: "won" }, event("opportunity.stageChanged", { from: "proposal", to: "won" }))).toBe(true);
    expect(matchesEvent({ type: "stageChanged", to: "won" }, event("opportunity.stageChanged", { from: "won", to: "lost" }))).toBe(false);
    expect(matchesEvent({ type: "statusChanged", from: "New" }, event("record.statusChanged", { from: "New", to: "Contacted" }))).toBe(true);
  });

  it("matches a field change only when that field changed, narrowed by from and to", () => {
    const diff = { before: { status: "New", company: "A" }, after: { status: "New", company: "B" } };
    expect(matchesEvent({ type: "fieldChanged", field: "company" }, event("record.updated"), diff)).toBe(true);
    expect(matchesEvent({ type: "fieldChanged", field: "company", to: "C" }, event("record.updated"), diff)).toBe(false);
    expect(matchesEvent({ type: "fieldChanged", field: "status" }, event("record.updated"), diff)).toBe(false);
    expect(matchesEvent({ type: "fieldChanged", field: "company" }, event("record.updated"))).toBe(false);
  });
});

describe("dueAt", () => {
  it("adds the duration to a date field or a timestamp", () => {
    expect(dueAt({ type: "timeAfterField", field: "closeDate", after: { amount: 2, unit: "days" } }, record)).toBe(Date.parse("2026-04-03T00:00:00Z"));
    expect(dueAt({ type: "timeAfterField", field: "createdAt", after: { amount: 4, unit: "hours" } }, record)).toBe(Date.parse("2026-03-02T13:00:00Z"));
    expect(dueAt({ type: "timeAfterField", field: "nothing", after: { amount: 4, unit: "hours" } }, record)).toBeUndefined();
  });

  it("counts inactivity from the later of the last update and the last note", () => {
    const trigger = { type: "noActivity" as const, after: { amount: 14, unit: "days" as const } };
    expect(dueAt(trigger, record)).toBe(Date.parse("2026-03-19T12:00:00Z"));
    expect(dueAt(trigger, record, "2026-03-10T08:00:00.000Z")).toBe(Date.parse("2026-03-24T08:00:00Z"));
  });

  it("passes a due date at the end of that day", () => {
    expect(dueAt({ type: "dueDatePassed", field: "closeDate" }, record)).toBe(Date.parse("2026-04-02T00:00:00Z"));
  });
});
