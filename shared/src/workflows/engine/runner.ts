/**
 * Runs one job of the workflow queue: finds its workflow, evaluates the conditions
 * once (the plan, saved as it goes so a retry continues where the last attempt
 * stopped and does not re-evaluate conditions its own first actions changed), runs
 * the actions, records the run; on failure retries with backoff or dead-letters.
 */
import type { CrmRecord } from "../../domain/records.js";
import type { Actor } from "../../policy/model.js";
import type { Clock } from "../../services/clock.js";
import type { AuditRepository } from "../../storage/audit-repository.js";
import type { RetryPolicy } from "../../storage/job-worker.js";
import { failJob } from "../../storage/job-worker.js";
import type { RecordRepository } from "../../storage/record-repository.js";
import type { RunLog } from "../../storage/run-log.js";
import type { QueuedWorkflowJob, WorkflowQueue, WorkflowTimers } from "../../storage/workflow-stores.js";
import type { ActionRunner } from "../actions/dispatch.js";
import { evaluateConditions } from "../conditions.js";
import { describeAction, personRef } from "../describe.js";
import { basisOf, basisOfRun, fieldsOfAction } from "../hidden-fields.js";
import type { JobPlan, LetterDetails } from "../jobs.js";
import { recordOfJob, workflowOfJob } from "../jobs.js";
import type { WorkflowDefinition } from "../model.js";
import type { RunStatus } from "../runs.js";
import type { ChangeDiff, RecordEvent } from "../triggers.js";
import { matchesEvent } from "../triggers.js";
import { actingAt, chainStopped } from "./chain-depth.js";
import { failureMessage, isPermanent } from "./failures.js";
import { runRecord } from "./run-record.js";
import type { RunOf } from "./run-record.js";
import type { Reminders } from "./reminders.js";
import type { DefinitionCache } from "./tenant-workflows.js";
import { TimeTriggers } from "./timers.js";

export type JobStatus = RunStatus | "handled";

export interface JobDoneInfo {
  tenantId: string;
  key: string;
  kind: QueuedWorkflowJob["job"]["kind"];
  status: JobStatus;
  /** Wall-clock ms from enqueue to done (for the benchmark). */
  lagMs: number;
}

interface RunnerParts {
  queue: WorkflowQueue;
  timers: WorkflowTimers;
  runs: RunLog;
  records: Pick<RecordRepository, "get" | "list">;
  audit: Pick<AuditRepository, "history">;
  clock: Clock;
  actions: ActionRunner;
  reminders: Reminders;
  workflowsOf(tenantId: string, cache?: DefinitionCache): Promise<WorkflowDefinition[]>;
  principal(tenantId: string, workflow: WorkflowDefinition): Promise<Actor>;
}

interface RunnerSettings {
  retry: RetryPolicy;
  maxDepth: number;
  logError: (message: string, error: unknown) => void;
  onJobDone?: (info: JobDoneInfo) => void;
}

type RunTarget = Pick<RunOf, "workflow" | "record" | "cause">;

export class WorkflowRunner {
  private readonly timeTriggers: TimeTriggers;

  constructor(
    private readonly parts: RunnerParts,
    private readonly settings: RunnerSettings,
  ) {
    this.timeTriggers = new TimeTriggers(parts.timers, parts.queue, parts.records, parts.clock, (job, workflow, record, cause) => this.execute(job, workflow, record, cause));
  }

  /** Handles the job whatever happens: an error retries it or makes it a dead letter. */
  async process(job: QueuedWorkflowJob, cache: DefinitionCache): Promise<void> {
    let status: JobStatus;
    try {
      status = await this.handle(job, cache);
    } catch (error) {
      status = await this.failed(job, error);
    }
    this.settings.onJobDone?.({ tenantId: job.tenantId, key: job.key, kind: job.job.kind, status, lagMs: Date.now() - job.enqueuedWall });
  }

  private async handle(job: QueuedWorkflowJob, cache: DefinitionCache): Promise<JobStatus> {
    const { tenantId, job: spec } = job;
    if (spec.kind === "reminder") return this.parts.reminders.remind(job, spec);
    const workflow = (await this.parts.workflowsOf(tenantId, cache)).find((candidate) => candidate.id === spec.workflowId);
    if (!workflow || (!workflow.enabled && spec.kind !== "manual")) {
      if (spec.kind === "timer") await this.timeTriggers.forget(tenantId, spec);
      return this.drop(job);
    }
    switch (spec.kind) {
      case "event": {
        const diff = workflow.trigger.type === "fieldChanged" ? await this.diffOf(tenantId, spec.event, spec.changeId) : undefined;
        if (!matchesEvent(workflow.trigger, spec.event, diff)) return this.drop(job);
        if (job.depth > this.settings.maxDepth) return this.stopChain(job, workflow, spec.event);
        const record = await this.parts.records.get(tenantId, workflow.entity, spec.event.recordId);
        return record ? this.execute(job, workflow, record, spec.event.type) : this.drop(job);
      }
      case "schedule":
        await this.timeTriggers.schedule(tenantId, workflow, spec.recordId, spec.activityAt);
        return this.drop(job);
      case "timer":
        return this.timeTriggers.fire(job, workflow, spec);
      case "manual": {
        const record = await this.parts.records.get(tenantId, workflow.entity, spec.recordId);
        return record ? this.execute(job, workflow, record, `run by ${spec.requestedBy}`) : this.drop(job);
      }
      case "backfill":
        return this.timeTriggers.backfill(job, workflow, spec);
    }
  }

