/**
 * Checks a workflow an Owner wants to save against the tenant's current forms,
 * pipelines, roles and users, and against the other workflows (loops). Pure:
 * every problem names the offending field, as the API returns it.
 */
import type { FieldProblem } from "../errors/app-error.js";
import type { FieldDefinition } from "../domain/forms.js";
import { checkRecordData } from "../domain/forms.js";
import type { Pipeline } from "../domain/pipelines.js";
import type { Condition, ConditionGroup, Duration, Trigger, WorkflowAction, WorkflowDefinition, WorkflowInput } from "./model.js";
import { workflowLimits, systemDateFields, timeUnits } from "./model.js";

interface ValidationContext {
  /** The current form of the workflow's entity. */
  form: readonly FieldDefinition[];
  pipelines: readonly Pipeline[];
  roleIds: readonly string[];
  userIds: readonly string[];
  /** The tenant's other workflows, for loop detection. */
  others: readonly WorkflowDefinition[];
}

type FieldKind = FieldDefinition["type"] | "owner" | "timestamp";

const channelIdPattern = /^[A-Za-z0-9:@._-]{1,200}$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function kindOf(form: readonly FieldDefinition[], field: string): { kind: FieldKind; definition?: FieldDefinition } | undefined {
  if (field === "ownerId") return { kind: "owner" };
  if ((systemDateFields as readonly string[]).includes(field)) return { kind: "timestamp" };
  const definition = form.find((candidate) => candidate.key === field);
  return definition ? { kind: definition.type, definition } : undefined;
}

const unknownField = (at: string, field: string): FieldProblem => ({ field: at, message: `"${field}" is not a field of this form.` });

function checkDuration(duration: Duration, at: string, problems: FieldProblem[]): void {
  const days = duration.unit === "days" ? duration.amount : duration.unit === "hours" ? duration.amount / 24 : duration.amount / 1440;
  if (!timeUnits.includes(duration.unit)) problems.push({ field: `${at}.unit`, message: "Use minutes, hours or days." });
  if (!Number.isInteger(duration.amount) || duration.amount <= 0) problems.push({ field: `${at}.amount`, message: "Give a whole number greater than zero." });
  else if (days > workflowLimits.maxDurationDays) problems.push({ field: `${at}.amount`, message: `At most ${workflowLimits.maxDurationDays} days.` });
}

/** Does a single value fit the field's type? Returns the problem, if any. */
function scalarProblem(kind: FieldKind, definition: FieldDefinition | undefined, value: unknown): string | undefined {
  switch (kind) {
    case "number":
    case "currency":
      return typeof value === "number" && Number.isFinite(value) ? undefined : "must be a number for this field";
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be true or false for this field";
    case "date":
      return typeof value === "string" && datePattern.test(value) ? undefined : "must be a date (YYYY-MM-DD) for this field";
    case "timestamp":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? undefined : "must be a date (YYYY-MM-DD) for this field";
    case "choice":
    case "multiChoice":
      return typeof value === "string" && (definition?.options ?? []).includes(value) ? undefined : `must be one of: ${(definition?.options ?? []).join(", ")}`;
    default:
      return typeof value === "string" && value.length <= 1000 ? undefined : "must be text for this field";
  }
}

const ordered: readonly FieldKind[] = ["number", "currency", "date", "timestamp"];

function checkCondition(condition: Condition, form: readonly FieldDefinition[], at: string, problems: FieldProblem[]): void {
  const found = kindOf(form, condition.field);
  if (!found) {
    problems.push(unknownField(`${at}.field`, condition.field));
    return;
  }
  const { kind, definition } = found;
  const { op, value } = condition;
  if (op === "empty" || op === "notEmpty") {
    if (value !== undefined) problems.push({ field: `${at}.value`, message: `"${op}" takes no value.` });
    return;
  }
  if (value === undefined) {
    problems.push({ field: `${at}.value`, message: `"${op}" needs a value to compare with.` });
    return;
  }
  if (op === "in" || op === "notIn") {
    if (!Array.isArray(value) || value.length === 0) {
      problems.push({ field: `${at}.value`, message: `"${op}" needs a list of values.` });
      return;
    }
    value.forEach((item, index) => {
      const problem = scalarProblem(kind === "multiChoice" ? "choice" : kind, definition, item);
      if (problem) problems.push({ field: `${at}.value[${index}]`, message: `The value ${problem}.` });
    });
    return;
  }
  if (Array.isArray(value)) {
    problems.push({ field: `${at}.value`, message: `"${op}" compares with one value, not a list.` });
    return;
  }
  if ((op === "greaterThan" || op === "lessThan") && !ordered.includes(kind)) {
    problems.push({ field: `${at}.op`, message: `"${op}" works on numbers and dates; "${condition.field}" is ${kind}.` });
    return;
  }
  if (op === "contains" && !["text", "longText", "email", "url", "phone", "multiChoice"].includes(kind)) {
    problems.push({ field: `${at}.op`, message: `"contains" works on text and multiple-choice fields; "${condition.field}" is ${kind}.` });
    return;
  }
  const problem = scalarProblem(kind === "multiChoice" ? "choice" : kind, definition, value);
  if (problem) problems.push({ field: `${at}.value`, message: `The value ${problem}.` });
}

