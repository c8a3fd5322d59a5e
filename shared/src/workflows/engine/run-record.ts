/** The run record a job leaves in the history: what started it, its conditions, what each action did, whom it names. Pure. */
import type { CrmRecord } from "../../domain/records.js";
import { hashKey } from "../../domain/ids.js";
import type { QueuedWorkflowJob } from "../../storage/workflow-stores.js";
import { describeTrigger, peopleIn, referencedPeople } from "../describe.js";
import { triggerFields } from "../hidden-fields.js";
import type { JobPlan } from "../jobs.js";
import type { WorkflowDefinition } from "../model.js";
import type { RunRecord, RunStatus } from "../runs.js";

export interface RunOf {
  job: Pick<QueuedWorkflowJob, "key" | "tenantId" | "attempts" | "causedAt" | "depth">;
  workflow: WorkflowDefinition;
  record: Pick<CrmRecord, "entity" | "id">;
  cause: string;
  status: RunStatus;
  plan?: JobPlan;
  message?: string;
  finishedAt: string;
}

export function runRecord({ job, workflow, record, cause, status, plan, message, finishedAt }: RunOf): RunRecord {
  const outcomes = plan?.outcomes ?? [];
  return {
    // The same job's run, on every attempt: a retry updates its row.
    id: hashKey(job.key),
    tenantId: job.tenantId,
    workflowId: workflow.id,
    workflowName: workflow.name,
    entity: record.entity,
    recordId: record.id,
    trigger: describeTrigger(workflow.trigger),
    triggerFields: triggerFields(workflow.trigger),
    cause,
    status,
    ...(plan ? { conditions: plan.conditions } : {}),
    actions: outcomes.filter(Boolean),
    attempts: job.attempts + (status === "done" || status === "conditionsNotMet" ? 1 : 0),
    causedAt: new Date(job.causedAt).toISOString(),
    finishedAt,
    ...(message ? { message } : {}),
    depth: job.depth,
    people: [...new Set([...workflow.actions.flatMap(peopleIn), ...outcomes.flatMap((outcome) => (outcome ? referencedPeople(`${outcome.description} ${outcome.detail ?? ""}`) : []))])],
  };
}
