/**
 * Responsibilities (RACI): for each CRM task, which roles are Responsible (do the
 * work), which one is Accountable (makes the final call), who is Consulted and who is
 * Informed (seed 004). Pure: the chart, its rules in plain words, the shipped
 * defaults, who holds a letter, and the quarter a review belongs to.
 *
 * A cell names a role by reference (`RaciRoleRef`): a role of the tenant by id
 * (`owner`, `member`, a custom role), every role made from a persona template
 * (`template:data-analyst`), or `everyone` (all active users). The defaults use
 * template references, so they mean something in any tenant that made its roles from
 * the templates, and nobody is left out where it did not: a task or letter with no
 * holder falls back to the tenant's Owners (services/raci-service.ts).
 */
import type { FieldProblem } from "../errors/app-error.js";
import type { RoleDefinition } from "./model.js";
import { ownerRole, personaTemplates } from "./roles.js";

export const raciLetters = ["R", "A", "C", "I"] as const;
export type RaciLetter = (typeof raciLetters)[number];

export const raciLetterNames: { readonly [L in RaciLetter]: string } = { R: "Responsible", A: "Accountable", C: "Consulted", I: "Informed" };

/** A role id of the tenant, `template:<persona template id>`, or `everyone`. */
export type RaciRoleRef = string;

export const everyoneRef = "everyone";
const templatePrefix = "template:";
export const templateRef = (templateId: string): RaciRoleRef => `${templatePrefix}${templateId}`;

export interface RaciTask {
  /** Stable, for links, lookups and the data-quality routing (`dataCleanup`); never shown. */
  key: string;
  name: string;
  description: string;
  /** One letter per role reference; a role not named has no part in the task. */
  assignments: Readonly<Record<RaciRoleRef, RaciLetter>>;
}

export interface RaciChart {
  tasks: readonly RaciTask[];
}

export const raciLimits = { tasks: 30, name: 80, description: 300, assignments: 40 } as const;
const taskKeyPattern = /^[a-z][A-Za-z0-9]{0,39}$/;

/** The stable keys of the shipped tasks (other features route by them: data quality uses `dataCleanup`). */
export const raciTaskKeys = {
  dataCleanup: "dataCleanup",
  leadFollowUp: "leadFollowUp",
  pipelineStageUpdates: "pipelineStageUpdates",
  caseLogging: "caseLogging",
  leadSourceTracking: "leadSourceTracking",
  systemConfiguration: "systemConfiguration",
  accessReviews: "accessReviews",
} as const;

const t = templateRef;

/**
 * The shipped chart, drawn from the seeds: data cleanup exactly as seed 004 gives it
 * (Data Analyst R, CRM Manager A, Sales Ops and Marketing C, everyone else I); the
 * rest from the duties seeds 000–004 give each role (Sales Ops makes sure reps follow
 * up and update stages, the Support Liaison that every interaction is logged, the
 * Marketing Coordinator that campaigns are tracked, the CRM Manager runs the system).
 */
export const defaultRaciChart: RaciChart = {
  tasks: [
    {
      key: raciTaskKeys.dataCleanup,
      name: "Data cleanup",
      description: "Duplicates, empty required fields, values that no longer validate, stale records.",
      assignments: { [t("data-analyst")]: "R", [t("crm-manager")]: "A", [t("sales-ops-lead")]: "C", [t("marketing-manager")]: "C", [everyoneRef]: "I" },
    },
    {
      key: raciTaskKeys.leadFollowUp,
      name: "Lead follow-up",
      description: "Every new lead is contacted in time and its next step logged.",
      assignments: { [t("sales-rep")]: "R", [t("sales-manager")]: "A", [t("sales-ops-lead")]: "C", [t("marketing-manager")]: "I" },
    },
    {
      key: raciTaskKeys.pipelineStageUpdates,
      name: "Pipeline stage updates",
      description: "Opportunities sit in the stage they are really in, with a current close date.",
      assignments: { [t("sales-rep")]: "R", [t("sales-ops-lead")]: "A", [t("sales-manager")]: "C", [t("data-analyst")]: "I" },
    },
    {
      key: raciTaskKeys.caseLogging,
      name: "Case logging",
      description: "Every support call, chat and ticket is logged on its case, so the next person sees the history.",
      assignments: { [t("customer-service-rep")]: "R", [t("support-liaison")]: "A", [t("customer-service-manager")]: "C", [t("sales-rep")]: "I" },
    },
    {
      key: raciTaskKeys.leadSourceTracking,
      name: "Lead source tracking",
      description: "Each lead records the campaign or channel it came from.",
      assignments: { [t("marketing-manager")]: "R", [t("crm-manager")]: "A", [t("sales-ops-lead")]: "C", [t("data-analyst")]: "C", [t("sales-rep")]: "I" },
    },
    {
      key: raciTaskKeys.systemConfiguration,
      name: "System configuration",
      description: "Forms, pipelines, workflows, integrations and training when features change.",
      assignments: { [t("crm-manager")]: "R", [ownerRole.id]: "A", [t("administrator")]: "C", [t("sales-ops-lead")]: "C", [everyoneRef]: "I" },
    },
    {
      key: raciTaskKeys.accessReviews,
      name: "Access reviews",
      description: "Who holds which role is checked every quarter, and access nobody needs is removed.",
      assignments: { [t("crm-manager")]: "R", [ownerRole.id]: "A", [t("administrator")]: "C" },
    },
  ],
};

const isTemplateRef = (ref: RaciRoleRef): boolean => ref.startsWith(templatePrefix);

