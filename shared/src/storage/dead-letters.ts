/**
 * A job queue's dead letters: jobs that failed for good, in `<tenant>|<deadLetters>`,
 * until someone revives (JobQueue.revive) or discards them. Letters can be grouped (a
 * workflow's, say): each group has a count row (`~sum|<group>`) whose open count moves
 * in one entity-group batch with the letter's own write, checked against the count
 * row's ETag, so it cannot drift from the letters.
 */
import type { TransactionAction } from "@azure/data-tables";
import { odata } from "@azure/data-tables";
import { hashKey } from "../domain/ids.js";
import type { RowProperties } from "./change-writer.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

export type DeadLetter<Payload, Details extends object = object> = {
  id: string;
  tenantId: string;
  key: string;
  job: Payload;
  depth: number;
  enqueuedAt: string;
  causedAt: number;
  attempts: number;
  reason: string;
  failedAt: string;
} & Details;

/** A group's count row as read, for `repairCounts`. */
interface GroupCount {
  openDeadLetters: number;
  etag: string;
}

/** The dead-letter list stops here. */
export const deadLetterListLimit = 500;
/** Count rows sort after every letter id (hex). */
export const groupRowPrefix = "~sum|";
export const groupRowKey = (group: string): string => `${groupRowPrefix}${group}`;

type Row = RowProperties & { rowKey?: string; etag?: string };

/** What a letter keeps of its job (a QueuedJob has all of it). */
interface FailedJob<Payload> {
  tenantId: string;
  key: string;
  job: Payload;
  depth: number;
  enqueuedAt: string;
  causedAt: number;
  /** Attempts before the last one. */
  attempts: number;
}

export class DeadLetters<Payload, Details extends object = object> {
  constructor(
    private readonly store: TableStore,
    private readonly partitionOf: (tenantId: string) => string,
    private readonly groupOf: (job: Payload) => string | undefined,
  ) {}

  private get table() {
    return this.store.table("work");
  }

  /** Writes the job's letter (id derived from its key) and moves its group's count; the queue removes the job. */
  async add(job: FailedJob<Payload>, reason: string, failedAt: string, details: Details): Promise<DeadLetter<Payload, Details>> {
    const letter = {
      id: hashKey(job.key),
      tenantId: job.tenantId,
      key: job.key,
      job: job.job,
      depth: job.depth,
      enqueuedAt: job.enqueuedAt,
      causedAt: job.causedAt,
      attempts: job.attempts + 1,
      reason: reason.slice(0, 2000),
      failedAt,
      ...details,
    } as DeadLetter<Payload, Details>;
    const partitionKey = this.partitionOf(job.tenantId);
    await this.change(job.tenantId, letter.id, this.groupOf(job.job), (existing) => {
      const entity = { partitionKey, rowKey: letter.id, letter: JSON.stringify(letter) };
      // The same job dead-lettered again (a crash before the job was removed) replaces its letter without counting it twice.
      return existing ? { step: ["update", entity, "Replace", { etag: String(existing.etag) }], delta: 0 } : { step: ["create", entity], delta: 1 };
    });
    return letter;
  }

  async get(tenantId: string, id: string): Promise<DeadLetter<Payload, Details> | undefined> {
    const row = await this.read(this.partitionOf(tenantId), id);
    return row ? (JSON.parse(String(row.letter)) as DeadLetter<Payload, Details>) : undefined;
  }

