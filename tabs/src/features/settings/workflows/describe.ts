/**
 * Workflows in plain language, with the tenant's own names for fields, users, roles and
 * stages; plus the editor's labels and helpers. Pure.
 */
import type { FieldDefinition, FieldType, Pipeline } from "../../../api/types";
import {
  describeAction as sharedDescribeAction,
  describeCondition as sharedDescribeCondition,
  describeRecipient as sharedDescribeRecipient,
  describeTrigger as sharedDescribeTrigger,
} from "@crm/shared/vocabulary";
import type { Condition, ConditionOperator, Recipient, RunStatus, Trigger, TriggerType, UserPool, WorkflowAction } from "./workflow-api";

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

/** What the tenant calls the ids a workflow names: its form's fields, people, roles and stages. */
export interface Names {
  fields: readonly FieldChoice[];
  userName: (id: string) => string;
  roleName: (id: string) => string;
  stageName: (id: string) => string;
}

export function namesFor(form: readonly FieldDefinition[], pipelines: readonly Pipeline[], users: (id: string) => string, roles: readonly { id: string; name: string }[]): Names {
  const stages = new Map(pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => [stage.id, stage.name] as const)));
  return {
    fields: conditionFields(form),
    userName: (id) => users(id) || id,
    roleName: (id) => roles.find((role) => role.id === id)?.name ?? id,
    stageName: (id) => stages.get(id) ?? id,
  };
}

const fieldLabel = (names: Names, key: string) => names.fields.find((field) => field.key === key)?.label ?? key;

/*
 * The sentences are the server's (`@crm/shared/vocabulary`, the same words the dry run and
 * the run history use); they show fields, stages and roles as the definition names them.
 * So the tab hands them a definition whose ids are already what people call them here:
 * field labels, stage and role names, people's display names.
 */

function namedTrigger(trigger: Trigger, names: Names): Trigger {
  switch (trigger.type) {
    case "fieldChanged":
    case "timeAfterField":
    case "dueDatePassed":
      return { ...trigger, field: fieldLabel(names, trigger.field) };
    case "stageChanged":
      return {
        type: "stageChanged",
        ...(trigger.from !== undefined ? { from: names.stageName(trigger.from) } : {}),
        ...(trigger.to !== undefined ? { to: names.stageName(trigger.to) } : {}),
      };
    default:
      return trigger;
  }
}

const namedRecipient = (recipient: Recipient, names: Names): Recipient => (recipient.kind === "role" ? { kind: "role", roleId: names.roleName(recipient.roleId) } : recipient);

/** Whom an assignment picks from, named; an editor's empty pool reads "(nobody yet)". */
function namedPool(pool: UserPool, names: Names): UserPool {
  const userIds = pool.userIds ?? [];
  if (userIds.length === 0 && !pool.roleId) return { userIds: ["(nobody yet)"] };
  return { userIds, ...(pool.roleId ? { roleId: names.roleName(pool.roleId) } : {}) };
}

function namedAction(action: WorkflowAction, names: Names): WorkflowAction {
  switch (action.type) {
    case "assign":
      return action.strategy === "user" ? action : { ...action, pool: namedPool(action.pool, names) };
    case "setField":
      return { ...action, field: fieldLabel(names, action.field) };
    case "moveStage":
      return { ...action, stageId: names.stageName(action.stageId) };
    case "notify":
      return { ...action, to: namedRecipient(action.to, names) };
    default:
      return action;
  }
}

export const describeTrigger = (trigger: Trigger, names: Names): string => sharedDescribeTrigger(namedTrigger(trigger, names));

/** A condition on a person (the owner, a user field) names them. */
export function describeCondition(condition: Condition, names: Names): string {
  const kind = names.fields.find((field) => field.key === condition.field)?.kind;
  const person = (value: string | number) => names.userName(String(value));
  const value = kind === "user" && condition.value !== undefined ? (Array.isArray(condition.value) ? condition.value.map(person) : person(String(condition.value))) : condition.value;
  return sharedDescribeCondition({ field: fieldLabel(names, condition.field), op: condition.op, ...(value !== undefined ? { value } : {}) });
}

export const describeRecipient = (recipient: Recipient, names: Names): string => sharedDescribeRecipient(namedRecipient(recipient, names), names.userName);

export const describeAction = (action: WorkflowAction, names: Names): string => sharedDescribeAction(namedAction(action, names), names.userName);

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

export const operatorLabels: Record<ConditionOperator, string> = {
  equals: "is",
  notEquals: "is not",
  in: "is one of",
  notIn: "is none of",
  contains: "contains",
  greaterThan: "is greater than",
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

export const actionLabels: Record<WorkflowAction["type"], string> = {
  assign: "Assign it",
  setField: "Set a field",
  moveStage: "Move to a stage",
  addNote: "Add a note",
  createTask: "Create a task or reminder",
  notify: "Notify someone",
  noop: "Do nothing (record the run only)",
};

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
