import { describe, expect, it } from "vitest";
import type { Actor, RoleDefinition } from "../policy/model.js";
import { ownerRole } from "../policy/roles.js";
import { evaluateConditions } from "./conditions.js";
import type { DryRun } from "./hidden-fields.js";
import { basisOf, concealedResult, hiddenValue, mayReadNotification, mayShowDeadLetter, shownDryRun, shownLastRun, shownRun, sightOf } from "./hidden-fields.js";
import type { ConditionGroup } from "./model.js";
import type { RunRecord } from "./runs.js";

const noAmounts: RoleDefinition = { ...ownerRole, id: "ops", name: "Ops", builtIn: false, config: ["workflows"], fields: { opportunity: { amount: "hidden" } } };
const viewer = (roles: RoleDefinition[], userId = "ops"): Actor => ({ tenantId: "t1", userId, kind: "user", active: true, teamIds: [], roles });
const ops = viewer([noAmounts]);
const owner = viewer([ownerRole], "olivia");
const deal = { entity: "opportunity" as const, ownerId: "olivia", createdAt: "", updatedAt: "", fields: { amount: 5000, account: "Acme" } };
const amountOver = (value: number) => ({ field: "amount", op: "greaterThan" as const, value });
const account = (value: string) => ({ field: "account", op: "equals" as const, value });
const manual = { type: "manual" as const };

function run(group: ConditionGroup, extra: Partial<RunRecord> = {}): RunRecord {
  const conditions = evaluateConditions(group, deal);
  return {
    id: "r1",
    tenantId: "t1",
    workflowId: "w1",
    workflowName: "Probe",
    entity: "opportunity",
    recordId: "d1",
    trigger: "When someone runs it on a record",
    triggerFields: [],
    cause: "run by olivia",
    status: conditions.passed ? "done" : "conditionsNotMet",
    conditions,
    actions: conditions.passed ? [{ type: "noop", description: "Do nothing", outcome: "done", detail: "nothing to do" }] : [],
    attempts: 1,
    causedAt: "2026-03-02T09:00:00.000Z",
    finishedAt: "2026-03-02T09:00:05.000Z",
    depth: 0,
    ...extra,
  };
}
const basisOfRun = (record: RunRecord) => basisOf(manual, record.conditions);