function checkConditions(group: ConditionGroup, form: readonly FieldDefinition[], problems: FieldProblem[]): void {
  if (group.rules.length > workflowLimits.conditionsPerWorkflow) problems.push({ field: "conditions.rules", message: `At most ${workflowLimits.conditionsPerWorkflow} conditions.` });
  group.rules.forEach((condition, index) => checkCondition(condition, form, `conditions.rules[${index}]`, problems));
}

function stageIds(pipelines: readonly Pipeline[]): Set<string> {
  return new Set(pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => stage.id)));
}

function checkTrigger(input: WorkflowInput, context: ValidationContext, problems: FieldProblem[]): void {
  const { trigger, entity } = input;
  switch (trigger.type) {
    case "fieldChanged": {
      const found = kindOf(context.form, trigger.field);
      if (!found || found.kind === "timestamp") {
        problems.push(unknownField("trigger.field", trigger.field));
        return;
      }
      for (const side of ["from", "to"] as const) {
        const value = trigger[side];
        if (value === undefined) continue;
        const problem = scalarProblem(found.kind === "multiChoice" ? "choice" : found.kind, found.definition, value);
        if (problem) problems.push({ field: `trigger.${side}`, message: `The value ${problem}.` });
      }
      return;
    }
    case "stageChanged": {
      if (entity !== "opportunity") {
        problems.push({ field: "trigger.type", message: "Only opportunities have pipeline stages." });
        return;
      }
      const known = stageIds(context.pipelines);
      for (const side of ["from", "to"] as const) {
        const value = trigger[side];
        if (value !== undefined && !known.has(value)) problems.push({ field: `trigger.${side}`, message: `There is no stage "${value}" in your pipelines.` });
      }
      return;
    }
    case "statusChanged": {
      const status = context.form.find((definition) => definition.key === "status");
      if (!status) {
        problems.push({ field: "trigger.type", message: `The ${entity} form has no Status field.` });
        return;
      }
      for (const side of ["from", "to"] as const) {
        const value = trigger[side];
        if (value !== undefined && !(status.options ?? []).includes(value)) {
          problems.push({ field: `trigger.${side}`, message: `"${value}" is not a status: use one of ${(status.options ?? []).join(", ")}.` });
        }
      }
      return;
    }
    case "timeAfterField":
    case "dueDatePassed": {
      const found = kindOf(context.form, trigger.field);
      if (!found) problems.push(unknownField("trigger.field", trigger.field));
      else if (found.kind !== "date" && found.kind !== "timestamp") problems.push({ field: "trigger.field", message: `"${trigger.field}" is not a date field.` });
      if (trigger.type === "timeAfterField") checkDuration(trigger.after, "trigger.after", problems);
      return;
    }
    case "noActivity":
      checkDuration(trigger.after, "trigger.after", problems);
      return;
    default:
      return;
  }
}

function checkAction(action: WorkflowAction, input: WorkflowInput, context: ValidationContext, at: string, problems: FieldProblem[]): void {
  const knownUser = (userId: string, field: string) => {
    if (!context.userIds.includes(userId)) problems.push({ field, message: "There is no user with this id in your organisation." });
  };
  const knownRole = (roleId: string, field: string) => {
    if (!context.roleIds.includes(roleId)) problems.push({ field, message: `There is no role "${roleId}".` });
  };
  switch (action.type) {
    case "assign":
      if (action.strategy === "user") knownUser(action.userId, `${at}.userId`);
      else {
        const { userIds = [], roleId } = action.pool;
        if (userIds.length === 0 && roleId === undefined) problems.push({ field: `${at}.pool`, message: "Name the users or the role to assign among." });
        userIds.forEach((userId, index) => knownUser(userId, `${at}.pool.userIds[${index}]`));
        if (roleId !== undefined) knownRole(roleId, `${at}.pool.roleId`);
      }
      return;
    case "setField": {
      if (!context.form.some((definition) => definition.key === action.field)) {
        problems.push(unknownField(`${at}.field`, action.field));
        return;
      }
      for (const problem of checkRecordData(context.form, { [action.field]: action.value }, "update")) {
        problems.push({ field: `${at}.value`, message: problem.message });
      }
      return;
    }
    case "moveStage":
      if (input.entity !== "opportunity") problems.push({ field: `${at}.type`, message: "Only opportunities have pipeline stages." });
      else if (!stageIds(context.pipelines).has(action.stageId)) problems.push({ field: `${at}.stageId`, message: `There is no stage "${action.stageId}" in your pipelines.` });
      return;
    case "addNote":
      if (action.text.trim() === "") problems.push({ field: `${at}.text`, message: "A note needs some text." });
      return;
    case "createTask":
      if (action.title.trim() === "") problems.push({ field: `${at}.title`, message: "A task needs a title." });
      checkDuration(action.due, `${at}.due`, problems);
      if (action.assignTo.kind === "user") knownUser(action.assignTo.userId, `${at}.assignTo.userId`);
      return;
    case "notify":
      if (action.message.trim() === "") problems.push({ field: `${at}.message`, message: "Say what the notification tells." });
      if (action.to.kind === "user") knownUser(action.to.userId, `${at}.to.userId`);
      if (action.to.kind === "role") knownRole(action.to.roleId, `${at}.to.roleId`);
      if (action.to.kind === "channel" && !channelIdPattern.test(action.to.channelId)) {
        problems.push({ field: `${at}.to.channelId`, message: "This is not a Teams channel id." });
      }
      return;
    case "noop":
      return;
  }
}

