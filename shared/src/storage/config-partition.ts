/**
 * The rows of a tenant's configuration partition (the config table, partition = tenant
 * id): point reads, prefix ranges, and writes through the change writer so each row and
 * its audit entry go together. The repositories of that partition (configuration,
 * access governance, reviews) build their keys and columns on it.
 */
import { odata } from "@azure/data-tables";
import type { TableEntityResult } from "@azure/data-tables";
import type { ChangeWriter, DomainEvent, RowProperties } from "./change-writer.js";
import { changeIdsOf } from "./change-writer.js";
import type { AuditEntry } from "./audit-repository.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

export type ConfigRow = TableEntityResult<RowProperties>;

/**
 * A change to one configuration row: its audit entry (whose id is the change's),
 * the events it raises, and what the caller read before (ETag and change ids):
 * without an ETag the row was never saved, and is created.
 */
export interface ConfigChange {
  audit: AuditEntry;
  events?: DomainEvent[];
  previous?: { etag?: string; changeIds: string };
}

/** A stored value with what a later change must send back (its ETag and change ids). */
export type Stored<T> = T & { etag: string; changeIds: string };

export class ConfigPartition {
  constructor(
    private readonly store: TableStore,
    private readonly changes: ChangeWriter,
  ) {}

  get table() {
    return this.store.table("config");
  }

  async read(tenantId: string, rowKey: string): Promise<ConfigRow | undefined> {
    try {
      return await this.table.getEntity<RowProperties>(tenantId, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async range(tenantId: string, prefix: string): Promise<ConfigRow[]> {
    const rows: ConfigRow[] = [];
    const filter = odata`PartitionKey eq ${tenantId} and RowKey ge ${prefix} and RowKey lt ${`${prefix}\uffff`}`;
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) rows.push(row);
    return rows;
  }

  /**
   * Writes through the change writer: `properties` undefined deletes; with
   * `change.previous.etag` it replaces if nobody changed the row since, else creates.
   */
  write(tenantId: string, rowKey: string, properties: RowProperties | undefined, change: ConfigChange): Promise<string | undefined> {
    const etag = change.previous?.etag;
    const op = properties === undefined ? "delete" : etag ? "replace" : "create";
    return this.changes.apply(
      {
        id: change.audit.id,
        write: { table: "config", partitionKey: tenantId, rowKey, op, ...(properties ? { properties } : {}), ...(etag && op !== "create" ? { etag } : {}) },
        audit: change.audit,
        events: change.events ?? [],
      },
      change.previous?.changeIds ?? "",
    );
  }
}

/** A row whose value is one JSON column, with its ETag and change ids. */
export function storedJson<T>(row: ConfigRow, column: string): Stored<T> {
  return { ...(JSON.parse(String(row[column])) as T), etag: row.etag, changeIds: changeIdsOf(row) };
}
