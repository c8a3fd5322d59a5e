/**
 * The access queue: the follow-ups of access requests, as durable jobs in Table
 * Storage (the facility workflows use), so an expiry or the end of a grant happens on
 * time even across restarts, and on one instance at a time (a lease per tenant). Each
 * job's work is idempotent (access-request-service.ts), and a failed one is retried
 * with back-off, then kept as a dead letter.
 */
import type { AccessJob, AccessQueue } from "../storage/access-queue.js";
import type { QueuedJob } from "../storage/job-queue.js";
import { JobWorker, failJob } from "../storage/job-worker.js";
import type { LeaseManager } from "../storage/leases.js";
import type { Clock } from "./clock.js";

/** What each job does (AccessRequestService): each idempotent. */
export interface AccessJobHandlers {
  apply(tenantId: string, requestId: string): Promise<void>;
  expire(tenantId: string, requestId: string): Promise<void>;
  remindEnd(tenantId: string, requestId: string): Promise<void>;
  endGrant(tenantId: string, requestId: string): Promise<void>;
}

/** What each review job does (AccessReviewService): each idempotent. */
export interface ReviewJobHandlers {
  remind(tenantId: string, campaignId: string): Promise<void>;
  escalate(tenantId: string, campaignId: string): Promise<void>;
  close(tenantId: string, campaignId: string): Promise<void>;
}

/** The quarterly reminder of the RACI chart (RaciService): idempotent. */
interface RaciJobHandlers {
  remindReviews(tenantId: string): Promise<void>;
}

/** Started and stopped by the server with the workflow worker; tests drive it with `tick`/`drain`. */
export class AccessJobs {
  private readonly worker: JobWorker<AccessJob, never, { id: string }>;

  constructor(
    private readonly queue: AccessQueue,
    leases: LeaseManager,
    private readonly clock: Clock,
    private readonly requests: AccessJobHandlers,
    private readonly reviews: ReviewJobHandlers,
    private readonly raci: RaciJobHandlers,
    private readonly logError: (message: string, error: unknown) => void = (message, error) => console.error(message, error),
  ) {
    this.worker = new JobWorker(queue, leases, clock, () => (job) => this.run(job), { lease: "access-worker" });
  }

  private async run(job: QueuedJob<AccessJob>): Promise<void> {
    const { tenantId } = job;
    const { id, kind } = job.job;
    try {
      await this.handle(kind, tenantId, id);
      await this.queue.complete(job);
    } catch (error) {
      this.logError(`access job ${kind} of ${id} failed; it is retried`, error);
      await failJob(this.queue, job, { reason: "The access change could not be completed; it is retried.", permanent: false, now: this.clock.now(), details: { id } });
    }
  }

  private handle(kind: AccessJob["kind"], tenantId: string, id: string): Promise<void> {
    const { requests, reviews, raci } = this;
    switch (kind) {
      case "apply":
        return requests.apply(tenantId, id);
      case "expire":
        return requests.expire(tenantId, id);
      case "remind":
        return requests.remindEnd(tenantId, id);
      case "end":
        return requests.endGrant(tenantId, id);
      case "reviewRemind":
        return reviews.remind(tenantId, id);
      case "reviewEscalate":
        return reviews.escalate(tenantId, id);
      case "reviewClose":
        return reviews.close(tenantId, id);
      case "raciRemind":
        return raci.remindReviews(tenantId);
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
