/**
 * Time triggers. A time workflow keeps one timer per record (storage/timers.ts), due
 * at the computed time; record changes and notes enqueue a `schedule` job that moves
 * it. A timer that fires re-checks the record and runs once per due time. Enabling a
 * time workflow backfills timers for the records that exist, a page per job.
 */
import { hashKey } from "../../domain/ids.js";
import type { CrmRecord } from "../../domain/records.js";
import type { Clock } from "../../services/clock.js";
import type { RecordRepository } from "../../storage/record-repository.js";
import type { QueuedWorkflowJob, WorkflowQueue, WorkflowTimers } from "../../storage/workflow-stores.js";
import type { WorkflowJob } from "../jobs.js";
import type { WorkflowDefinition } from "../model.js";
import type { RunStatus } from "../runs.js";
import { dueAt } from "../triggers.js";

/** Runs the workflow on the record (the runner's `execute`). */
type Execute = (job: QueuedWorkflowJob, workflow: WorkflowDefinition, record: CrmRecord, cause: string) => Promise<RunStatus>;

/** One timer per (time workflow, record). */
const timerKey = (workflowId: string, recordId: string): string => `${workflowId}|${recordId}`;
const backfillPage = 100;

export class TimeTriggers {
  constructor(
    private readonly timers: WorkflowTimers,
    private readonly queue: WorkflowQueue,
    private readonly records: Pick<RecordRepository, "get" | "list">,
    private readonly clock: Clock,
    private readonly execute: Execute,
  ) {}

  /** Works out when the workflow's time trigger falls due for this record and keeps its timer there. */
  async schedule(tenantId: string, workflow: WorkflowDefinition, recordId: string, activityAt?: string): Promise<void> {
    const record = await this.records.get(tenantId, workflow.entity, recordId);
    const key = timerKey(workflow.id, recordId);
    const timer = await this.timers.get(tenantId, key);
    if (!record) return this.timers.cancel(tenantId, key, timer);
    const activity = [timer?.state.activityAt, activityAt]
      .filter((value): value is string => Boolean(value))
      .sort()
      .pop();
    const due = dueAt(workflow.trigger, record, activity);
    if (due === undefined) return this.timers.cancel(tenantId, key, timer);
    const job: WorkflowJob = { kind: "timer", workflowId: workflow.id, entity: workflow.entity, recordId, dueAt: due };
    const fire = { key: `t|${workflow.id}|${recordId}|${due}`, job, meta: { depth: 0, enqueuedAt: this.clock.now().toISOString(), causedAt: due } };
    await this.timers.set(tenantId, key, due, fire, activity ? { activityAt: activity } : {}, timer);
  }

  /** A timer's job came due: runs the workflow if the timer still stands at this time and the record still falls due then. */
  async fire(job: QueuedWorkflowJob, workflow: WorkflowDefinition, spec: Extract<WorkflowJob, { kind: "timer" }>): Promise<RunStatus | "handled"> {
    const { tenantId } = job;
    const key = timerKey(workflow.id, spec.recordId);
    const timer = await this.timers.get(tenantId, key);
    // A timer replaced by a later schedule, or one that already fired, does nothing.
    if (!this.timers.isDue(timer, spec.dueAt)) return this.done(job);
    const record = await this.records.get(tenantId, workflow.entity, spec.recordId);
    if (!record) {
      await this.timers.forget(tenantId, key);
      return this.done(job);
    }
    if (dueAt(workflow.trigger, record, timer.state.activityAt) !== spec.dueAt) {
      await this.schedule(tenantId, workflow, spec.recordId);
      return this.done(job);
    }
    const status = await this.execute(job, workflow, record, "timer");
    if (status !== "retrying") await this.timers.fired(tenantId, key, spec.dueAt);
    return status;
  }

  /** A disabled or deleted workflow's timer is forgotten, so enabling it again schedules afresh. */
  forget(tenantId: string, spec: Extract<WorkflowJob, { kind: "timer" }>): Promise<void> {
    return this.timers.forget(tenantId, timerKey(spec.workflowId, spec.recordId));
  }

  /** Schedules a newly enabled time trigger for one page of existing records, and enqueues the next page. */
  async backfill(job: QueuedWorkflowJob, workflow: WorkflowDefinition, spec: Extract<WorkflowJob, { kind: "backfill" }>): Promise<"handled"> {
    const page = await this.records.list(job.tenantId, spec.entity, {
      filters: {},
      sort: "newest",
      pageSize: backfillPage,
      ...(spec.continuationToken ? { continuationToken: spec.continuationToken } : {}),
    });
    for (const record of page.items) await this.schedule(job.tenantId, workflow, record.id);
    if (page.continuationToken) {
      const next: WorkflowJob = { ...spec, continuationToken: page.continuationToken };
      const now = this.clock.now();
      await this.queue.enqueue(job.tenantId, `${job.key.split("#")[0]}#${hashKey(page.continuationToken)}`, next, now.getTime(), { depth: 0, enqueuedAt: now.toISOString() });
    }
    return this.done(job);
  }

  private async done(job: QueuedWorkflowJob): Promise<"handled"> {
    await this.queue.complete(job);
    return "handled";
  }
}