  /** Evaluates the conditions once, then runs the actions from where the last attempt stopped. */
  async execute(job: QueuedWorkflowJob, workflow: WorkflowDefinition, record: CrmRecord, cause: string): Promise<RunStatus> {
    const { queue } = this.parts;
    let plan = job.plan;
    if (!plan) {
      const conditions = evaluateConditions(workflow.conditions, record);
      plan = { conditions, next: 0, outcomes: [] };
      if (!conditions.passed) {
        await this.record(job, { workflow, record, cause }, "conditionsNotMet", plan);
        await queue.complete(job);
        return "conditionsNotMet";
      }
      // With more than one action, a retry must not re-evaluate conditions the first actions changed.
      if (workflow.actions.length > 1) job.etag = await queue.savePlan(job, plan);
    }
    const actor = await this.parts.principal(job.tenantId, workflow);
    const context = { tenantId: job.tenantId, workflow, actor, record, now: this.parts.clock.now(), causedAt: job.causedAt, depth: job.depth, actionKey: "" };
    for (let index = plan.next; index < workflow.actions.length; index += 1) {
      const action = workflow.actions[index]!;
      context.actionKey = `${job.key}#${index}`;
      const fields = fieldsOfAction(action, workflow.entity);
      const shown = { type: action.type, description: describeAction(action, personRef), ...(fields.length > 0 ? { fields } : {}) };
      try {
        const result = await actingAt(job.depth, () => this.parts.actions.run(action, context));
        plan.outcomes[index] = { ...shown, ...result };
      } catch (error) {
        const reason = failureMessage(error, this.settings.logError, job.key);
        plan.outcomes[index] = { ...shown, outcome: "failed", detail: reason };
        job.plan = plan;
        return this.failed(job, error, { workflow, record: context.record, cause }, reason);
      }
      plan.next = index + 1;
      if (plan.next < workflow.actions.length) {
        job.plan = plan;
        job.etag = await queue.savePlan(job, plan);
      }
    }
    await this.record(job, { workflow, record: context.record, cause }, "done", plan);
    await queue.complete(job);
    return "done";
  }

  /** Retries later, or turns the job into a dead letter when a retry cannot help or attempts ran out. */
  private async failed(job: QueuedWorkflowJob, error: unknown, run?: RunTarget, reason = failureMessage(error, this.settings.logError, job.key)): Promise<RunStatus> {
    const workflowId = workflowOfJob(job.job);
    const recordId = recordOfJob(job.job);
    const basis = run ? basisOf(run.workflow.trigger, job.plan?.conditions) : undefined;
    const details: LetterDetails = { ...(workflowId ? { workflowId } : {}), ...(recordId ? { recordId } : {}), ...(basis ? { basis } : {}) };
    const step = await failJob(this.parts.queue, job, { reason, permanent: isPermanent(error), now: this.parts.clock.now(), details }, this.settings.retry);
    const tried = { ...job, attempts: job.attempts + 1 };
    if (step.outcome === "failed") {
      if (run) await this.record(tried, run, "failed", job.plan, step.reason);
      return "failed";
    }
    if (run) await this.record(tried, run, "retrying", job.plan, `${reason} Trying again at ${new Date(step.retryAt).toISOString()}.`);
    return "retrying";
  }

  private async stopChain(job: QueuedWorkflowJob, workflow: WorkflowDefinition, event: RecordEvent): Promise<RunStatus> {
    const message = chainStopped(workflow.name, job.depth, this.settings.maxDepth);
    await this.record(job, { workflow, record: { entity: workflow.entity, id: event.recordId }, cause: event.type }, "stopped", undefined, message);
    await this.parts.queue.complete(job);
    return "stopped";
  }

  /** The record's form data before and after the change, from the change's audit entry. */
  private async diffOf(tenantId: string, event: RecordEvent, changeId: string): Promise<ChangeDiff | undefined> {
    let token: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const history = await this.parts.audit.history(tenantId, event.entity, event.recordId, 25, token);
      const entry = history.items.find((item) => item.id === changeId);
      if (entry) return { before: (entry.before ?? {}) as Record<string, unknown>, after: (entry.after ?? {}) as Record<string, unknown> };
      token = history.continuationToken;
      if (!token) break;
    }
    return undefined;
  }

  private async record(job: QueuedWorkflowJob, target: RunTarget, status: RunStatus, plan?: JobPlan, message?: string): Promise<void> {
    const run = runRecord({ job, ...target, status, ...(plan ? { plan } : {}), ...(message ? { message } : {}), finishedAt: this.parts.clock.now().toISOString() });
    await this.parts.runs.record(job.tenantId, run, basisOfRun(run));
  }

  private async drop(job: QueuedWorkflowJob): Promise<"handled"> {
    await this.parts.queue.complete(job);
    return "handled";
  }
}
