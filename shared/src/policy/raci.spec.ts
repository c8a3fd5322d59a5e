import { describe, expect, it } from "vitest";
import type { RaciChart, RaciTask } from "./raci.js";
import { checkRaciChart, defaultRaciChart, describeRef, lettersOf, nextQuarterStart, quarterStart, raciLimits, refsHolding, reviewDue, templateRef, usesOfRole } from "./raci.js";
import { builtInRoles, memberRole, ownerRole, personaTemplates } from "./roles.js";

const roles = [...builtInRoles, { id: "rx1", name: "Cleaners", template: "data-analyst" }];
const task = (assignments: RaciTask["assignments"], extra: Partial<RaciTask> = {}): RaciTask => ({ key: "cleanup", name: "Cleanup", description: "", assignments, ...extra });
const chartOf = (...tasks: RaciTask[]): RaciChart => ({ tasks });
const messages = (chart: RaciChart) => checkRaciChart(chart, roles).map((problem) => problem.message);

describe("the shipped chart", () => {
  it("is valid, has the seven tasks from the seeds under stable keys, and names only real persona templates", () => {
    expect(checkRaciChart(defaultRaciChart, builtInRoles)).toEqual([]);
    expect(defaultRaciChart.tasks.map((one) => one.key)).toEqual(["dataCleanup", "leadFollowUp", "pipelineStageUpdates", "caseLogging", "leadSourceTracking", "systemConfiguration", "accessReviews"]);
    const templateIds = new Set(personaTemplates.map((template) => templateRef(template.id)));
    for (const one of defaultRaciChart.tasks) for (const ref of Object.keys(one.assignments)) expect(ref === "everyone" || ref === "owner" || templateIds.has(ref)).toBe(true);
  });

  it("gives data cleanup exactly as seed 004: Data Analyst R, CRM Manager A, Sales Ops and Marketing C, everyone else I", () => {
    const cleanup = defaultRaciChart.tasks[0]!;
    expect(cleanup.assignments).toEqual({
      "template:data-analyst": "R",
      "template:crm-manager": "A",
      "template:sales-ops-lead": "C",
      "template:marketing-manager": "C",
      everyone: "I",
    });
  });
});

describe("checkRaciChart", () => {
  it("accepts one Accountable and one or more Responsible", () => {
    expect(messages(chartOf(task({ owner: "A", rx1: "R", member: "R", everyone: "I" })))).toEqual([]);
  });

  it("refuses two Accountables, naming both in words", () => {
    expect(messages(chartOf(task({ owner: "A", rx1: "A", member: "R" })))).toEqual(['"Cleanup" has 2 Accountable roles (Owner, Cleaners): exactly one role makes the final call.']);
  });

  it("refuses no Accountable, no Responsible, and everyone as the Accountable", () => {
    expect(messages(chartOf(task({ member: "C" })))).toEqual([
      '"Cleanup" has no Accountable role: exactly one role makes the final call.',
      '"Cleanup" has no Responsible role: at least one role does the work.',
    ]);
    expect(messages(chartOf(task({ everyone: "A", member: "R" })))).toEqual(['"Cleanup": Accountable is one named role, not everyone.']);
  });

  it("refuses unknown roles and templates, and letters other than R, A, C, I", () => {
    expect(messages(chartOf(task({ owner: "A", member: "R", ghost: "C" })))).toEqual(['"Cleanup": there is no role "ghost".']);
    expect(messages(chartOf(task({ owner: "A", member: "R", "template:wizard": "C" })))).toEqual(['"Cleanup": there is no role "template:wizard".']);
    expect(messages(chartOf(task({ owner: "A", member: "R", rx1: "X" as "R" })))).toEqual(['"Cleanup": each role is R, A, C or I.']);
  });

  it("bounds the chart: tasks, names, descriptions, roles per task; keys are stable identifiers and unique, names unique", () => {
    const ok = task({ owner: "A", member: "R" });
    const many = Array.from({ length: raciLimits.tasks + 1 }, (_, index) => ({ ...ok, key: `t${index}`, name: `T${index}` }));
    expect(messages(chartOf(...many))).toEqual([`A chart has at most ${raciLimits.tasks} tasks.`]);
    expect(messages(chartOf())).toEqual(["A chart needs at least one task."]);
    expect(messages(chartOf({ ...ok, name: "x".repeat(81) }))).toEqual([`"${"x".repeat(81)}": a task name has at most 80 characters.`]);
    expect(messages(chartOf({ ...ok, name: "  " }))).toEqual(["Task 1 needs a name."]);
    expect(messages(chartOf({ ...ok, description: "d".repeat(301) }))).toEqual(['"Cleanup": a description has at most 300 characters.']);
    expect(messages(chartOf({ ...ok, key: "Data cleanup" }))).toEqual(['"Cleanup": a task key starts with a small letter and has only letters and digits (at most 40).']);
    expect(messages(chartOf(ok, { ...ok, name: "Other" }))).toEqual(['"Other": another task already has this key.']);
    expect(messages(chartOf(ok, { ...ok, key: "other", name: "cleanup" }))).toEqual(['"cleanup": another task already has this name.']);
    const wide = Object.fromEntries(Array.from({ length: 41 }, (_, index) => [`r${index}`, "C" as const]));
    expect(messages(chartOf(task(wide)))).toEqual(['"Cleanup": a task names at most 40 roles.']);
  });
});

describe("who holds a letter", () => {
  const cleanup = task({ [templateRef("data-analyst")]: "R", owner: "A", member: "C", everyone: "I" });

  it("matches a role by id, a template reference by the role's template, and everyone", () => {
    expect(lettersOf(cleanup, [{ id: "rx1", template: "data-analyst" }])).toEqual(["R", "I"]);
    expect(lettersOf(cleanup, [ownerRole, memberRole])).toEqual(["A", "C", "I"]);
    expect(lettersOf(cleanup, [{ id: "rx9", template: "sales-rep" }])).toEqual(["I"]);
    expect(refsHolding(cleanup, "R")).toEqual(["template:data-analyst"]);
  });

  it("describes references in words", () => {
    expect(describeRef("everyone", roles)).toBe("Everyone");
    expect(describeRef("template:crm-manager", roles)).toBe("CRM Manager");
    expect(describeRef("rx1", roles)).toBe("Cleaners");
    expect(describeRef("nobody", roles)).toBeUndefined();
  });

  it("lists the tasks that name a role by id", () => {
    expect(usesOfRole(chartOf(cleanup), "member").map((use) => `${use.task.key}:${use.letter}`)).toEqual(["cleanup:C"]);
    expect(usesOfRole(chartOf(cleanup), "rx1")).toEqual([]);
  });
});

describe("quarterly reviews", () => {
  it("are due once per calendar quarter (UTC)", () => {
    expect(quarterStart(new Date("2026-12-02T15:00:00Z")).toISOString()).toBe("2026-10-01T00:00:00.000Z");
    expect(nextQuarterStart(new Date("2026-12-02T15:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(nextQuarterStart(new Date("2026-01-01T00:00:00Z")).toISOString()).toBe("2026-04-01T00:00:00.000Z");
    const now = new Date("2026-12-02T15:00:00Z");
    expect(reviewDue(undefined, now)).toBe(true);
    expect(reviewDue("2026-09-30T23:59:59Z", now)).toBe(true);
    expect(reviewDue("2026-10-01T00:00:00Z", now)).toBe(false);
  });
});
