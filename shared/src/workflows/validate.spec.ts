import { describe, expect, it } from "vitest";
import { defaultForm } from "../domain/forms.js";
import { defaultPipeline } from "../domain/pipelines.js";
import type { WorkflowDefinition, WorkflowInput } from "./model.js";
import { workflowTemplates } from "./templates.js";
import { checkWorkflowDefinition, findLoop } from "./validate.js";

const context = (entity: WorkflowInput["entity"], others: WorkflowDefinition[] = []) => ({
  form: defaultForm(entity),
  pipelines: [defaultPipeline()],
  roleIds: ["owner", "member"],
  userIds: ["ann", "bob"],
  others,
});

const saved = (input: WorkflowInput, id: string): WorkflowDefinition => ({
  description: "",
  enabled: true,
  conditions: { match: "all", rules: [] },
  roleIds: [],
  createdAt: "",
  updatedAt: "",
  updatedBy: "",
  ...input,
  id,
});

describe("checkWorkflowDefinition", () => {
  it("accepts every template built with the default forms", () => {
    for (const template of workflowTemplates) {
      const input = template.build({ channelId: "19:abc@thread.tacv2" });
      expect({ template: template.id, problems: checkWorkflowDefinition(input, context(input.entity)) }).toEqual({ template: template.id, problems: [] });
    }
  });

  it("checks stages and statuses against the pipeline and the form", () => {
    const input: WorkflowInput = { name: "x", entity: "lead", trigger: { type: "stageChanged", to: "won" }, actions: [{ type: "moveStage", stageId: "nowhere" }] };
    expect(checkWorkflowDefinition(input, context("lead")).map((problem) => problem.field)).toEqual(["trigger.type", "actions[0].type"]);
    const opportunity: WorkflowInput = { ...input, entity: "opportunity" };
    expect(checkWorkflowDefinition(opportunity, context("opportunity"))).toEqual([{ field: "actions[0].stageId", message: 'There is no stage "nowhere" in your pipelines.' }]);
    const status: WorkflowInput = { name: "x", entity: "case", trigger: { type: "statusChanged", to: "Parked" }, actions: [{ type: "noop" }] };
    expect(checkWorkflowDefinition(status, context("case"))[0]!.field).toBe("trigger.to");
  });

  it("refuses empty action lists and conditions without their value", () => {
    const input: WorkflowInput = { name: "x", entity: "lead", trigger: { type: "created" }, conditions: { match: "all", rules: [{ field: "status", op: "in" }] }, actions: [] };
    expect(checkWorkflowDefinition(input, context("lead"))).toEqual([
      { field: "conditions.rules[0].value", message: '"in" needs a value to compare with.' },
      { field: "actions", message: "A workflow does at least one thing: add an action." },
    ]);
  });
});

describe("findLoop", () => {
  const a = saved({ name: "A", entity: "lead", trigger: { type: "fieldChanged", field: "company" }, actions: [{ type: "setField", field: "source", value: "Web" }] }, "a");
  const b = saved({ name: "B", entity: "lead", trigger: { type: "fieldChanged", field: "source", to: "Web" }, actions: [{ type: "setField", field: "company", value: "X" }] }, "b");

  it("finds workflows that start each other", () => {
    expect(findLoop([a, b])).toEqual(["A", "B", "A"]);
    expect(findLoop([a])).toBeUndefined();
  });

  it("ignores triggers narrowed to another value, other entities, and guarded workflows", () => {
    expect(findLoop([a, { ...b, trigger: { type: "fieldChanged", field: "source", to: "Email" } }])).toBeUndefined();
    expect(findLoop([a, { ...b, entity: "case" }])).toBeUndefined();
    expect(findLoop([a, { ...b, conditions: { match: "all", rules: [{ field: "company", op: "empty" }] } }])).toBeUndefined();
  });

  it("sees assignment loops", () => {
    const reassign = saved({ name: "R", entity: "case", trigger: { type: "assigned" }, actions: [{ type: "assign", strategy: "roundRobin", pool: { roleId: "member" } }] }, "r");
    expect(findLoop([reassign])).toEqual(["R", "R"]);
  });
});
