import { describe, expect, it } from "vitest";
import type { WorkflowDefinition } from "../model.js";
import { personRef } from "../describe.js";
import { runRecord } from "./run-record.js";

const workflow: WorkflowDefinition = {
  id: "wf1",
  name: "Route",
  description: "",
  entity: "lead",
  enabled: true,
  trigger: { type: "fieldChanged", field: "source" },
  conditions: { match: "all", rules: [] },
  actions: [
    { type: "assign", strategy: "user", userId: "ann" },
    { type: "notify", to: { kind: "owner" }, message: "hi" },
  ],
  roleIds: [],
  createdAt: "2026-03-01T00:00:00.000Z",
  updatedAt: "2026-03-01T00:00:00.000Z",
  updatedBy: "owner",
};
const job = { key: "e|change|record.updated|wf1", tenantId: "t", attempts: 0, causedAt: Date.parse("2026-03-02T09:00:00Z"), depth: 1 };
const base = { job, workflow, record: { entity: "lead" as const, id: "r1" }, cause: "record.updated", finishedAt: "2026-03-02T09:00:05.000Z" };

describe("runRecord", () => {
  it("keeps one id per job, so every attempt of it updates the same run", () => {
    const first = runRecord({ ...base, status: "retrying" });
    const later = runRecord({ ...base, job: { ...job, attempts: 3 }, status: "done" });
    expect(first.id).toBe(later.id);
    expect(first.id).toMatch(/^[0-9a-f]{32}$/);
    expect(runRecord({ ...base, job: { ...job, key: "other" }, status: "done" }).id).not.toBe(first.id);
  });

  it("counts the attempt that finished it, and keeps the trigger's fields, its cause time and depth", () => {
    expect(runRecord({ ...base, job: { ...job, attempts: 2 }, status: "done" })).toMatchObject({
      attempts: 3,
      triggerFields: ["source"],
      trigger: "When source changes",
      causedAt: "2026-03-02T09:00:00.000Z",
      finishedAt: "2026-03-02T09:00:05.000Z",
      depth: 1,
    });
    expect(runRecord({ ...base, job: { ...job, attempts: 2 }, status: "retrying" }).attempts).toBe(2);
  });

  it("lists the people its actions and outcomes name, once each", () => {
    const plan = {
      conditions: { passed: true, match: "all" as const, results: [] },
      next: 2,
      outcomes: [
        { type: "assign", description: `Assign to ${personRef("ann")}`, outcome: "done" as const, detail: `assigned to ${personRef("ann")}` },
        { type: "notify", description: "Tell the record's owner", outcome: "done" as const, detail: `told ${personRef("bob")}` },
      ],
    };
    const run = runRecord({ ...base, status: "done", plan });
    expect(run.people).toEqual(["ann", "bob"]);
    expect(run.actions).toHaveLength(2);
    expect(run.conditions).toEqual(plan.conditions);
  });
});
