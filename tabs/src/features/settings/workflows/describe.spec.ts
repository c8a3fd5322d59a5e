import { describe, expect, it } from "vitest";
import { pipelines } from "../../../testing/fake-server";
import { describeAction, describeCondition, describeRecipient, describeTrigger, namesFor } from "./describe";

const names = namesFor(
  [
    { key: "name", label: "Name", type: "text", required: true, order: 0 },
    { key: "followUp", label: "Follow-up date", type: "date", required: false, order: 1 },
    { key: "reviewer", label: "Reviewer", type: "user", required: false, order: 2 },
  ],
  pipelines,
  (id) => ({ max: "Max Member", mia: "Mia Member" })[id] ?? id,
  [{ id: "sales-rep", name: "Sales Rep" }],
);

describe("workflows in the tab's words: the server's sentences with the tenant's names", () => {
  it("names fields by label and stages by name in triggers", () => {
    expect(describeTrigger({ type: "created" }, names)).toBe("When a record is created");
    expect(describeTrigger({ type: "timeAfterField", field: "followUp", after: { amount: 2, unit: "days" } }, names)).toBe("2 days after Follow-up date");
    expect(describeTrigger({ type: "stageChanged", to: "won" }, names)).toBe('When the stage changes to "Closed won"');
    expect(describeTrigger({ type: "fieldChanged", field: "unknownKey" }, names)).toBe("When unknownKey changes");
  });

  it("names people in conditions on the owner and on person fields, and nowhere else", () => {
    expect(describeCondition({ field: "ownerId", op: "in", value: ["max", "mia"] }, names)).toBe('Owner is one of "Max Member", "Mia Member"');
    expect(describeCondition({ field: "reviewer", op: "equals", value: "max" }, names)).toBe('Reviewer is "Max Member"');
    expect(describeCondition({ field: "name", op: "equals", value: "max" }, names)).toBe('Name is "max"');
    expect(describeCondition({ field: "name", op: "empty" }, names)).toBe("Name is empty");
  });

  it("names people, roles, fields and stages in actions and recipients", () => {
    expect(describeAction({ type: "assign", strategy: "roundRobin", pool: { userIds: ["max"], roleId: "sales-rep" } }, names)).toBe(
      "Assign in turn among Max Member, role Sales Rep (inactive users skipped)",
    );
    expect(describeAction({ type: "setField", field: "followUp", value: "2026-12-01" }, names)).toBe('Set Follow-up date to "2026-12-01"');
    expect(describeAction({ type: "moveStage", stageId: "proposal" }, names)).toBe('Move to stage "Proposal"');
    expect(describeAction({ type: "createTask", kind: "task", title: "Call", due: { amount: 1, unit: "days" }, assignTo: { kind: "user", userId: "mia" } }, names)).toBe(
      'Create a task "Call" for Mia Member, due in 1 day',
    );
    expect(describeRecipient({ kind: "role", roleId: "sales-rep" }, names)).toBe("everyone with role Sales Rep");
    expect(describeAction({ type: "notify", to: { kind: "user", userId: "max" }, message: "Hi" }, names)).toBe('Tell Max Member: "Hi"');
  });

  it("says whom an editor's empty pool picks: nobody yet", () => {
    expect(describeAction({ type: "assign", strategy: "leastOpen", pool: { userIds: [] } }, names)).toBe("Assign to whoever has the fewest open records among (nobody yet) (inactive users skipped)");
  });
});