export function checkWorkflowDefinition(input: WorkflowInput, context: ValidationContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.name.trim() === "") problems.push({ field: "name", message: "Give the workflow a name." });
  checkTrigger(input, context, problems);
  checkConditions(input.conditions ?? { match: "all", rules: [] }, context.form, problems);
  if (input.actions.length === 0) problems.push({ field: "actions", message: "A workflow does at least one thing: add an action." });
  if (input.actions.length > workflowLimits.actionsPerWorkflow) problems.push({ field: "actions", message: `At most ${workflowLimits.actionsPerWorkflow} actions.` });
  input.actions.forEach((action, index) => checkAction(action, input, context, `actions[${index}]`, problems));
  (input.roleIds ?? []).forEach((roleId, index) => {
    if (!context.roleIds.includes(roleId)) problems.push({ field: `roleIds[${index}]`, message: `There is no role "${roleId}".` });
  });
  if (problems.length === 0 && input.enabled !== false) {
    const loop = findLoop([...context.others.filter((other) => other.enabled), { ...input, id: "(this workflow)" }]);
    if (loop) {
      problems.push({
        field: "actions",
        message: `These workflows would trigger each other without end: ${loop.join(" → ")}. Add a condition that stops the chain (for example "status is not Closed"), or change the trigger or the actions.`,
      });
    }
  }
  return problems;
}

// ---- loops ----

type Signal = { kind: "updated" } | { kind: "assigned" } | { kind: "field"; field: string; value: unknown };

/** What a workflow's actions make happen to the record, as other triggers see it. */
function signalsOf(actions: readonly WorkflowAction[]): Signal[] {
  const signals: Signal[] = [];
  for (const action of actions) {
    if (action.type === "assign") signals.push({ kind: "assigned" });
    if (action.type === "setField") signals.push({ kind: "updated" }, { kind: "field", field: action.field, value: action.value });
    if (action.type === "moveStage") signals.push({ kind: "updated" }, { kind: "field", field: "stageId", value: action.stageId });
  }
  return signals;
}

function starts(signal: Signal, trigger: Trigger): boolean {
  const field = (key: string, to: unknown) => signal.kind === "field" && signal.field === key && (to === undefined || to === signal.value);
  switch (trigger.type) {
    case "updated":
      return signal.kind === "updated";
    case "assigned":
      return signal.kind === "assigned";
    case "fieldChanged":
      return field(trigger.field, trigger.to);
    case "statusChanged":
      return field("status", trigger.to);
    case "stageChanged":
      return field("stageId", trigger.to);
    default:
      return false;
  }
}

type LoopNode = Pick<WorkflowDefinition, "id" | "name" | "entity" | "trigger" | "actions"> & { conditions?: ConditionGroup };

/**
 * A chain of workflows that start one another and come back to the first. Only
 * unconditional workflows count: a condition can stop a chain, and the engine's
 * depth limit stops the rest at run time.
 */
export function findLoop(workflows: readonly LoopNode[]): string[] | undefined {
  const nodes = workflows.filter((workflow) => (workflow.conditions?.rules.length ?? 0) === 0);
  const next = (from: LoopNode) => nodes.filter((to) => to.entity === from.entity && signalsOf(from.actions).some((signal) => starts(signal, to.trigger)));
  const state = new Map<string, "visiting" | "done">();
  const path: LoopNode[] = [];
  const visit = (node: LoopNode): string[] | undefined => {
    state.set(node.id, "visiting");
    path.push(node);
    for (const target of next(node)) {
      if (state.get(target.id) === "visiting") {
        const start = path.findIndex((candidate) => candidate.id === target.id);
        return [...path.slice(start), target].map((candidate) => candidate.name);
      }
      if (!state.has(target.id)) {
        const found = visit(target);
        if (found) return found;
      }
    }
    path.pop();
    state.set(node.id, "done");
    return undefined;
  };
  for (const node of nodes) {
    if (!state.has(node.id)) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return undefined;
}