  /** The tenant's letters, newest first, at most `deadLetterListLimit`. */
  async list(tenantId: string): Promise<DeadLetter<Payload, Details>[]> {
    const letters: DeadLetter<Payload, Details>[] = [];
    const filter = odata`PartitionKey eq ${this.partitionOf(tenantId)} and RowKey lt ${"~"}`;
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) {
      letters.push(JSON.parse(String(row.letter)) as DeadLetter<Payload, Details>);
      if (letters.length >= deadLetterListLimit) break;
    }
    return letters.sort((a, b) => b.failedAt.localeCompare(a.failedAt));
  }

  /** Deletes a letter and lowers its group's count, together; false when there is no such letter. */
  async discard(tenantId: string, id: string): Promise<boolean> {
    const letter = await this.get(tenantId, id);
    if (!letter) return false;
    const partitionKey = this.partitionOf(tenantId);
    return this.change(tenantId, id, this.groupOf(letter.job), (existing) => (existing ? { step: ["delete", { partitionKey, rowKey: id }], delta: -1 } : undefined));
  }

  /** Every group's count row: one range read. */
  async groupCounts(tenantId: string): Promise<Map<string, GroupCount>> {
    const filter = odata`PartitionKey eq ${this.partitionOf(tenantId)} and RowKey ge ${groupRowPrefix} and RowKey lt ${`${groupRowPrefix}\uffff`}`;
    const counts = new Map<string, GroupCount>();
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) {
      counts.set(row.rowKey!.slice(groupRowPrefix.length), { openDeadLetters: Math.max(0, Number(row.openDeadLetters ?? 0)), etag: row.etag });
    }
    return counts;
  }

  /**
   * Sets the counts to what a complete list of the open letters says. ETag-checked
   * against the counts read before the letters, so a letter added or resolved
   * meanwhile wins; this only repairs rows that were off.
   */
  async repairCounts(tenantId: string, before: ReadonlyMap<string, GroupCount>, letters: readonly DeadLetter<Payload, Details>[]): Promise<void> {
    const counts = new Map<string, number>();
    for (const letter of letters) {
      const group = this.groupOf(letter.job);
      if (group) counts.set(group, (counts.get(group) ?? 0) + 1);
    }
    const partitionKey = this.partitionOf(tenantId);
    for (const group of new Set([...counts.keys(), ...before.keys()])) {
      const count = counts.get(group) ?? 0;
      const current = before.get(group);
      if ((current?.openDeadLetters ?? 0) === count) continue;
      const entity = { partitionKey, rowKey: groupRowKey(group), openDeadLetters: count };
      try {
        if (current) await this.table.updateEntity(entity, "Merge", { etag: current.etag });
        else await this.table.createEntity(entity);
      } catch (error) {
        if (!isStatus(error, 409) && !isStatus(error, 412)) throw error;
      }
    }
  }

  /**
   * Writes or deletes one letter and moves its group's open count in one batch,
   * checked against the count row as read; read again when someone else got there first.
   * `change` returns nothing when there is nothing to do.
   */
  private async change(tenantId: string, id: string, group: string | undefined, change: (existing: Row | undefined) => { step: TransactionAction; delta: number } | undefined): Promise<boolean> {
    const partitionKey = this.partitionOf(tenantId);
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const [existing, count] = await Promise.all([this.read(partitionKey, id), group ? this.read(partitionKey, groupRowKey(group)) : undefined]);
      const planned = change(existing);
      if (!planned) return false;
      const batch: TransactionAction[] = [planned.step];
      // The count row's ETag serialises every change to this group's letters (a delete in a batch cannot carry one).
      if (group) {
        const entity = { partitionKey, rowKey: groupRowKey(group), openDeadLetters: Math.max(0, Number(count?.openDeadLetters ?? 0) + planned.delta) };
        batch.push(count ? ["update", entity, "Merge", { etag: String(count.etag) }] : ["create", entity]);
      }
      try {
        await this.table.submitTransaction(batch);
        return true;
      } catch (error) {
        if (!isStatus(error, 409) && !isStatus(error, 412) && !isStatus(error, 404)) throw error;
      }
    }
    throw new Error("These dead letters are busy; try again.");
  }

  private async read(partitionKey: string, rowKey: string): Promise<Row | undefined> {
    try {
      return await this.table.getEntity<RowProperties>(partitionKey, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
