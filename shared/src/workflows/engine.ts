/**
 * The workflow engine, inside the one server.
 *
 * 1. The change writer delivers each domain event (at least once, with its change
 *    id) to `onEvent`, which enqueues one job per matching workflow, keyed by
 *    change id + workflow id: a redelivery finds the job already there.
 * 2. `tick()` drains due jobs under a lease, so one instance works at a time.
 *    A job's plan (conditions evaluated, actions done) is saved as it goes, so a
 *    retry continues where the last attempt stopped; every action is idempotent
 *    by its own key (see actions.ts).
 * 3. Failures retry with exponential backoff; a job that keeps failing, or fails
 *    in a way a retry cannot fix, becomes a dead letter the Owner sees and can retry.
 * 4. Time triggers are stored timer jobs, due later; business time comes only
 *    from the injected Clock. The polling cadence uses a real interval.
 * 5. Changes made by a workflow carry the chain depth to the jobs they cause; a
 *    chain longer than `maxDepth` stops with a message in the run history.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { AppError, forbidden } from "../errors/app-error.js";
import type { CrmRecord } from "../domain/records.js";
import type { Actor } from "../policy/model.js";
import type { CrmServices } from "../services/index.js";
import type { Clock } from "../services/clock.js";
import type { NotificationPort } from "../services/notifications.js";
import { auditDenial } from "../services/audit-context.js";
import type { DomainEvent } from "../storage/change-writer.js";
import { hashKey, timeOfId } from "../domain/ids.js";
import type { DeadLetter, JobQueueLayout, QueuedJob } from "../storage/job-queue.js";
import { JobQueue } from "../storage/job-queue.js";
import type { RetryPolicy } from "../storage/job-worker.js";
import { JobWorker, defaultRetryPolicy, failJob } from "../storage/job-worker.js";
import { LeaseManager } from "../storage/leases.js";
import { RunLog } from "../storage/run-log.js";
import { StoredNotificationPort } from "../storage/stored-notifications.js";
import { TaskRepository } from "../storage/task-repository.js";
import { Timers } from "../storage/timers.js";
import { WorkflowRepository } from "../storage/workflow-repository.js";
import { WorkflowSummaries } from "../storage/workflow-summaries.js";
import { AssignmentPicks } from "../storage/assignment-picks.js";
import { ActionRunner } from "./actions.js";
import { decideTransition, slaWorkflows } from "./case-workflow.js";
import { evaluateConditions } from "./conditions.js";
import { describeAction, describeTrigger, peopleIn, personRef, referencedPeople } from "./describe.js";
import { basisOf, basisOfRun, fieldsOfAction, triggerFields } from "./hidden-fields.js";
import type { JobPlan, LetterDetails, WorkflowJob as Job } from "./jobs.js";
import { recordOfJob, workflowOfJob } from "./jobs.js";
import type { WorkflowDefinition } from "./model.js";
import { isTimeTrigger, workflowLimits, workflowActorId } from "./model.js";
import type { RunRecord, RunStatus } from "./runs.js";
import type { ChangeDiff, RecordEvent } from "./triggers.js";
import { canStart, dueAt, isRecordEvent, matchesEvent, reschedulingEvents } from "./triggers.js";

/** The workflow queue's rows keep the names they had before there were other queues. */
export const workflowQueueLayout: JobQueueLayout = { jobs: "q", deadLetters: "dead", markers: "~due" };
export type WorkflowQueue = JobQueue<Job, JobPlan, LetterDetails>;
export type QueuedWorkflowJob = QueuedJob<Job, JobPlan>;
export type WorkflowDeadLetter = DeadLetter<Job, LetterDetails>;
type QueuedJob_ = QueuedWorkflowJob;

/** How many workflow changes led to the code now running (0 or absent: a person's change). */
const chainDepth = new AsyncLocalStorage<number>();

export interface JobDoneInfo {
  tenantId: string;
  key: string;
  kind: Job["kind"];
  status: RunStatus | "handled";
  /** Wall-clock ms from enqueue to done (for the benchmark). */
  lagMs: number;
}

export interface WorkflowEngineOptions {
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1-based), in ms of business time. */
  backoffMs?: (attempt: number) => number;
  maxDepth?: number;
  /** Jobs per tenant per tick. */
  batchSize?: number;
  holderId?: string;
  leaseMs?: number;
  onJobDone?: (info: JobDoneInfo) => void;
  /** Where the raw text of unexpected failures goes (users see only a reference); console.error by default. */
  logError?: (message: string, error: unknown) => void;
}

