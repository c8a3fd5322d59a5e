/**
 * Everything workflows keep, opened over one TableStore: definitions (config table),
 * the workflow job queue with its timers and dead letters, runs and summaries, tasks,
 * round-robin picks, notifications stored for the bot, and the worker's lease.
 */
import type { Clock } from "../services/clock.js";
import type { JobPlan, LetterDetails, WorkflowJob } from "../workflows/jobs.js";
import { workflowOfJob } from "../workflows/jobs.js";
import { AssignmentPicks } from "./assignment-picks.js";
import type { ChangeWriter } from "./change-writer.js";
import type { DeadLetter, JobQueueLayout, QueuedJob } from "./job-queue.js";
import { JobQueue } from "./job-queue.js";
import { LeaseManager } from "./leases.js";
import { RunLog } from "./run-log.js";
import { StoredNotificationPort } from "./stored-notifications.js";
import type { TableStore } from "./table-store.js";
import { TaskRepository } from "./task-repository.js";
import { Timers } from "./timers.js";
import { WorkflowRepository } from "./workflow-repository.js";
import { WorkflowSummaries } from "./workflow-summaries.js";

/** The workflow queue's rows keep the names they had before there were other queues. */
const workflowQueueLayout: JobQueueLayout = { jobs: "q", deadLetters: "dead", markers: "~due" };
/** The lease the workflow worker holds while it works the queue. */
export const workflowWorkerLease = "workflow-worker";

export type WorkflowQueue = JobQueue<WorkflowJob, JobPlan, LetterDetails>;
export type QueuedWorkflowJob = QueuedJob<WorkflowJob, JobPlan>;
export type WorkflowDeadLetter = DeadLetter<WorkflowJob, LetterDetails>;
/** A time workflow's timer per record remembers the last activity it counted (notes count, as no row change shows them). */
export type WorkflowTimers = Timers<WorkflowJob, { activityAt: string }>;

export interface WorkflowStores {
  definitions: WorkflowRepository;
  queue: WorkflowQueue;
  timers: WorkflowTimers;
  summaries: WorkflowSummaries;
  runs: RunLog;
  tasks: TaskRepository;
  picks: AssignmentPicks;
  /** Where notifications wait when no bot is wired in. */
  storedNotifications: StoredNotificationPort;
  leases: LeaseManager;
}

/** `holderId`: who this instance is, for the worker's lease. */
export function openWorkflowStores(store: TableStore, changes: ChangeWriter, clock: Clock, holderId: string): WorkflowStores {
  const queue: WorkflowQueue = new JobQueue(store, workflowQueueLayout, workflowOfJob);
  const summaries = new WorkflowSummaries(store, workflowQueueLayout);
  return {
    definitions: new WorkflowRepository(store, changes, clock),
    queue,
    timers: new Timers(store, queue, "timer", ["activityAt"]),
    summaries,
    runs: new RunLog(store, summaries),
    tasks: new TaskRepository(store),
    picks: new AssignmentPicks(store),
    storedNotifications: new StoredNotificationPort(store, clock),
    leases: new LeaseManager(store, holderId),
  };
}
