/**
 * The vocabulary of workflows: what starts one (trigger), what it checks
 * (conditions) and what it does (actions). Pure types and constants, no I/O.
 * The shapes themselves are the schemas in schema.ts; this file imports only their
 * types, so loading it (the tab does, through `@crm/shared/vocabulary`) loads no TypeBox.
 */
import type { Duration, Trigger, TriggerType, WorkflowInput } from "./schema.js";

export { actionTypes, conditionOperators, timeUnits, triggerTypes } from "./kinds.js";
/** Each of these is `Static<typeof ...>` of its schema in schema.ts: the schemas are the one source. */
export type {
  ActionType,
  Condition,
  ConditionGroup,
  ConditionOperator,
  ConditionValue,
  Duration,
  TimeUnit,
  Trigger,
  TriggerType,
  UserPool,
  WorkflowAction,
  WorkflowInput,
  WorkflowRecipient,
} from "./schema.js";

const timeTriggerTypes: readonly TriggerType[] = ["timeAfterField", "noActivity", "dueDatePassed"];
export const isTimeTrigger = (trigger: Trigger): trigger is Extract<Trigger, { type: "timeAfterField" | "noActivity" | "dueDatePassed" }> => timeTriggerTypes.includes(trigger.type);

/** A saved workflow: what was sent, with the server's defaults filled in, and its bookkeeping. */
export interface WorkflowDefinition extends Required<Omit<WorkflowInput, "template">> {
  id: string;
  /** The template it started from, if any. */
  template?: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

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
