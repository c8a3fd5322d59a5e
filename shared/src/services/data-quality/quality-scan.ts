/**
 * The full scan: a durable job per tenant in the `quality` job queue, worked by the
 * JobWorker under the tenant's lease. Each pass checks one bounded batch of records
 * and saves where it stopped (the job's plan), so a restart resumes at the saved
 * cursor; the checks are idempotent per (record, rule), so a batch redone after a
 * crash adds no findings. A finished scan schedules the next night's.
 *
 * The same queue and lease carry the daily reminder (`remind`, 03:00 UTC): findings
 * open past the rules' age are told once to data cleanup's Accountable (QualityService).
 */
import { entityTypes } from "../../policy/model.js";
import type { EntityType } from "../../policy/model.js";
import type { JobQueue, QueuedJob } from "../../storage/job-queue.js";
import { JobWorker, failJob } from "../../storage/job-worker.js";
import type { LeaseManager } from "../../storage/leases.js";
import type { RecordRepository } from "../../storage/record-repository.js";
import type { Clock } from "../clock.js";
import type { QualityChecker } from "./quality-checker.js";

export interface ScanJob {
  kind: "scan" | "remind";
  reason: "nightly" | "requested";
  /** A reminder: findings that came of age after this time (epoch ms; the previous reminder's run) and by its own run. */
  since?: number;
}

/** The reminder's work for one tenant, set by the QualityService (which knows who may see what). */
type Reminder = (tenantId: string, window: { since: number; until: number }) => Promise<void>;

/** Where a scan stands: the entity it is on, the storage cursor within it, records checked so far. */
export interface ScanPlan {
  entityIndex: number;
  continuationToken?: string;
  scanned: number;
}

/** The `quality` job queue (`queueLayout("quality")`, opened by createServices). */
export type ScanQueue = JobQueue<ScanJob, ScanPlan, { reason: string }>;

/** Nightly scans start at this hour (UTC). */
const nightlyHour = 2;
/** The daily reminder runs at this hour (UTC), after the scan has brought findings up to date. */
const reminderHour = 3;

export class QualityScan {
  private readonly worker: JobWorker<ScanJob, ScanPlan, { reason: string }>;
  private reminder: Reminder | undefined;

  constructor(
    private readonly queue: ScanQueue,
    leases: LeaseManager,
    private readonly clock: Clock,
    private readonly records: Pick<RecordRepository, "list">,
    private readonly checker: QualityChecker,
    private readonly options: { batchSize?: number; onBatch?: (tenantId: string, plan: ScanPlan) => void } = {},
  ) {
    this.worker = new JobWorker(this.queue, leases, clock, () => (job) => this.run(job), { lease: "quality-scan", batchSize: 1 });
  }

  /** Asks for a scan now; one requested scan at a time per minute (the key), so repeated clicks are one scan. */
  async request(tenantId: string): Promise<{ queued: boolean }> {
    const now = this.clock.now();
    const key = `scan|requested|${now.toISOString().slice(0, 16)}`;
    return { queued: (await this.queue.enqueue(tenantId, key, { kind: "scan", reason: "requested" }, now.getTime(), { enqueuedAt: now.toISOString() })) !== undefined };
  }

  /** Schedules the tenant's next nightly scan and daily reminder (no-ops when already scheduled). */
  async scheduleNightly(tenantId: string): Promise<void> {
    await this.scheduleAt(tenantId, nightlyHour, "scan");
    await this.scheduleAt(tenantId, reminderHour, "remind");
  }

  /** Who answers the `remind` jobs. */
  setReminder(reminder: Reminder): void {
    this.reminder = reminder;
  }

  private async scheduleAt(tenantId: string, hour: number, kind: ScanJob["kind"], since?: number): Promise<void> {
    const now = this.clock.now();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
    if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
    const job: ScanJob = { kind, reason: "nightly", ...(since !== undefined ? { since } : {}) };
    await this.queue.enqueue(tenantId, `${kind}|nightly|${next.toISOString().slice(0, 10)}`, job, next.getTime(), { enqueuedAt: now.toISOString() });
  }

  private async run(job: QueuedJob<ScanJob, ScanPlan>): Promise<void> {
    if (job.job.kind === "remind") return this.remind(job);
    const plan: ScanPlan = job.plan ?? { entityIndex: 0, scanned: 0 };
    try {
      const next = await this.batch(job.tenantId, plan);
      if (next.entityIndex >= entityTypes.length) {
        await this.queue.complete(job);
        await this.scheduleNightly(job.tenantId);
      } else await this.queue.savePlan(job, next);
      this.options.onBatch?.(job.tenantId, next);
    } catch (error) {
      console.error("a data-quality scan batch failed; it is retried", error);
      await failJob(this.queue, job, { reason: "The data-quality scan stopped; it resumes where it was.", permanent: false, now: this.clock.now(), details: { reason: job.job.reason } });
    }
  }

  private async remind(job: QueuedJob<ScanJob, ScanPlan>): Promise<void> {
    // Consecutive windows, each ending at its run: a finding comes of age in exactly one, so it is told once.
    const until = this.clock.now().getTime();
    const since = job.job.since ?? until - 86_400_000;
    try {
      await this.reminder?.(job.tenantId, { since, until });
      await this.queue.complete(job);
      await this.scheduleAt(job.tenantId, reminderHour, "remind", until);
    } catch (error) {
      console.error("the data-quality reminder failed; it is retried", error);
      await failJob(this.queue, job, { reason: "The data-quality reminder stopped; it is retried.", permanent: false, now: this.clock.now(), details: { reason: job.job.reason } });
    }
  }

  /** Checks one page of the current entity's records; answers where the scan stands after it. */
  private async batch(tenantId: string, plan: ScanPlan): Promise<ScanPlan> {
    const entity: EntityType = entityTypes[plan.entityIndex]!;
    const context = await this.checker.tenantContext(tenantId, entity);
    const page = await this.records.list(tenantId, entity, {
      filters: {},
      sort: "newest",
      pageSize: this.options.batchSize ?? 100,
      ...(plan.continuationToken ? { continuationToken: plan.continuationToken } : {}),
    });
    for (const record of page.items) await this.checker.check(tenantId, record, context);
    const scanned = plan.scanned + page.items.length;
    return page.continuationToken ? { entityIndex: plan.entityIndex, continuationToken: page.continuationToken, scanned } : { entityIndex: plan.entityIndex + 1, scanned };
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
