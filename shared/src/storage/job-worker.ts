/**
 * Works off a JobQueue: a pass claims the queue's lease (LeaseManager), so across
 * instances one worker at a time does it, then hands each tenant's due jobs to the
 * handler and settles the tenant's marker. Passes never overlap within a process.
 * Business time comes from the Clock; only the polling cadence is real time.
 *
 * The handler settles every job it is given: `complete`, `savePlan` as it goes,
 * or `failJob` (retry later, or dead-letter).
 */
import type { Clock } from "../services/clock.js";
import type { JobQueue, QueuedJob } from "./job-queue.js";
import type { LeaseManager } from "./leases.js";

export interface RetryPolicy {
  /** Attempts in all before a job becomes a dead letter. */
  maxAttempts: number;
  /** Delay before retry number `attempt` (1-based), in ms of business time. */
  backoffMs: (attempt: number) => number;
}

/** 30 s, 1 min, 2 min, ... capped at an hour; five attempts. */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, backoffMs: (attempt) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000) };

type FailureOutcome = { outcome: "retrying"; retryAt: number } | { outcome: "failed"; reason: string };

/**
 * After a failed attempt: retries later, or dead-letters the job when a retry cannot
 * help (`permanent`) or its attempts ran out. `reason` is in words for whoever reads
 * the letter; never raw storage or network text.
 */
export async function failJob<Payload, Plan, Details extends object>(
  queue: JobQueue<Payload, Plan, Details>,
  job: QueuedJob<Payload, Plan>,
  failure: { reason: string; permanent: boolean; now: Date; details: Details },
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<FailureOutcome> {
  const attempt = job.attempts + 1;
  if (failure.permanent || attempt >= policy.maxAttempts) {
    const reason = failure.permanent ? failure.reason : `${failure.reason} (gave up after ${attempt} attempts)`;
    await queue.deadLetter(job, reason, failure.now.toISOString(), failure.details);
    return { outcome: "failed", reason };
  }
  const retryAt = failure.now.getTime() + policy.backoffMs(attempt);
  await queue.retryLater(job, retryAt, failure.reason);
  return { outcome: "retrying", retryAt };
}

interface JobWorkerOptions {
  /** The lease's name: one per queue. */
  lease: string;
  leaseMs?: number;
  /** Jobs per tenant per pass. */
  batchSize?: number;
}

/** What a pass does with each job; made fresh per pass, so it may cache what it reads for the pass. */
type PassHandler<Payload, Plan> = (job: QueuedJob<Payload, Plan>) => Promise<void>;

export class JobWorker<Payload, Plan, Details extends object> {
  private serial: Promise<unknown> = Promise.resolve();
  private poller: NodeJS.Timeout | undefined;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly queue: JobQueue<Payload, Plan, Details>,
    private readonly leases: LeaseManager,
    private readonly clock: Clock,
    private readonly startPass: () => PassHandler<Payload, Plan>,
    private readonly options: JobWorkerOptions,
  ) {
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
  }

  /** Polls for due work every `intervalMs` (real time). */
  start(intervalMs = 1000): void {
    if (this.poller) return;
    this.poller = setInterval(() => void this.tick().catch(() => undefined), intervalMs);
    this.poller.unref();
  }

  /** Stops polling, lets the current pass finish, and hands the lease back so a successor need not wait for it to expire. */
  async stop(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    await this.serial.catch(() => undefined);
    // Storage gone at shutdown: the lease simply expires.
    await this.leases.release(this.options.lease).catch(() => undefined);
  }

  /** One pass over the due work; returns how many jobs it handled. */
  tick(): Promise<number> {
    const run = this.serial.then(() => this.pass());
    this.serial = run.catch(() => undefined);
    return run;
  }

  /** Passes until nothing is due (tests and benchmarks drive the worker with this). */
  async drain(maxTicks = 1000): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxTicks; round += 1) {
      const handled = await this.tick();
      total += handled;
      if (handled === 0) break;
    }
    return total;
  }

  private async pass(): Promise<number> {
    // Nothing due: no lease is taken, so an idle worker writes nothing (the markers are only read).
    if ((await this.queue.dueTenants(this.clock.now().getTime())).length === 0) return 0;
    if (!(await this.leases.tryAcquire(this.options.lease, this.leaseMs))) return 0;
    const now = this.clock.now().getTime();
    const handle = this.startPass();
    let handled = 0;
    for (const { tenantId, etag } of await this.queue.dueTenants(now)) {
      for (const job of await this.queue.due(tenantId, now, this.batchSize)) {
        await handle(job);
        handled += 1;
      }
      await this.queue.settle(tenantId, etag);
    }
    return handled;
  }
}
