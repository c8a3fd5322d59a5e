/**
 * The full scan: a durable job per tenant in the `quality` job queue, worked by the
 * JobWorker under the tenant's lease. Each pass checks one bounded batch of records
 * and saves where it stopped (the job's plan), so a restart resumes at the saved
 * cursor; the checks are idempotent per (record, rule), so a batch redone after a
 * crash adds no findings. A finished scan schedules the next night's.
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
  kind: "scan";
  reason: "nightly" | "requested";
}

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

export class QualityScan {
  private readonly worker: JobWorker<ScanJob, ScanPlan, { reason: string }>;

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

  /** Schedules the tenant's next nightly scan (a no-op when it is already scheduled). */
  async scheduleNightly(tenantId: string): Promise<void> {
    const now = this.clock.now();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), nightlyHour));
    if (next.getTime() <= now.getTime()) next.setUTCDate(next.getUTCDate() + 1);
    await this.queue.enqueue(tenantId, `scan|nightly|${next.toISOString().slice(0, 10)}`, { kind: "scan", reason: "nightly" }, next.getTime(), { enqueuedAt: now.toISOString() });
  }

  private async run(job: QueuedJob<ScanJob, ScanPlan>): Promise<void> {
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