const workerLease = "workflow-worker";

/** Errors a retry cannot fix: the definition or the record no longer allows the action. */
const isPermanent = (error: unknown): boolean => error instanceof AppError && [400, 403, 404, 409, 413].includes(error.status);
/**
 * The failure in words for runs and dead letters (which users read). An unexpected
 * error's own text may hold storage or network details: it is logged with a short
 * reference, and only the reference is stored.
 */
function messageOf(error: unknown, log: (message: string, error: unknown) => void, jobKey: string): string {
  if (!(error instanceof AppError)) {
    const reference = randomUUID().replace(/-/g, "").slice(0, 8);
    log(`workflow job ${jobKey} failed unexpectedly (reference ${reference})`, error);
    return `Unexpected failure (reference ${reference}). The details are in the server log.`;
  }
  const fields = error.details?.fields ?? [];
  return fields.length === 0 ? error.message : `${error.message} ${fields.map((problem) => `${problem.field}: ${problem.message}`).join(" ")}`;
}

export class WorkflowEngine {
  readonly definitions: WorkflowRepository;
  readonly queue: WorkflowQueue;
  readonly timers: Timers<Job, { activityAt: string }>;
  readonly summaries: WorkflowSummaries;
  readonly runs: RunLog;
  readonly tasks: TaskRepository;
  readonly notifications: NotificationPort;
  /** Set when no port was given: notifications wait here for the bot. */
  readonly storedNotifications: StoredNotificationPort | undefined;
  readonly actions: ActionRunner;
  private readonly clock: Clock;
  private readonly worker: JobWorker<Job, JobPlan, LetterDetails>;
  private readonly retry: RetryPolicy;
  private readonly maxDepth: number;
  private readonly onJobDone: ((info: JobDoneInfo) => void) | undefined;
  private readonly logError: (message: string, error: unknown) => void;
  private attached = false;

