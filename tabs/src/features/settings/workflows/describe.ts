/** Workflows in plain language, with the tenant's own names for fields, users, roles and stages. Pure. */
import type { EntityType, FieldDefinition, FieldType, Pipeline } from "../../../api/types";
import { entityLabels } from "../../../api/types";
import type { Condition, ConditionOperator, Duration, Recipient, RunStatus, Trigger, TriggerType, WorkflowAction } from "./workflow-api";

export type FieldKind = FieldType | "timestamp";
export interface FieldChoice {
  key: string;
  label: string;
  kind: FieldKind;
  options?: string[];
}

/** The fields a condition may name: the current form, the owner, and when the record was created or changed. */
export function conditionFields(form: readonly FieldDefinition[]): FieldChoice[] {
  return [
    ...[...form].sort((a, b) => a.order - b.order).map((field) => ({ key: field.key, label: field.label, kind: field.type, ...(field.options ? { options: field.options } : {}) })),
    { key: "ownerId", label: "Owner", kind: "user" },
    { key: "createdAt", label: "Created on", kind: "timestamp" },
    { key: "updatedAt", label: "Last changed on", kind: "timestamp" },
  ];
}

export const dateFields = (form: readonly FieldDefinition[]): FieldChoice[] => conditionFields(form).filter((field) => field.kind === "date" || field.kind === "timestamp");

export interface Names {
  entity: EntityType;
  fields: readonly FieldChoice[];
  userName: (id: string) => string;
  roleName: (id: string) => string;
  stageName: (id: string) => string;
}

export function namesFor(entity: EntityType, form: readonly FieldDefinition[], pipelines: readonly Pipeline[], users: (id: string) => string, roles: readonly { id: string; name: string }[]): Names {
  const stages = new Map(pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.name] as const)));
  return {
    entity,
    fields: conditionFields(form),
    userName: (id) => users(id) || id,
    roleName: (id) => roles.find((role) => role.id === id)?.name ?? id,
    stageName: (id) => stages.get(id) ?? id,
  };
}

const fieldLabel = (names: Names, key: string) => names.fields.find((field) => field.key === key)?.label ?? key;
export const durationText = (duration: Duration) => `${duration.amount} ${duration.amount === 1 ? duration.unit.replace(/s$/, "") : duration.unit}`;
const quoted = (value: unknown): string => (Array.isArray(value) ? value.map(quoted).join(", ") : typeof value === "string" ? `“${value}”` : String(value));

export const triggerLabels: Record<TriggerType, string> = {
  created: "is created",
  updated: "is changed",
  fieldChanged: "has a field changed",
  stageChanged: "moves to another stage",
  statusChanged: "changes status",
  assigned: "is given to someone",
  timeAfterField: "reaches a time after a date",
  noActivity: "has had no activity for a while",
  dueDatePassed: "is past a date",
  manual: "is picked by someone (run by hand)",
};

export function describeTrigger(trigger: Trigger, names: Names): string {
  const one = entityLabels[names.entity].one.toLowerCase();
  const narrowed = (from: string | number | boolean | undefined, to: string | number | boolean | undefined, show: (value: string) => string = (value) => quoted(value)) =>
    `${from !== undefined ? ` from ${show(String(from))}` : ""}${to !== undefined ? ` to ${show(String(to))}` : ""}`;
  switch (trigger.type) {
    case "created":
      return `When a ${one} is created`;
    case "updated":
      return `When a ${one} is changed`;
    case "fieldChanged":
      return `When ${fieldLabel(names, trigger.field)} changes${narrowed(trigger.from, trigger.to)}`;
    case "stageChanged":
      return `When the stage changes${narrowed(trigger.from, trigger.to, (id) => quoted(names.stageName(id)))}`;
    case "statusChanged":
      return `When the status changes${narrowed(trigger.from, trigger.to)}`;
    case "assigned":
      return `When a ${one} is given to someone`;
    case "timeAfterField":
      return `${durationText(trigger.after)} after ${fieldLabel(names, trigger.field)}`;
    case "noActivity":
      return `When nothing has happened on a ${one} for ${durationText(trigger.after)}`;
    case "dueDatePassed":
      return `When ${fieldLabel(names, trigger.field)} has passed`;
    case "manual":
      return "When someone runs it on a record";
  }
}

export const operatorLabels: Record<ConditionOperator, string> = {
  equals: "is",
  notEquals: "is not",
  in: "is one of",
  notIn: "is none of",
  contains: "contains",
  greaterThan: "is more than",
  lessThan: "is less than",
  empty: "is empty",
  notEmpty: "is not empty",
};

/** Operators that make sense for a kind of field (the server checks anyway). */
export function operatorsFor(kind: FieldKind): ConditionOperator[] {
  switch (kind) {
    case "number":
    case "currency":
    case "date":
    case "timestamp":
      return ["equals", "notEquals", "greaterThan", "lessThan", "empty", "notEmpty"];
    case "boolean":
      return ["equals", "notEquals", "empty", "notEmpty"];
    case "choice":
    case "user":
      return ["equals", "notEquals", "in", "notIn", "empty", "notEmpty"];
    case "multiChoice":
      return ["contains", "in", "notIn", "empty", "notEmpty"];
    default:
      return ["equals", "notEquals", "contains", "in", "notIn", "empty", "notEmpty"];
  }
}

