import { describe, expect, it } from "vitest";
import { ownerRole, memberRole } from "../policy/roles.js";
import { checkCaseWorkflow, decideTransition, defaultCaseWorkflow, slaWorkflows } from "./case-workflow.js";
import { defaultCasePriorities, defaultCaseStatuses } from "../domain/forms.js";

const workflow = defaultCaseWorkflow();

describe("decideTransition", () => {
  it("allows a move a role of the actor is named for", () => {
    expect(decideTransition(workflow, [memberRole], "New", "In progress")).toEqual({ allowed: true, reason: 'role Member may move a case from any status to "In progress"' });
    expect(decideTransition(workflow, [ownerRole], "Resolved", "Closed").allowed).toBe(true);
  });

  it("refuses a move no role of the actor is named for, saying why", () => {
    expect(decideTransition(workflow, [memberRole], "Resolved", "Closed")).toEqual({ allowed: false, reason: 'no role of this user (Member) may move a case from "Resolved" to "Closed"' });
    expect(decideTransition(workflow, [ownerRole], "New", "Parked")).toEqual({ allowed: false, reason: '"Parked" is not a status of the case workflow' });
  });

  it("does not restrict without a case workflow, without a change, or for a first status", () => {
    expect(decideTransition(undefined, [memberRole], "New", "Closed").allowed).toBe(true);
    expect(decideTransition(workflow, [memberRole], "Closed", "Closed").allowed).toBe(true);
    expect(decideTransition(workflow, [memberRole], undefined, "Closed").allowed).toBe(true);
  });
});

describe("checkCaseWorkflow", () => {
  const context = { statusOptions: defaultCaseStatuses, priorityOptions: defaultCasePriorities, roleIds: ["owner", "member"], userIds: ["ann"] };
  it("accepts the default", () => {
    expect(checkCaseWorkflow(workflow, context)).toEqual([]);
  });
  it("names what does not fit the form, the roles or the users", () => {
    const problems = checkCaseWorkflow(
      {
        ...workflow,
        transitions: [{ from: "New", to: "Gone", roleIds: ["ghost"] }],
        sla: [{ priority: "Urgent", respondWithin: { amount: 0, unit: "hours" }, escalate: { reassignToUserId: "zed" } }],
      },
      context,
    );
    expect(problems.map((problem) => problem.field)).toEqual(["transitions[0].to", "transitions[0].roleIds[0]", "sla[0].priority", "sla[0].respondWithin", "sla[0].escalate.reassignToUserId"]);
  });
});

describe("slaWorkflows", () => {
  it("turns each SLA rule into a time-triggered workflow on unanswered cases", () => {
    const [sla] = slaWorkflows({ ...workflow, sla: [{ priority: "High", respondWithin: { amount: 4, unit: "hours" }, escalate: { setStatus: "Escalated" } }] });
    expect(sla).toMatchObject({
      entity: "case",
      trigger: { type: "timeAfterField", field: "createdAt", after: { amount: 4, unit: "hours" } },
      conditions: {
        match: "all",
        rules: [
          { field: "priority", op: "equals", value: "High" },
          { field: "status", op: "notIn", value: ["In progress", "Waiting on customer", "Escalated", "Resolved", "Closed"] },
        ],
      },
      actions: [{ type: "setField", field: "status", value: "Escalated" }],
    });
  });
});
