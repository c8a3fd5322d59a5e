/**
 * The vocabulary of workflows: what starts one (trigger), what it checks
 * (conditions) and what it does (actions). Pure types and constants, no I/O.
 */
import type { EntityType } from "../policy/model.js";

export const timeUnits = ["minutes", "hours", "days"] as const;
export type TimeUnit = (typeof timeUnits)[number];

export interface Duration {
  amount: number;
  unit: TimeUnit;
}

export type Trigger =
  | { type: "created" }
  | { type: "updated" }
  /** A form field changed; `from`/`to` narrow it to one value before or after. */
  | { type: "fieldChanged"; field: string; from?: string | number | boolean; to?: string | number | boolean }
  | { type: "stageChanged"; from?: string; to?: string }
  | { type: "statusChanged"; from?: string; to?: string }
  | { type: "assigned" }
  /** A date field (or createdAt/updatedAt) plus a duration. */
  | { type: "timeAfterField"; field: string; after: Duration }
  /** No update and no note for this long. */
  | { type: "noActivity"; after: Duration }
  /** The day after the date in `field`. */
  | { type: "dueDatePassed"; field: string }
  /** Runs only when someone starts it on a record. */
  | { type: "manual" };

export type TriggerType = Trigger["type"];
export const triggerTypes: readonly TriggerType[] = ["created", "updated", "fieldChanged", "stageChanged", "statusChanged", "assigned", "timeAfterField", "noActivity", "dueDatePassed", "manual"];
const timeTriggerTypes: readonly TriggerType[] = ["timeAfterField", "noActivity", "dueDatePassed"];
export const isTimeTrigger = (trigger: Trigger): trigger is Extract<Trigger, { type: "timeAfterField" | "noActivity" | "dueDatePassed" }> => timeTriggerTypes.includes(trigger.type);

export const conditionOperators = ["equals", "notEquals", "in", "notIn", "contains", "greaterThan", "lessThan", "empty", "notEmpty"] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

export type ConditionValue = string | number | boolean | (string | number)[];

export interface Condition {
  /** A form field key, or `ownerId`. */
  field: string;
  op: ConditionOperator;
  value?: ConditionValue;
}

export interface ConditionGroup {
  match: "all" | "any";
  rules: Condition[];
}

/** Whom an assignment may pick: named users, holders of a role, or both. */
export interface UserPool {
  userIds?: string[];
  roleId?: string;
}

export type WorkflowRecipient = { kind: "owner" } | { kind: "user"; userId: string } | { kind: "role"; roleId: string } | { kind: "channel"; channelId: string };

export type WorkflowAction =
  | { type: "assign"; strategy: "user"; userId: string }
  | { type: "assign"; strategy: "roundRobin" | "leastOpen"; pool: UserPool }
  | { type: "setField"; field: string; value: string | number | boolean | string[] | null }
  | { type: "moveStage"; stageId: string }
  | { type: "addNote"; text: string }
  | { type: "createTask"; kind: "task" | "reminder"; title: string; due: Duration; assignTo: { kind: "owner" } | { kind: "user"; userId: string } }
  | { type: "notify"; to: WorkflowRecipient; message: string }
  /** Does nothing but is recorded; for measuring the engine and trying a trigger. */
  | { type: "noop" };

export type ActionType = WorkflowAction["type"];
export const actionTypes = ["assign", "setField", "moveStage", "addNote", "createTask", "notify", "noop"] as const satisfies readonly ActionType[];

export interface WorkflowDefinition {
  id: string;
  name: string;
  description: string;
  entity: EntityType;
  enabled: boolean;
  trigger: Trigger;
  conditions: ConditionGroup;
  actions: WorkflowAction[];
  /**
   * The roles the workflow acts with, stored at save time: the ones named (the author
   * must hold each), or the author's own when none are. No roles, no permissions.
   */
  roleIds: string[];
  /** The template it started from, if any. */
  template?: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** What an Owner sends; the server fills in the rest. */
export type WorkflowInput = Pick<WorkflowDefinition, "name" | "entity" | "trigger" | "actions"> & Partial<Pick<WorkflowDefinition, "description" | "enabled" | "conditions" | "roleIds" | "template">>;

export const workflowLimits = {
  actionsPerWorkflow: 20,
  conditionsPerWorkflow: 30,
  workflowsPerTenant: 200,
  /** How many workflow changes may follow one another before the chain is stopped. */
  maxDepth: 5,
  maxDurationDays: 3650,
} as const;

/** System properties a condition or a date trigger may name besides form fields. */
export const systemDateFields = ["createdAt", "updatedAt"] as const;

export function durationMs(duration: Duration): number {
  const unit = duration.unit === "minutes" ? 60_000 : duration.unit === "hours" ? 3_600_000 : 86_400_000;
  return duration.amount * unit;
}

/** A principal id for a workflow: what the audit log and notes show as the actor. */
export const workflowActorId = (workflowId: string): string => `workflow.${workflowId}`;
