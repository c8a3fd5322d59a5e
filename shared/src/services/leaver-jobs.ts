/**
 * The leavers' queue worker: each run of a leaver's job moves one batch (LeaverService.work);
 * a job that has more stays due and is taken again on the next pass, so a restart or
 * another instance (the lease is per tenant) continues from the saved plan.
 */
import type { LeaverJob, LeaverPlan, LeaverQueue } from "../storage/leaver-repository.js";
import type { QueuedJob } from "../storage/job-queue.js";
import { JobWorker, failJob } from "../storage/job-worker.js";
import type { LeaseManager } from "../storage/leases.js";
import type { Clock } from "./clock.js";
import type { LeaverService } from "./leaver-service.js";

export class LeaverJobs {
  private readonly worker: JobWorker<LeaverJob, LeaverPlan, { userId: string }>;

  constructor(
    private readonly queue: LeaverQueue,
    leases: LeaseManager,
    private readonly clock: Clock,
    private readonly leavers: LeaverService,
    private readonly logError: (message: string, error: unknown) => void = (message, error) => console.error(message, error),
  ) {
    this.worker = new JobWorker(queue, leases, clock, () => (job) => this.run(job), { lease: "leavers-worker" });
  }

  private async run(job: QueuedJob<LeaverJob, LeaverPlan>): Promise<void> {
    try {
      if ((await this.leavers.work(job)) === "done") await this.queue.complete(job);
    } catch (error) {
      this.logError("reassigning a leaver's work failed; it is retried", error);
      await failJob(this.queue, job, { reason: "A leaver's records could not all be reassigned; it is retried.", permanent: false, now: this.clock.now(), details: { userId: job.job.userId } });
    }
  }

  start(intervalMs = 1000): void {
    this.worker.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  tick(): Promise<number> {
    return this.worker.tick();
  }

  drain(maxTicks?: number): Promise<number> {
    return this.worker.drain(maxTicks);
  }
}
