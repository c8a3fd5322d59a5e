/**
 * Teams resends an activity it thinks went unanswered (after about 15 s). The
 * first delivery claims the activity id with a row; a replay finds the row and
 * is dropped. Rows expire after a day and are swept in the background.
 */
import { odata } from "@azure/data-tables";
import type { TableStore } from "@crm/shared/storage";
import { isStatus } from "@crm/shared/storage";
import { shortHash } from "./bot-keys.js";

const partition = (tenantId: string): string => `${tenantId}|activities`;
export const processedActivityTtlMs = 24 * 60 * 60 * 1000;

export class ProcessedActivities {
  constructor(private readonly store: TableStore) {}

  /** True for the first delivery of this activity, false for a replay. */
  async claim(tenantId: string, conversationId: string, activityId: string, now = Date.now()): Promise<boolean> {
    try {
      await this.store.table("bot").createEntity({
        partitionKey: partition(tenantId),
        rowKey: shortHash(`${conversationId}\n${activityId}`),
        kind: "processedActivity",
        expiresAt: now + processedActivityTtlMs,
      });
      return true;
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
  }

  /** Deletes expired claims; background work under a lease, never a request path. */
  async sweep(now = Date.now()): Promise<number> {
    const table = this.store.table("bot");
    let removed = 0;
    const rows = table.listEntities({ queryOptions: { filter: odata`kind eq ${"processedActivity"} and expiresAt lt ${now}` } });
    for await (const row of rows) {
      await table.deleteEntity(row.partitionKey!, row.rowKey!).catch(() => undefined);
      removed += 1;
    }
    return removed;
  }
}
