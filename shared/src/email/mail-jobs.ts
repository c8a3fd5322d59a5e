/**
 * One background job per mailbox on the `mail` queue: a run syncs the mailbox under
 * its own lease (`mail-mailbox|<tenant>|<mailbox>`), then queues the next run at the
 * next slot of `intervalMs`. Slots are keyed by their time, so a run on demand and
 * the regular one queue the same next job, never two chains.
 */
import type { Clock } from "../services/clock.js";
import type { QueuedJob } from "../storage/job-queue.js";
import { JobQueue, queueLayout } from "../storage/job-queue.js";
import { JobWorker, failJob } from "../storage/job-worker.js";
import type { LeaseManager } from "../storage/leases.js";
import type { TableStore } from "../storage/table-store.js";
import type { MailboxRun, MailSync } from "./mail-sync.js";

interface MailJob {
  mailbox: string;
}

interface MailJobsOptions {
  /** Between regular runs of a mailbox (5 minutes). */
  intervalMs?: number;
  /** Whether the mailbox is still to be synced (sync on, mailbox listed); a job for one that is not simply ends. */
  isActive?: (tenantId: string, mailbox: string) => Promise<boolean>;
  onRun?: (tenantId: string, mailbox: string, run: MailboxRun) => void;
  logError?: (message: string, error: unknown) => void;
}

export class MailJobs {
  private readonly queue: JobQueue<MailJob, never, { mailbox: string }>;
  private readonly worker: JobWorker<MailJob, never, { mailbox: string }>;
  private readonly intervalMs: number;

  constructor(
    store: TableStore,
    private readonly leases: LeaseManager,
    private readonly clock: Clock,
    private readonly sync: MailSync,
    private readonly options: MailJobsOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 300_000;
    this.queue = new JobQueue(store, queueLayout("mail"));
    this.worker = new JobWorker(this.queue, leases, clock, () => (job) => this.run(job), { lease: "mail-worker", concurrency: 4, orderKey: (job) => job.job.mailbox });
  }

  /** Queues a run of the mailbox now (on demand, or when sync is turned on); asks within the same 10 s queue one run. */
  async runSoon(tenantId: string, mailbox: string): Promise<void> {
    const now = this.clock.now();
    const dueAt = Math.floor(now.getTime() / 10_000) * 10_000;
    await this.queue.enqueue(tenantId, `${mailbox.toLowerCase()}|soon`, { mailbox: mailbox.toLowerCase() }, dueAt, { enqueuedAt: now.toISOString() });
  }

  start(pollMs = 5_000): void {
    this.worker.start(pollMs);
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** Runs until nothing is due (tests, bench). */
  drain(): Promise<number> {
    return this.worker.drain();
  }

  private async run(job: QueuedJob<MailJob>): Promise<void> {
    const { tenantId } = job;
    const { mailbox } = job.job;
    try {
      if (this.options.isActive && !(await this.options.isActive(tenantId, mailbox))) return await this.queue.complete(job);
      const held = await this.leases.hold(`mail-mailbox|${tenantId}|${mailbox}`, 30_000, (lease) => this.sync.syncMailbox(tenantId, mailbox, lease));
      if (held) this.options.onRun?.(tenantId, mailbox, held.result);
      const now = this.clock.now();
      const slot = Math.ceil((now.getTime() + 1) / this.intervalMs) * this.intervalMs;
      await this.queue.enqueue(tenantId, `${mailbox}|${slot}`, { mailbox }, slot, { enqueuedAt: now.toISOString() });
      await this.queue.complete(job);
    } catch (error) {
      this.options.logError?.(`mail sync of a mailbox failed; it is retried`, error);
      await failJob(this.queue, job, { reason: "The mailbox could not be synced; it is retried.", permanent: false, now: this.clock.now(), details: { mailbox } });
    }
  }
}
