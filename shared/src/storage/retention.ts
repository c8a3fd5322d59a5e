/**
 * Retention: rows that only record what background work did are deleted once they
 * are old, so the `work` table does not grow without end. The audit log is kept
 * (another table); so are a workflow's summary, a round-robin pool's counter, and
 * anything still pending.
 *
 * | rows                           | partition               | kept for (default) |
 * | workflow run records           | `<t>|runs|…`, `<t>|rruns|…` | 90 days        |
 * | round-robin picks (plan rows)  | `<t>|rr|…` (not `counter`)  | 30 days        |
 * | Idempotency-Key answers        | `<t>|idem`                  | 2 days (≥ 24 h promised) |
 *
 * Age is the row's last write (the service's `Timestamp`). The sweep reads only
 * keys, filtered by storage on that time; it is background work under a lease,
 * never a request path. The bot sweeps its own replay claims and delivered
 * notifications (docs/bot.md).
 */
import { odata } from "@azure/data-tables";
import type { TableTransaction } from "@azure/data-tables";
import type { TableStore } from "./table-store.js";

export interface RetentionPolicy {
  runsDays: number;
  picksDays: number;
  idempotencyKeysHours: number;
}

export const defaultRetention: RetentionPolicy = { runsDays: 90, picksDays: 30, idempotencyKeysHours: 48 };
/** Idempotency-Key answers are promised for 24 h (docs/architecture.md). */
export const minimumIdempotencyKeysHours = 24;

const hour = 60 * 60 * 1000;
const day = 24 * hour;

type Kind = "runs" | "picks" | "idempotencyKeys";

/** Which retained kind a work-table row belongs to, from its keys; undefined for rows kept without end. */
function kindOf(partitionKey: string, rowKey: string): Kind | undefined {
  if (/\|r?runs\|/.test(partitionKey)) return "runs";
  if (/\|rr\|/.test(partitionKey) && rowKey !== "counter") return "picks";
  if (/\|idem$/.test(partitionKey)) return "idempotencyKeys";
  return undefined;
}

export class RetentionSweeper {
  constructor(
    private readonly store: TableStore,
    private readonly policy: RetentionPolicy = defaultRetention,
  ) {}

  /** Deletes what is older than its kind's retention; answers how many rows of each kind went. */
  async sweep(now: number = Date.now()): Promise<Record<Kind, number>> {
    const cutoffs: Record<Kind, number> = {
      runs: now - this.policy.runsDays * day,
      picks: now - this.policy.picksDays * day,
      idempotencyKeys: now - this.policy.idempotencyKeysHours * hour,
    };
    const removed: Record<Kind, number> = { runs: 0, picks: 0, idempotencyKeys: 0 };
    const oldest = new Date(Math.max(...Object.values(cutoffs)));
    const table = this.store.table("work");
    const rows = table.listEntities({ queryOptions: { filter: odata`Timestamp lt ${oldest}`, select: ["PartitionKey", "RowKey", "Timestamp"] } });
    // Deletes go in batches of one partition, at most 100 rows each (Table Storage's limit).
    const batches = new Map<string, { kind: Kind; rowKeys: string[] }[]>();
    const flush = async (partitionKey: string) => {
      for (const batch of batches.get(partitionKey) ?? []) {
        const actions = batch.rowKeys.map((rowKey): TableTransaction["actions"][number] => ["delete", { partitionKey, rowKey }]);
        await table.submitTransaction(actions).catch(async () => {
          // A row deleted meanwhile fails the whole batch: delete one by one instead.
          for (const rowKey of batch.rowKeys) await table.deleteEntity(partitionKey, rowKey).catch(() => undefined);
        });
        removed[batch.kind] += batch.rowKeys.length;
      }
      batches.delete(partitionKey);
    };
    for await (const row of rows) {
      const partitionKey = row.partitionKey!;
      const rowKey = row.rowKey!;
      const kind = kindOf(partitionKey, rowKey);
      if (!kind || Date.parse(String(row.timestamp)) >= cutoffs[kind]) continue;
      const list = batches.get(partitionKey) ?? [];
      const last = list.at(-1);
      if (last && last.rowKeys.length < 100) last.rowKeys.push(rowKey);
      else list.push({ kind, rowKeys: [rowKey] });
      batches.set(partitionKey, list);
      if (list.length > 1) await flush(partitionKey);
    }
    for (const partitionKey of [...batches.keys()]) await flush(partitionKey);
    return removed;
  }
}
