/** The background jobs of workflows, as the job queue stores them. Types only. */
import type { EntityType } from "../policy/model.js";
import type { ConditionsOutcome } from "./conditions.js";
import type { RunBasis } from "./hidden-fields.js";
import type { ActionOutcomeRecord } from "./runs.js";
import type { RecordEvent } from "./triggers.js";

export type WorkflowJob =
  | { kind: "event"; workflowId: string; changeId: string; event: RecordEvent }
  | { kind: "schedule"; workflowId: string; entity: EntityType; recordId: string; activityAt?: string }
  | { kind: "timer"; workflowId: string; entity: EntityType; recordId: string; dueAt: number }
  | { kind: "manual"; workflowId: string; entity: EntityType; recordId: string; requestedBy: string }
  | { kind: "reminder"; taskId: string; userId: string }
  | { kind: "backfill"; workflowId: string; entity: EntityType; continuationToken?: string };

/** What the first attempt decided; later attempts reuse it so a retry does the same thing. */
export interface JobPlan {
  conditions: ConditionsOutcome;
  /** Index of the next action to run. */
  next: number;
  outcomes: ActionOutcomeRecord[];
}

/** What a workflow's dead letter says besides the job: its workflow and record, and what decided that it got as far as failing. */
export interface LetterDetails {
  workflowId?: string;
  recordId?: string;
  /** Its trigger's fields and its conditions, for whom may see it. */
  basis?: RunBasis;
}

/** The workflow whose dead-letter count a job's letter moves. */
export const workflowOfJob = (job: WorkflowJob): string | undefined => ("workflowId" in job ? job.workflowId : undefined);

/** The record a job concerns, if any. */
export const recordOfJob = (job: WorkflowJob): string | undefined => ("recordId" in job ? job.recordId : job.kind === "event" ? job.event.recordId : undefined);

/** Jobs that must not overlap run in this order: a record's (events, timers, runs), a task's reminders, a workflow's backfill. */
export const orderOfJob = (job: WorkflowJob): string => (job.kind === "reminder" ? `task:${job.taskId}` : job.kind === "backfill" ? `backfill:${job.workflowId}` : `record:${recordOfJob(job)}`);
