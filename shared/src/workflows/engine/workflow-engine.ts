/**
 * The workflow engine, inside the one server:
 * 1. intake.ts: the change writer delivers each domain event (at least once, with its
 *    change id); one job per matching workflow is enqueued, keyed so a redelivery
 *    finds it already there;
 * 2. the worker (storage/job-worker.ts) works the due jobs under the workflow lease,
 *    one instance at a time per tenant; runner.ts plans, acts (actions/), records the run, and
 *    retries or dead-letters;
 * 3. timers.ts: time triggers are stored timers, due later; reminders.ts: task reminders;
 * 4. chain-depth.ts: a chain of workflows starting each other stops at `maxDepth`.
 * Business time comes only from the injected Clock; the polling cadence is real time.
 */
import type { Actor } from "../../policy/model.js";
import type { ActorService } from "../../services/actor-service.js";
import type { Clock } from "../../services/clock.js";
import type { NotificationPort } from "../../services/notifications.js";
import type { RecordService } from "../../services/record-service.js";
import type { ChangeWriter } from "../../storage/change-writer.js";
import type { ConfigRepository } from "../../storage/config-repository.js";
import { JobWorker, defaultRetryPolicy } from "../../storage/job-worker.js";
import type { NoteRepository } from "../../storage/note-repository.js";
import type { RecordRepository } from "../../storage/record-repository.js";
import type { StoredNotificationPort } from "../../storage/stored-notifications.js";
import type { QueuedWorkflowJob, WorkflowStores } from "../../storage/workflow-stores.js";
import { workflowWorkerLease } from "../../storage/workflow-stores.js";
import { ActionRunner } from "../actions/dispatch.js";
import type { JobPlan, LetterDetails, WorkflowJob } from "../jobs.js";
import { orderOfJob } from "../jobs.js";
import type { WorkflowDefinition } from "../model.js";
import { workflowLimits } from "../model.js";
import { WorkflowIntake } from "./intake.js";
import { workflowPrincipal } from "./principal.js";
import { Reminders } from "./reminders.js";
import type { JobDoneInfo } from "./runner.js";
import { WorkflowRunner } from "./runner.js";
import type { DefinitionCache } from "./tenant-workflows.js";
import { tenantWorkflows } from "./tenant-workflows.js";

export type { JobDoneInfo } from "./runner.js";

export interface WorkflowEngineOptions {
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1-based), in ms of business time. */
  backoffMs?: (attempt: number) => number;
  maxDepth?: number;
  /** Jobs per tenant per tick. */
  batchSize?: number;
  /** Jobs of one tenant worked at once, across records (8 by default). */
  concurrency?: number;
  leaseMs?: number;
  onJobDone?: (info: JobDoneInfo) => void;
  /** Where the raw text of unexpected failures goes (users see only a reference); console.error by default. */
  logError?: (message: string, error: unknown) => void;
}

/** The services the engine acts through and reads from. */
interface EngineServices {
  clock: Clock;
  changes: ChangeWriter;
  records: RecordService;
  recordRepository: RecordRepository;
  notes: NoteRepository;
  config: ConfigRepository;
  actors: ActorService;
}

export class WorkflowEngine {
  readonly notifications: NotificationPort;
  /** Set when no port was given: notifications wait here for the bot. */
  readonly storedNotifications: StoredNotificationPort | undefined;
  readonly actions: ActionRunner;
  private readonly intake: WorkflowIntake;
  private readonly worker: JobWorker<WorkflowJob, JobPlan, LetterDetails>;
  private attached = false;

  /** `notifications`: where workflows' messages go (the bot); without one they are stored for later delivery. */
  constructor(
    private readonly services: EngineServices,
    readonly stores: WorkflowStores,
    notifications: NotificationPort | undefined,
    options: WorkflowEngineOptions = {},
  ) {
    this.storedNotifications = notifications ? undefined : stores.storedNotifications;
    this.notifications = notifications ?? stores.storedNotifications;
    const reminders = new Reminders(stores.queue, stores.tasks, this.notifications);
    this.actions = new ActionRunner({
      records: services.records,
      recordRepository: services.recordRepository,
      config: services.config,
      actors: services.actors,
      notes: services.notes,
      tasks: stores.tasks,
      picks: stores.picks,
      notifications: this.notifications,
      scheduleReminder: (tenantId, task, dueAt, meta) => reminders.schedule(tenantId, task, dueAt, meta),
    });
    this.intake = new WorkflowIntake(stores.queue, services.clock, (tenantId) => this.workflowsOf(tenantId));
    const runner = new WorkflowRunner(
      {
        queue: stores.queue,
        timers: stores.timers,
        runs: stores.runs,
        records: services.recordRepository,
        audit: services.changes.audit,
        clock: services.clock,
        actions: this.actions,
        reminders,
        workflowsOf: (tenantId, cache) => this.workflowsOf(tenantId, cache),
        principal: (tenantId, workflow) => this.actorFor(tenantId, workflow),
      },
      {
        retry: { maxAttempts: options.maxAttempts ?? defaultRetryPolicy.maxAttempts, backoffMs: options.backoffMs ?? defaultRetryPolicy.backoffMs },
        maxDepth: options.maxDepth ?? workflowLimits.maxDepth,
        logError: options.logError ?? ((message, error) => console.error(message, error)),
        ...(options.onJobDone ? { onJobDone: options.onJobDone } : {}),
      },
    );
    // Each pass reads a tenant's definitions once.
    const pass = () => {
      const cache: DefinitionCache = new Map();
      return (job: QueuedWorkflowJob) => runner.process(job, cache);
    };
    this.worker = new JobWorker(stores.queue, stores.leases, services.clock, pass, {
      lease: workflowWorkerLease,
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      // A tenant's jobs for different records run side by side; one record's jobs keep their order.
      concurrency: options.concurrency ?? 8,
      orderKey: (job) => orderOfJob(job.job),
    });
  }

  /** Subscribes to domain events. Once per process. */
  attach(): this {
    if (this.attached) return this;
    this.attached = true;
    this.services.changes.onEvent((event, changeId) => this.intake.onEvent(event, changeId));
    return this;
  }

  /** Polls for due work every `intervalMs` (real time); business time still comes from the Clock. */
  start(intervalMs = 1000): void {
    this.worker.start(intervalMs);
  }

  /** Stops polling after the job in hand and hands the leases back. */
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

  /** The tenant's workflows, with the SLA rules of its case workflow as workflows of their own. */
  workflowsOf(tenantId: string, cache?: DefinitionCache): Promise<WorkflowDefinition[]> {
    return tenantWorkflows(this.stores.definitions, tenantId, cache);
  }

  /** The principal a workflow acts as (principal.ts). */
  actorFor(tenantId: string, workflow: WorkflowDefinition): Promise<Actor> {
    return workflowPrincipal(this.services.actors, tenantId, workflow);
  }

  /** Starts a workflow on one record now ("run on this record"); returns the job's key. */
  enqueueManual(actor: Actor, workflow: WorkflowDefinition, recordId: string): Promise<string> {
    return this.intake.enqueueManual(actor, workflow, recordId);
  }
}
