/** What a workflow run leaves behind: its record in the run history and each workflow's summary. Types only. */
import type { ConditionsOutcome } from "./conditions.js";

export type RunStatus = "done" | "conditionsNotMet" | "retrying" | "failed" | "stopped";

/** What one action did. `fields`: the record fields whose values the detail may show (readers who may not see them get it blanked). */
export interface ActionOutcomeRecord {
  type: string;
  description: string;
  outcome: "done" | "skipped" | "failed";
  detail?: string;
  fields?: string[];
}

export interface RunRecord {
  id: string;
  tenantId: string;
  workflowId: string;
  workflowName: string;
  entity: string;
  recordId: string;
  /** The trigger in plain language, and what actually happened (event type, timer, manual). */
  trigger: string;
  /** The fields the trigger read (what the run's existence tells; older runs lack it). */
  triggerFields?: string[];
  cause: string;
  status: RunStatus;
  conditions?: ConditionsOutcome;
  actions: ActionOutcomeRecord[];
  attempts: number;
  /** When its cause happened (the change, the timer's due time, the manual start). */
  causedAt: string;
  finishedAt: string;
  /** Why it stopped or failed, in words for the Owner. */
  message?: string;
  depth: number;
  /**
   * The users its texts name by id (from the actions and their outcomes). Readers
   * show them by name (`WorkflowService`); older runs lack it and are named by
   * every user of the tenant.
   */
  people?: string[];
}

/** A workflow's last run, as its summary row keeps it. */
export type LastRun = Pick<RunRecord, "id" | "status" | "finishedAt" | "causedAt" | "recordId">;
