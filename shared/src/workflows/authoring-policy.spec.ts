import { describe, expect, it } from "vitest";
import type { Actor, RoleDefinition } from "../policy/model.js";
import { ownerRole } from "../policy/roles.js";
import { decideAuthoring } from "./authoring-policy.js";
import type { AuthoredWorkflow } from "./authoring-policy.js";

const ops: RoleDefinition = { ...ownerRole, id: "ops", name: "Ops", builtIn: false, fields: { opportunity: { amount: "hidden", closeDate: "hidden", probability: "read" } } };
const author = (roles: RoleDefinition[]): Actor => ({ tenantId: "t1", userId: "me", kind: "user", active: true, teamIds: [], roles });
const workflow = (extra: Partial<AuthoredWorkflow>): AuthoredWorkflow => ({
  name: "Probe",
  entity: "opportunity",
  trigger: { type: "manual" },
  conditions: { match: "all", rules: [] },
  actions: [{ type: "noop" }],
  ...extra,
});

describe("decideAuthoring: nobody builds a workflow on what they cannot see", () => {
  const refusals: [string, Partial<AuthoredWorkflow>, string][] = [
    [
      "a condition",
      {
        conditions: {
          match: "any",
          rules: [
            { field: "account", op: "notEmpty" },
            { field: "amount", op: "greaterThan", value: 5 },
          ],
        },
      },
      'condition 2 reads the opportunity field "amount", which this user may not see',
    ],
    ["the trigger", { trigger: { type: "fieldChanged", field: "amount" } }, 'its trigger reads the opportunity field "amount"'],
    ["a date trigger", { trigger: { type: "timeAfterField", field: "closeDate", after: { amount: 1, unit: "days" } } }, 'its trigger reads the opportunity field "closeDate"'],
    ["a placeholder", { actions: [{ type: "noop" }, { type: "notify", to: { kind: "owner" }, message: "{record}: {amount}" }] }, 'action 2 reads the opportunity field "amount"'],
    [
      "a task title",
      { actions: [{ type: "createTask", kind: "task", title: "{amount}", due: { amount: 1, unit: "days" }, assignTo: { kind: "owner" } }] },
      'action 1 reads the opportunity field "amount"',
    ],
    ["a set field on a read-only field", { actions: [{ type: "setField", field: "probability", value: 90 }] }, 'action 1 sets the opportunity field "probability", which this user may not change'],
    ["a set field on a hidden field", { actions: [{ type: "setField", field: "amount", value: 1 }] }, 'action 1 sets the opportunity field "amount", which this user may not change'],
  ];
  for (const [what, extra, reason] of refusals) {
    it(`refuses ${what}, saying which field`, () => {
      const decision = decideAuthoring(author([ops]), workflow(extra));
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toContain(reason);
      expect(decision.reason).toMatch(/^"Probe": /);
    });
  }

  it("refuses {record} when the title is hidden", () => {
    const noTitle: RoleDefinition = { ...ops, fields: { opportunity: { name: "hidden" } } };
    expect(decideAuthoring(author([noTitle]), workflow({ actions: [{ type: "addNote", text: "About {record}" }] })).reason).toContain('reads the opportunity field "name"');
  });

  it("allows what the author may see and change, and whatever a second role opens", () => {
    const open = workflow({
      trigger: { type: "fieldChanged", field: "account" },
      conditions: { match: "all", rules: [{ field: "account", op: "notEmpty" }] },
      actions: [
        { type: "addNote", text: "{record} at {account}" },
        { type: "setField", field: "currency", value: "EUR" },
        { type: "moveStage", stageId: "won" },
      ],
    });
    expect(decideAuthoring(author([ops]), open)).toMatchObject({ allowed: true });
    expect(decideAuthoring(author([ops, ownerRole]), workflow({ conditions: { match: "all", rules: [{ field: "amount", op: "greaterThan", value: 5 }] } }))).toMatchObject({ allowed: true });
  });

  it("refuses moving the stage to someone who may only read it", () => {
    const stageRead: RoleDefinition = { ...ops, fields: { opportunity: { stageId: "read" } } };
    expect(decideAuthoring(author([stageRead]), workflow({ actions: [{ type: "moveStage", stageId: "won" }] })).reason).toContain('sets the opportunity field "stageId"');
  });
});
