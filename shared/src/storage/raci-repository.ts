/**
 * The RACI chart as stored, in the tenant's partition of the config table: one row
 * `raci|chart` (the whole chart as JSON, with a version; its ETag guards a save) and
 * one row per task review, `raci|review|<taskKey>` (who marked the quarterly review done
 * and when), apart from the chart so marking a review never makes an editor's save stale.
 * Every write goes through the change writer with its audit entry.
 */
import type { RaciChart } from "../policy/raci.js";
import type { ChangeWriter } from "./change-writer.js";
import type { ConfigChange, Stored } from "./config-partition.js";
import { ConfigPartition, storedJson } from "./config-partition.js";
import type { TableStore } from "./table-store.js";

/** The chart with the number of saves so far (1 for the first saved chart). */
export type VersionedChart = RaciChart & { version: number };

export interface RaciReview {
  taskKey: string;
  reviewedAt: string;
  reviewedBy: string;
}

const keys = { chart: "raci|chart", review: (taskKey: string) => `raci|review|${taskKey}` };

export class RaciRepository {
  private readonly rows: ConfigPartition;

  constructor(store: TableStore, changes: ChangeWriter) {
    this.rows = new ConfigPartition(store, changes);
  }

  async getChart(tenantId: string): Promise<Stored<VersionedChart> | undefined> {
    const row = await this.rows.read(tenantId, keys.chart);
    return row && storedJson<VersionedChart>(row, "chart");
  }

  /** Creates the chart, or (with `change.previous.etag`) replaces it if nobody saved it since. */
  saveChart(tenantId: string, chart: VersionedChart, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, keys.chart, { chart: JSON.stringify(chart) }, change);
  }

  async listReviews(tenantId: string): Promise<Stored<RaciReview>[]> {
    return (await this.rows.range(tenantId, "raci|review|")).map((row) => storedJson<RaciReview>(row, "review"));
  }

  saveReview(tenantId: string, review: RaciReview, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, keys.review(review.taskKey), { review: JSON.stringify(review) }, change);
  }
}