/** Whether a role the user holds is meant by the reference (`everyone` is decided by the caller: every active user). */
export function refMatchesRole(ref: RaciRoleRef, role: Pick<RoleDefinition, "id" | "template">): boolean {
  if (isTemplateRef(ref)) return role.template === ref.slice(templatePrefix.length);
  return ref === role.id;
}

/** The reference in words: the role's name, the template's, or "Everyone"; undefined when it names nothing known. */
export function describeRef(ref: RaciRoleRef, roles: readonly Pick<RoleDefinition, "id" | "name">[]): string | undefined {
  if (ref === everyoneRef) return "Everyone";
  if (isTemplateRef(ref)) return personaTemplates.find((template) => templateRef(template.id) === ref)?.name;
  return roles.find((role) => role.id === ref)?.name;
}

/** The letters a user holds in a task through the given roles (one letter per reference; several references may match). */
export function lettersOf(task: RaciTask, roles: readonly Pick<RoleDefinition, "id" | "template">[]): RaciLetter[] {
  const held = new Set<RaciLetter>();
  for (const [ref, letter] of Object.entries(task.assignments)) {
    if (ref === everyoneRef || roles.some((role) => refMatchesRole(ref, role))) held.add(letter);
  }
  return raciLetters.filter((letter) => held.has(letter));
}

/** The references holding a letter in a task. */
export const refsHolding = (task: RaciTask, letter: RaciLetter): RaciRoleRef[] =>
  Object.entries(task.assignments)
    .filter(([, held]) => held === letter)
    .map(([ref]) => ref);

/**
 * The chart's problems in plain words, each under the field it is about
 * (`tasks.2.assignments`): bounded sizes, stable unique keys and names, known roles,
 * exactly one Accountable and at least one Responsible per task. `roles` are the
 * tenant's roles; template references and `everyone` are known to the policy itself.
 */
export function checkRaciChart(chart: RaciChart, roles: readonly Pick<RoleDefinition, "id" | "name">[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (chart.tasks.length === 0) problems.push({ field: "tasks", message: "A chart needs at least one task." });
  if (chart.tasks.length > raciLimits.tasks) problems.push({ field: "tasks", message: `A chart has at most ${raciLimits.tasks} tasks.` });
  const keys = new Set<string>();
  const names = new Set<string>();
  chart.tasks.forEach((task, index) => {
    const at = `tasks.${index}`;
    const name = task.name.trim();
    const label = name ? `"${name}"` : `Task ${index + 1}`;
    if (!taskKeyPattern.test(task.key)) problems.push({ field: `${at}.key`, message: `${label}: a task key starts with a small letter and has only letters and digits (at most 40).` });
    else if (keys.has(task.key)) problems.push({ field: `${at}.key`, message: `${label}: another task already has this key.` });
    keys.add(task.key);
    if (!name) problems.push({ field: `${at}.name`, message: `Task ${index + 1} needs a name.` });
    else if (name.length > raciLimits.name) problems.push({ field: `${at}.name`, message: `${label}: a task name has at most ${raciLimits.name} characters.` });
    else if (names.has(name.toLowerCase())) problems.push({ field: `${at}.name`, message: `${label}: another task already has this name.` });
    names.add(name.toLowerCase());
    if (task.description.length > raciLimits.description) problems.push({ field: `${at}.description`, message: `${label}: a description has at most ${raciLimits.description} characters.` });
    problems.push(...checkAssignments(task, `${at}.assignments`, label, roles));
  });
  return problems;
}

function checkAssignments(task: RaciTask, field: string, label: string, roles: readonly Pick<RoleDefinition, "id" | "name">[]): FieldProblem[] {
  const entries = Object.entries(task.assignments);
  if (entries.length > raciLimits.assignments) return [{ field, message: `${label}: a task names at most ${raciLimits.assignments} roles.` }];
  const problems: FieldProblem[] = [];
  for (const [ref, letter] of entries) {
    if (!(raciLetters as readonly string[]).includes(letter)) problems.push({ field, message: `${label}: each role is R, A, C or I.` });
    if (describeRef(ref, roles) === undefined) problems.push({ field, message: `${label}: there is no role "${ref.slice(0, 60)}".` });
  }
  const named = (letter: RaciLetter) => refsHolding(task, letter).map((ref) => describeRef(ref, roles) ?? ref.slice(0, 60));
  const accountable = named("A");
  if (accountable.length === 0) problems.push({ field, message: `${label} has no Accountable role: exactly one role makes the final call.` });
  if (accountable.length > 1) problems.push({ field, message: `${label} has ${accountable.length} Accountable roles (${accountable.join(", ")}): exactly one role makes the final call.` });
  if (task.assignments[everyoneRef] === "A") problems.push({ field, message: `${label}: Accountable is one named role, not everyone.` });
  if (named("R").length === 0) problems.push({ field, message: `${label} has no Responsible role: at least one role does the work.` });
  return problems;
}

/** The task keys and letters that name a role by its id (a role in use cannot be deleted without saying so). */
export function usesOfRole(chart: RaciChart, roleId: string): { task: RaciTask; letter: RaciLetter }[] {
  return chart.tasks.flatMap((task) => {
    const letter = task.assignments[roleId];
    return letter ? [{ task, letter }] : [];
  });
}

/** The start of the calendar quarter (UTC) that `at` falls in: reviews are due once per quarter. */
export function quarterStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), Math.floor(at.getUTCMonth() / 3) * 3, 1));
}

export function nextQuarterStart(at: Date): Date {
  const start = quarterStart(at);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 1));
}

/** A task's review is due when it was never reviewed, or last reviewed before this quarter began. */
export const reviewDue = (lastReviewedAt: string | undefined, now: Date): boolean => lastReviewedAt === undefined || new Date(lastReviewedAt).getTime() < quarterStart(now).getTime();
