/**
 * Works off a JobQueue: for each tenant with due jobs a pass claims that tenant's
 * lease (LeaseManager), so across instances one worker at a time works a tenant while
 * another instance works the next one, then hands the tenant's due jobs to the
 * handler and settles its marker. The lease is renewed while the tenant's jobs run,
 * and checked before each job: a worker that lost it stops before acting. Passes
 * never overlap within a process. Business time comes from the Clock; only the
 * polling cadence and the leases are real time.
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

interface JobWorkerOptions<Payload, Plan> {
  /** The leases' name: one per queue, taken per tenant (`<lease>|<tenant id>`). */
  lease: string;
  /** How long a crashed worker's tenants wait for another instance: the lease's time (renewed while working). */
  leaseMs?: number;
  /** Jobs per tenant per pass. */
  batchSize?: number;
  /** Jobs of one tenant worked at the same time (1 by default: one after another). */
  concurrency?: number;
  /** Jobs with the same order key run one after another, in due order (a record's events); undefined: no order with any other job. */
  orderKey?: (job: QueuedJob<Payload, Plan>) => string | undefined;
}

/** What a pass does with each job; made fresh per pass, so it may cache what it reads for the pass. */
type PassHandler<Payload, Plan> = (job: QueuedJob<Payload, Plan>) => Promise<void>;

export class JobWorker<Payload, Plan, Details extends object> {
  private serial: Promise<unknown> = Promise.resolve();
  /** Set by `stop`: the pass ends after the job in hand, not after the whole batch. */
  private stopping = false;
  private poller: NodeJS.Timeout | undefined;
  private readonly leaseMs: number;
  private readonly batchSize: number;

  constructor(
    private readonly queue: JobQueue<Payload, Plan, Details>,
    private readonly leases: LeaseManager,
    private readonly clock: Clock,
    private readonly startPass: () => PassHandler<Payload, Plan>,
    private readonly options: JobWorkerOptions<Payload, Plan>,
  ) {
    this.leaseMs = options.leaseMs ?? 10_000;
    this.batchSize = options.batchSize ?? 50;
  }

  /** Polls for due work every `intervalMs` (real time). */
  start(intervalMs = 1000): void {
    if (this.poller) return;
    this.poller = setInterval(() => void this.tick().catch(() => undefined), intervalMs);
    this.poller.unref();
  }

  /** Stops polling, lets the current job finish (the pass ends there), and hands the leases back so a successor need not wait for them to expire. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    await this.serial.catch(() => undefined);
    this.stopping = false;
    // Storage gone at shutdown: the leases simply expire.
    await this.leases.releaseAll(`${this.options.lease}|`).catch(() => undefined);
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
    const now = this.clock.now().getTime();
    const tenants = await this.queue.dueTenants(now);
    if (tenants.length === 0) return 0;
    const handle = this.startPass();
    let handled = 0;
    for (const { tenantId, etag } of tenants) {
      if (this.stopping) break;
      // Another instance works this tenant now (undefined): this one goes on to the next.
      const held = await this.leases.hold(`${this.options.lease}|${tenantId}`, this.leaseMs, async (lease) => {
        let count = 0;
        let complete = true;
        const jobs = await this.queue.due(tenantId, now, this.batchSize);
        await inOrderedLanes(jobs, this.options.concurrency ?? 1, this.options.orderKey, async (job) => {
          // Stopping, or the lease lost: no job starts any more; those in hand finish.
          if (this.stopping || !lease.held()) {
            complete = false;
            return false;
          }
          await handle(job);
          count += 1;
          return true;
        });
        return { count, settle: complete && lease.held() };
      });
      if (!held) continue;
      handled += held.result.count;
      if (held.result.settle) await this.queue.settle(tenantId, etag);
    }
    return handled;
  }
}

/**
 * Works `items` in lanes: items with the same key share a lane and run one after
 * another in their given order; up to `width` lanes run at once. `work` answering
 * false stops its lane and starts no other.
 */
async function inOrderedLanes<T>(items: T[], width: number, keyOf: ((item: T) => string | undefined) | undefined, work: (item: T) => Promise<boolean>): Promise<void> {
  const lanes = new Map<string, T[]>();
  items.forEach((item, index) => {
    const key = keyOf?.(item) ?? `#${index}`;
    const lane = lanes.get(key);
    if (lane) lane.push(item);
    else lanes.set(key, [item]);
  });
  const waiting = [...lanes.values()];
  let stopped = false;
  const runner = async () => {
    for (let lane = waiting.shift(); lane && !stopped; lane = waiting.shift()) {
      for (const item of lane) {
        if (stopped || !(await work(item))) {
          stopped = true;
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, waiting.length)) }, runner));
}