export function describeCondition(condition: Condition, names: Names): string {
  const field = names.fields.find((candidate) => candidate.key === condition.field);
  const show = (value: unknown) => (field?.kind === "user" ? names.userName(String(value)) : quoted(value));
  const value = condition.value === undefined ? "" : ` ${Array.isArray(condition.value) ? condition.value.map(show).join(", ") : show(condition.value)}`;
  return `${fieldLabel(names, condition.field)} ${operatorLabels[condition.op]}${value}`;
}

export function describeRecipient(recipient: Recipient, names: Names): string {
  switch (recipient.kind) {
    case "owner":
      return "the record's owner";
    case "user":
      return names.userName(recipient.userId);
    case "role":
      return `everyone with the role ${names.roleName(recipient.roleId)}`;
    case "channel":
      return `the Teams channel ${recipient.channelId}`;
  }
}

export const actionLabels: Record<WorkflowAction["type"], string> = {
  assign: "Assign it",
  setField: "Set a field",
  moveStage: "Move to a stage",
  addNote: "Add a note",
  createTask: "Create a task or reminder",
  notify: "Notify someone",
  noop: "Do nothing (record the run only)",
};

export function describeAction(action: WorkflowAction, names: Names): string {
  switch (action.type) {
    case "assign": {
      if (action.strategy === "user") return `Assign it to ${names.userName(action.userId)}`;
      const pool = [...(action.pool.userIds ?? []).map(names.userName), ...(action.pool.roleId ? [`everyone with the role ${names.roleName(action.pool.roleId)}`] : [])];
      return `Assign it ${action.strategy === "roundRobin" ? "in turn" : "to whoever has the fewest open records"} among ${pool.join(", ") || "(nobody yet)"}`;
    }
    case "setField":
      return action.value === null ? `Clear ${fieldLabel(names, action.field)}` : `Set ${fieldLabel(names, action.field)} to ${quoted(action.value)}`;
    case "moveStage":
      return `Move it to the stage ${quoted(names.stageName(action.stageId))}`;
    case "addNote":
      return `Add the note ${quoted(action.text)}`;
    case "createTask":
      return `Give ${action.assignTo.kind === "owner" ? "the owner" : names.userName(action.assignTo.userId)} a ${action.kind} ${quoted(action.title)}, due in ${durationText(action.due)}`;
    case "notify":
      return `Tell ${describeRecipient(action.to, names)}: ${quoted(action.message)}`;
    case "noop":
      return "Do nothing (the run is recorded)";
  }
}

export const runStatusText: Record<RunStatus, { label: string; color: "success" | "informative" | "warning" | "danger" | "subtle" }> = {
  done: { label: "Done", color: "success" },
  conditionsNotMet: { label: "Conditions not met", color: "informative" },
  retrying: { label: "Retrying", color: "warning" },
  failed: { label: "Failed", color: "danger" },
  stopped: { label: "Stopped", color: "warning" },
  concealed: { label: "Outcome not shown", color: "subtle" },
};

/** Why a result is not shown: it depends on fields the viewer's role hides. */
export const concealedText = "Depends on fields your role does not show";

/** A DOM id for the control that edits `path` (e.g. `actions[0].userId`), so an error summary can focus it. */
export const controlId = (path: string) => `wf-${path.replace(/[^a-zA-Z0-9]+/g, "-")}`;

/** Server problems by path. `at(path)` gives the messages for that path and its list items (`value[1]`). */
export class FieldErrors {
  constructor(readonly problems: readonly { field: string; message: string }[] = []) {}
  at(path: string): string | undefined {
    const messages = this.problems.filter((problem) => problem.field === path || problem.field.startsWith(`${path}[`)).map((problem) => problem.message);
    return messages.length > 0 ? [...new Set(messages)].join(" ") : undefined;
  }
  get empty() {
    return this.problems.length === 0;
  }
}

/** Where a problem's path is in words: `actions[1].userId` → "Action 2". */
export function placeOf(path: string): string {
  const action = /^actions\[(\d+)\]/.exec(path);
  if (action) return `Action ${Number(action[1]) + 1}`;
  const rule = /^conditions\.rules\[(\d+)\]/.exec(path);
  if (rule) return `Condition ${Number(rule[1]) + 1}`;
  const transition = /^transitions\[(\d+)\]/.exec(path);
  if (transition) return `Transition ${Number(transition[1]) + 1}`;
  const sla = /^sla\[(\d+)\]/.exec(path);
  if (sla) return `SLA ${Number(sla[1]) + 1}`;
  if (path.startsWith("trigger")) return "Trigger";
  if (path.startsWith("conditions")) return "Conditions";
  if (path.startsWith("actions")) return "Actions";
  if (path.startsWith("roleIds")) return "Runs as";
  if (path.startsWith("statuses")) return "Statuses";
  if (path.startsWith("unansweredStatuses")) return "Unanswered statuses";
  return path === "name" ? "Name" : path;
}