describe("what a viewer sees of a run's result", () => {
  it("conceals a hidden condition's value and result, and the outcome when only hidden conditions decide it", () => {
    for (const threshold of [1000, 9000]) {
      const stored = run({ match: "all", rules: [amountOver(threshold), account("Acme")] });
      const shown = shownRun(ops, stored, basisOfRun(stored))!;
      expect(shown).toMatchObject({ status: "concealed", actions: [], concealed: concealedResult, finishedAt: stored.causedAt, conditions: { passed: null } });
      expect(shown.conditions!.results).toEqual([
        { field: "amount", op: "greaterThan", value: threshold, actual: hiddenValue, passed: null },
        { field: "account", op: "equals", value: "Acme", actual: "Acme", passed: true },
      ]);
      expect(shown).not.toHaveProperty("attempts");
      // The Owner sees it all.
      expect(shownRun(owner, stored, basisOfRun(stored))).toEqual(stored);
    }
  });

  it("shows the outcome when a visible condition decides it alone", () => {
    const failedVisibly = run({ match: "all", rules: [amountOver(1000), account("Globex")] });
    expect(shownRun(ops, failedVisibly, basisOfRun(failedVisibly))).toMatchObject({ status: "conditionsNotMet", conditions: { passed: false } });
    const passedVisibly = run({ match: "any", rules: [amountOver(9000), account("Acme")] });
    expect(shownRun(ops, passedVisibly, basisOfRun(passedVisibly))).toMatchObject({ status: "done", conditions: { passed: true, results: [{ passed: null }, { passed: true }] } });
    const anyUndecided = run({ match: "any", rules: [amountOver(1000), account("Globex")] });
    expect(shownRun(ops, anyUndecided, basisOfRun(anyUndecided))!.status).toBe("concealed");
  });

  it("leaves runs that do not depend on the conditions as they are", () => {
    const stopped = run({ match: "all", rules: [] }, { status: "stopped", conditions: undefined, actions: [], message: "Stopped: a chain" });
    expect(shownRun(ops, stopped, basisOf(manual))).toEqual(stopped);
  });

  it("does not show runs of a workflow whose trigger reads a hidden field, nor unknown ones to a viewer who hides fields", () => {
    const stored = run({ match: "all", rules: [] });
    expect(shownRun(ops, stored, basisOf({ type: "fieldChanged", field: "amount" }))).toBeUndefined();
    expect(shownRun(ops, stored, undefined)).toBeUndefined();
    expect(shownRun(owner, stored, undefined)).toEqual(stored);
    expect(sightOf(ops, "lead", undefined)).toMatchObject({ listed: true, decided: true });
  });

  it("treats an unknown result (older rows) as deciding nothing", () => {
    const basis = { triggerFields: [], conditions: { match: "all" as const, results: [{ field: "account" }, { field: "amount" }] } };
    expect(sightOf(ops, "opportunity", basis).decided).toBe(false);
    expect(sightOf(owner, "opportunity", basis).decided).toBe(false);
    expect(sightOf(ops, "opportunity", { triggerFields: [], conditions: { match: "all", results: [{ field: "account", passed: false }, { field: "amount" }] } }).decided).toBe(true);
  });

  it("conceals the same in a dry run, and in the list's last run", () => {
    const conditions = evaluateConditions({ match: "all", rules: [amountOver(1000)] }, deal);
    const dry: DryRun = {
      workflow: { id: "w1", name: "Probe" },
      record: { entity: "opportunity", id: "d1" },
      trigger: "When someone runs it on a record",
      conditions: { ...conditions, described: ["amount is greater than 1000"] },
      wouldRun: true,
      actions: [{ type: "noop", description: "Do nothing", preview: "Do nothing (recorded only)" }],
    };
    expect(shownDryRun(ops, dry, basisOf(manual, conditions))).toMatchObject({
      wouldRun: null,
      concealed: concealedResult,
      conditions: { passed: null, results: [{ passed: null, actual: hiddenValue }] },
      actions: [{ preview: concealedResult }],
    });
    expect(shownDryRun(owner, dry, basisOf(manual, conditions))).toMatchObject({ wouldRun: true, conditions: { passed: true } });
    const lastRun = { id: "r1", status: "done" as const, finishedAt: "2026-03-02T09:05:00Z", causedAt: "2026-03-02T09:00:00Z", recordId: "d1" };
    expect(shownLastRun(ops, "opportunity", lastRun, basisOf(manual, conditions))).toEqual({ ...lastRun, status: "concealed", finishedAt: lastRun.causedAt });
    expect(shownLastRun(ops, "opportunity", lastRun, basisOf({ type: "fieldChanged", field: "amount" }))).toBeUndefined();
    expect(shownLastRun(owner, "opportunity", lastRun, basisOf(manual, conditions))).toEqual(lastRun);
  });

  it("shows a dead letter only when the viewer may know its conditions passed", () => {
    const passed = basisOf(manual, evaluateConditions({ match: "all", rules: [amountOver(1000)] }, deal));
    expect(mayShowDeadLetter(ops, "opportunity", passed)).toBe(false);
    expect(mayShowDeadLetter(owner, "opportunity", passed)).toBe(true);
    expect(mayShowDeadLetter(ops, "opportunity", basisOf(manual))).toBe(true);
  });

  it("lets a stored message's text be read by its recipient, and by others only when they see every field of every such record", () => {
    const toMia = { recipient: { kind: "user" as const, userId: "mia" }, entity: "opportunity" as const };
    expect(mayReadNotification(ops, toMia)).toBe(false);
    expect(mayReadNotification(viewer([noAmounts], "mia"), toMia)).toBe(true);
    expect(mayReadNotification(owner, toMia)).toBe(true);
    expect(mayReadNotification(ops, { recipient: { kind: "channel", channelId: "19:x" }, entity: "opportunity" })).toBe(true);
  });
});