  constructor(
    private readonly services: CrmServices,
    notifications?: NotificationPort,
    options: WorkflowEngineOptions = {},
  ) {
    this.clock = services.clock;
    this.definitions = new WorkflowRepository(services.store, services.changes, services.clock);
    this.queue = new JobQueue(services.store, workflowQueueLayout, workflowOfJob);
    this.timers = new Timers(services.store, this.queue, "timer", ["activityAt"]);
    this.summaries = new WorkflowSummaries(services.store, workflowQueueLayout);
    this.runs = new RunLog(services.store, this.summaries);
    this.tasks = new TaskRepository(services.store);
    this.storedNotifications = notifications ? undefined : new StoredNotificationPort(services.store, services.clock);
    this.notifications = notifications ?? this.storedNotifications!;
    this.actions = new ActionRunner(services, this.notifications, this.tasks, this.queue, new AssignmentPicks(services.store));
    const leases = new LeaseManager(services.store, options.holderId ?? randomUUID());
    this.retry = { maxAttempts: options.maxAttempts ?? defaultRetryPolicy.maxAttempts, backoffMs: options.backoffMs ?? defaultRetryPolicy.backoffMs };
    this.maxDepth = options.maxDepth ?? workflowLimits.maxDepth;
    const pass = () => {
      const cache = new Map<string, WorkflowDefinition[]>();
      return (job: QueuedJob_) => this.process(job, cache);
    };
    this.worker = new JobWorker(this.queue, leases, this.clock, pass, { lease: workerLease, ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}), ...(options.batchSize ? { batchSize: options.batchSize } : {}) });
    this.onJobDone = options.onJobDone;
    this.logError = options.logError ?? ((message, error) => console.error(message, error));
  }

  /** Subscribes to domain events and guards case status changes. Once per process. */
  attach(): this {
    if (this.attached) return this;
    this.attached = true;
    this.services.changes.onEvent((event, changeId) => this.onEvent(event, changeId));
    this.services.records.statusGuard = (actor, record, to) => this.guardCaseStatus(actor, record, to);
    return this;
  }

  /** Polls for due work every `intervalMs` (real time); business time still comes from the Clock. */
  start(intervalMs = 1000): void {
    this.worker.start(intervalMs);
  }

  /** Stops polling, lets the current pass finish, and hands the lease back. */
  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** One pass over the due work; returns how many jobs it handled. Calls never overlap. */
  tick(): Promise<number> {
    return this.worker.tick();
  }

  /** Ticks until nothing is due (tests and the benchmark drive the engine with this). */
  drain(maxTicks = 1000): Promise<number> {
    return this.worker.drain(maxTicks);
  }

  // ---- events in ----

  private async onEvent(event: DomainEvent, changeId: string): Promise<void> {
    if (event.type === "workflow.saved") return this.onWorkflowSaved(event, changeId);
    if (!isRecordEvent(event)) return;
    const workflows = (await this.workflowsOf(event.tenantId)).filter((workflow) => workflow.enabled && workflow.entity === event.entity);
    if (workflows.length === 0) return;
    const depth = chainDepth.getStore() ?? (String(event.actorId ?? "").startsWith("workflow.") ? 1 : 0);
    const causedAt = timeOfId(changeId) ?? this.clock.now().getTime();
    const meta = { depth, enqueuedAt: this.clock.now().toISOString(), causedAt };
    const entity = event.entity as WorkflowDefinition["entity"];
    for (const workflow of workflows) {
      if (canStart(workflow.trigger, event.type)) {
        const job: Job = { kind: "event", workflowId: workflow.id, changeId, event: pickEvent(event) };
        await this.queue.enqueue(event.tenantId, `e|${changeId}|${event.type}|${workflow.id}`, job, causedAt, meta);
      }
      if (isTimeTrigger(workflow.trigger) && reschedulingEvents.includes(event.type)) {
        const activityAt = event.type === "record.noteAdded" ? new Date(causedAt).toISOString() : undefined;
        const job: Job = { kind: "schedule", workflowId: workflow.id, entity, recordId: event.recordId, ...(activityAt ? { activityAt } : {}) };
        await this.queue.enqueue(event.tenantId, `s|${changeId}|${event.type}|${workflow.id}`, job, causedAt, meta);
      }
    }
  }

  /** A time-triggered workflow just enabled: work out its timers for the records that exist. */
  private async onWorkflowSaved(event: DomainEvent, changeId: string): Promise<void> {
    if (!event.enabled) return;
    const workflows = (await this.workflowsOf(event.tenantId)).filter(
      (workflow) => workflow.enabled && isTimeTrigger(workflow.trigger) && (workflow.id === event.workflowId || (event.workflowId === "workflow|~case" && workflow.id.startsWith("sla"))),
    );
    const now = this.clock.now();
    for (const workflow of workflows) {
      const job: Job = { kind: "backfill", workflowId: workflow.id, entity: workflow.entity };
      await this.queue.enqueue(event.tenantId, `b|${changeId}|${workflow.id}`, job, now.getTime(), { depth: 0, enqueuedAt: now.toISOString() });
    }
  }

  /** The tenant's workflows, with the SLA rules of its case workflow as workflows of their own. */
  async workflowsOf(tenantId: string, cache?: Map<string, WorkflowDefinition[]>): Promise<WorkflowDefinition[]> {
    const cached = cache?.get(tenantId);
    if (cached) return cached;
    const { workflows, caseWorkflow } = await this.definitions.loadAll(tenantId);
    const all = [...workflows, ...slaWorkflows(caseWorkflow)];
    cache?.set(tenantId, all);
    return all;
  }

  /** Starts a workflow on one record now ("run on this record"). */
  async enqueueManual(actor: Actor, workflow: WorkflowDefinition, recordId: string): Promise<string> {
    const now = this.clock.now();
    const key = `m|${randomUUID()}`;
    const job: Job = { kind: "manual", workflowId: workflow.id, entity: workflow.entity, recordId, requestedBy: actor.userId };
    await this.queue.enqueue(actor.tenantId, key, job, now.getTime(), { depth: 0, enqueuedAt: now.toISOString() });
    return key;
  }

  // ---- jobs ----

  private async process(job: QueuedJob_, cache: Map<string, WorkflowDefinition[]>): Promise<void> {
    const started = { status: "handled" as JobDoneInfo["status"] };
    try {
      started.status = await this.handle(job, cache);
    } catch (error) {
      started.status = await this.failed(job, error);
    }
    this.onJobDone?.({ tenantId: job.tenantId, key: job.key, kind: job.job.kind, status: started.status, lagMs: Date.now() - job.enqueuedWall });
  }

  private async handle(job: QueuedJob_, cache: Map<string, WorkflowDefinition[]>): Promise<JobDoneInfo["status"]> {
    const { tenantId } = job;
    const spec = job.job;
    if (spec.kind === "reminder") return this.remind(job, spec);
    const workflow = (await this.workflowsOf(tenantId, cache)).find((candidate) => candidate.id === spec.workflowId);
    if (!workflow || (!workflow.enabled && spec.kind !== "manual")) {
      // A disabled workflow's timer is forgotten, so enabling it again schedules afresh.
      if (spec.kind === "timer") await this.timers.forget(tenantId, timerKey(spec.workflowId, spec.recordId));
      return this.drop(job);
    }
    switch (spec.kind) {
      case "event": {
        const diff = workflow.trigger.type === "fieldChanged" ? await this.diffOf(tenantId, spec.event, spec.changeId) : undefined;
        if (!matchesEvent(workflow.trigger, spec.event, diff)) return this.drop(job);
        if (job.depth > this.maxDepth) return this.stopChain(job, workflow, spec.event);
        const record = await this.services.recordRepository.get(tenantId, workflow.entity, spec.event.recordId);
        if (!record) return this.drop(job);
        return this.execute(job, workflow, record, spec.event.type);
      }
      case "schedule":
        await this.schedule(tenantId, workflow, spec.recordId, spec.activityAt);
        return this.drop(job);
      case "timer":
        return this.fireTimer(job, workflow, spec);
      case "manual": {
        const record = await this.services.recordRepository.get(tenantId, workflow.entity, spec.recordId);
        if (!record) return this.drop(job);
        return this.execute(job, workflow, record, `run by ${spec.requestedBy}`);
      }
      case "backfill":
        return this.backfill(job, workflow, spec);
    }
  }

  private async drop(job: QueuedJob_): Promise<"handled"> {
    await this.queue.complete(job);
    return "handled";
  }

  /** The record's form data before and after the change, from the change's audit entry. */
  private async diffOf(tenantId: string, event: RecordEvent, changeId: string): Promise<ChangeDiff | undefined> {
    let token: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const history = await this.services.changes.audit.history(tenantId, event.entity, event.recordId, 25, token);
      const entry = history.items.find((item) => item.id === changeId);
      if (entry) return { before: (entry.before ?? {}) as Record<string, unknown>, after: (entry.after ?? {}) as Record<string, unknown> };
      token = history.continuationToken;
      if (!token) break;
    }
    return undefined;
  }

  private async stopChain(job: QueuedJob_, workflow: WorkflowDefinition, event: RecordEvent): Promise<RunStatus> {
    const message =
      `Stopped: "${workflow.name}" was started by a chain of ${job.depth} workflow changes in a row (the limit is ${this.maxDepth}). ` +
      "Its actions, or another workflow's, probably start it again: add a condition that ends the chain.";
    await this.recordRun(job, workflow, { entity: workflow.entity, id: event.recordId }, event.type, "stopped", undefined, message);
    await this.queue.complete(job);
    return "stopped";
  }

  /** Evaluates the conditions once, then runs the actions from where the last attempt stopped. */
  private async execute(job: QueuedJob_, workflow: WorkflowDefinition, record: CrmRecord, cause: string): Promise<RunStatus> {
    const now = this.clock.now();
    let plan = job.plan;
    if (!plan) {
      const conditions = evaluateConditions(workflow.conditions, record);
      plan = { conditions, next: 0, outcomes: [] };
      if (!conditions.passed) {
        await this.recordRun(job, workflow, record, cause, "conditionsNotMet", plan);
        await this.queue.complete(job);
        return "conditionsNotMet";
      }
      // With more than one action, a retry must not re-evaluate conditions the first actions changed.
      if (workflow.actions.length > 1) job.etag = await this.queue.savePlan(job, plan);
    }
    const actor = await this.actorFor(job.tenantId, workflow);
    const context = { tenantId: job.tenantId, workflow, actor, record, now, causedAt: job.causedAt, depth: job.depth, actionKey: "" };
    for (let index = plan.next; index < workflow.actions.length; index += 1) {
      const action = workflow.actions[index]!;
      context.actionKey = `${job.key}#${index}`;
      const fields = fieldsOfAction(action, workflow.entity);
      const shown = { type: action.type, description: describeAction(action, personRef), ...(fields.length > 0 ? { fields } : {}) };
      try {
        const result = await chainDepth.run(job.depth + 1, () => this.actions.run(action, context));
        plan.outcomes[index] = { ...shown, ...result };
      } catch (error) {
        const reason = messageOf(error, this.logError, job.key);
        plan.outcomes[index] = { ...shown, outcome: "failed", detail: reason };
        job.plan = plan;
        return this.failed(job, error, { workflow, record: context.record, cause }, reason);
      }
      plan.next = index + 1;
      if (plan.next < workflow.actions.length) {
        job.plan = plan;
        job.etag = await this.queue.savePlan(job, plan);
      }
    }
    await this.recordRun(job, workflow, context.record, cause, "done", plan);
    await this.queue.complete(job);
    return "done";
  }

  /** Retries later, or turns the job into a dead letter when a retry cannot help or attempts ran out. */
  private async failed(
    job: QueuedJob_,
    error: unknown,
    run?: { workflow: WorkflowDefinition; record: Pick<CrmRecord, "entity" | "id">; cause: string },
    reason = messageOf(error, this.logError, job.key),
  ): Promise<RunStatus> {
    const workflowId = workflowOfJob(job.job);
    const recordId = recordOfJob(job.job);
    const basis = run ? basisOf(run.workflow.trigger, job.plan?.conditions) : undefined;
    const details: LetterDetails = { ...(workflowId ? { workflowId } : {}), ...(recordId ? { recordId } : {}), ...(basis ? { basis } : {}) };
    const step = await failJob(this.queue, job, { reason, permanent: isPermanent(error), now: this.clock.now(), details }, this.retry);
    const tried = { ...job, attempts: job.attempts + 1 };
    if (step.outcome === "failed") {
      if (run) await this.recordRun(tried, run.workflow, run.record, run.cause, "failed", job.plan, step.reason);
      return "failed";
    }
    if (run) await this.recordRun(tried, run.workflow, run.record, run.cause, "retrying", job.plan, `${reason} Trying again at ${new Date(step.retryAt).toISOString()}.`);
    return "retrying";
  }

  private async recordRun(
    job: QueuedJob_,
    workflow: WorkflowDefinition,
    record: Pick<CrmRecord, "entity" | "id">,
    cause: string,
    status: RunStatus,
    plan?: JobPlan,
    message?: string,
  ): Promise<void> {
    const run: RunRecord = {
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
      actions: (plan?.outcomes ?? []).filter(Boolean),
      attempts: job.attempts + (status === "done" || status === "conditionsNotMet" ? 1 : 0),
      causedAt: new Date(job.causedAt).toISOString(),
      finishedAt: this.clock.now().toISOString(),
      ...(message ? { message } : {}),
      depth: job.depth,
      people: [...new Set([...workflow.actions.flatMap(peopleIn), ...(plan?.outcomes ?? []).flatMap((outcome) => (outcome ? referencedPeople(`${outcome.description} ${outcome.detail ?? ""}`) : []))])],
    };
    await this.runs.record(run, basisOfRun(run));
  }

  /**
   * The principal a workflow acts as: its own id, the roles stored on it at save time
   * (ones its author holds). No roles, no permissions: there is no Owner default.
   */
  async actorFor(tenantId: string, workflow: WorkflowDefinition): Promise<Actor> {
    const roles = await this.services.actors.rolesOf(tenantId, workflow.roleIds ?? []);
    return { tenantId, userId: workflowActorId(workflow.id), kind: "workflow", active: true, teamIds: [], roles };
  }

  // ---- timers ----

  /** Works out when the workflow's time trigger falls due for this record and keeps one timer job for it. */
  private async schedule(tenantId: string, workflow: WorkflowDefinition, recordId: string, activityAt?: string): Promise<void> {
    const record = await this.services.recordRepository.get(tenantId, workflow.entity, recordId);
    const key = timerKey(workflow.id, recordId);
    const timer = await this.timers.get(tenantId, key);
    if (!record) return this.timers.cancel(tenantId, key, timer);
    const activity = [timer?.state.activityAt, activityAt].filter((value): value is string => Boolean(value)).sort().pop();
    const due = dueAt(workflow.trigger, record, activity);
    if (due === undefined) return this.timers.cancel(tenantId, key, timer);
    const job: Job = { kind: "timer", workflowId: workflow.id, entity: workflow.entity, recordId, dueAt: due };
    const fire = { key: `t|${workflow.id}|${recordId}|${due}`, job, meta: { depth: 0, enqueuedAt: this.clock.now().toISOString(), causedAt: due } };
    await this.timers.set(tenantId, key, due, fire, activity ? { activityAt: activity } : {}, timer);
  }

  private async fireTimer(job: QueuedJob_, workflow: WorkflowDefinition, spec: Extract<Job, { kind: "timer" }>): Promise<JobDoneInfo["status"]> {
    const { tenantId } = job;
    const key = timerKey(workflow.id, spec.recordId);
    const timer = await this.timers.get(tenantId, key);
    // A timer replaced by a later schedule, or one that already fired, does nothing.
    if (!this.timers.isDue(timer, spec.dueAt)) return this.drop(job);
    const record = await this.services.recordRepository.get(tenantId, workflow.entity, spec.recordId);
    if (!record) {
      await this.timers.forget(tenantId, key);
      return this.drop(job);
    }
    if (dueAt(workflow.trigger, record, timer.state.activityAt) !== spec.dueAt) {
      await this.schedule(tenantId, workflow, spec.recordId);
      return this.drop(job);
    }
    const status = await this.execute(job, workflow, record, "timer");
    if (status !== "retrying") await this.timers.fired(tenantId, key, spec.dueAt);
    return status;
  }

  /** Schedules a newly enabled time trigger for existing records, a page per job. */
  private async backfill(job: QueuedJob_, workflow: WorkflowDefinition, spec: Extract<Job, { kind: "backfill" }>): Promise<"handled"> {
    const page = await this.services.recordRepository.list(job.tenantId, spec.entity, {
      filters: {},
      sort: "newest",
      pageSize: 100,
      ...(spec.continuationToken ? { continuationToken: spec.continuationToken } : {}),
    });
    for (const record of page.items) await this.schedule(job.tenantId, workflow, record.id);
    if (page.continuationToken) {
      const next: Job = { ...spec, continuationToken: page.continuationToken };
      await this.queue.enqueue(job.tenantId, `${job.key.split("#")[0]}#${hashKey(page.continuationToken)}`, next, this.clock.now().getTime(), { depth: 0, enqueuedAt: this.clock.now().toISOString() });
    }
    return this.drop(job);
  }

  private async remind(job: QueuedJob_, spec: Extract<Job, { kind: "reminder" }>): Promise<"handled"> {
    const task = await this.tasks.get(job.tenantId, spec.userId, spec.taskId);
    if (task && !task.done) {
      await this.notifications.enqueue({
        tenantId: job.tenantId,
        recipient: { kind: "user", userId: spec.userId },
        dedupeKey: `reminder|${spec.taskId}`,
        title: task.kind === "reminder" ? "Reminder" : "Task due",
        text: task.title,
        entity: task.entity,
        recordId: task.recordId,
        taskId: task.id,
      });
    }
    return this.drop(job);
  }

  // ---- case status transitions ----

  private async guardCaseStatus(actor: Actor, record: CrmRecord, to: unknown): Promise<void> {
    if (record.entity !== "case") return;
    const caseWorkflow = await this.definitions.getCaseWorkflow(actor.tenantId);
    const decision = decideTransition(caseWorkflow, actor.roles, record.fields.status, to);
    if (decision.allowed) return;
    await auditDenial(this.services.changes.audit, this.clock, actor, "case.status", { allowed: false, scope: "none", reason: decision.reason }, { entity: "case", recordId: record.id });
    throw forbidden(decision.reason);
  }
}

/** Only what a job needs from the event, so a job row stays small. */
function pickEvent(event: RecordEvent): RecordEvent {
  return {
    type: event.type,
    tenantId: event.tenantId,
    entity: event.entity,
    recordId: event.recordId,
    ...(event.from !== undefined ? { from: event.from } : {}),
    ...(event.to !== undefined ? { to: event.to } : {}),
    ...(event.actorId !== undefined ? { actorId: event.actorId } : {}),
  };
}

/** One timer per (time workflow, record). */
const timerKey = (workflowId: string, recordId: string): string => `${workflowId}|${recordId}`;
