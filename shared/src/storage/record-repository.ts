/**
 * Leads, opportunities and cases. The record row lives in the tenant's entity
 * partition (point reads by id; the Owner's "all" list). A copy lives in the
 * owner's own index table, kept by the change writer's projection, so a Member's
 * "my records" list never reads anybody else's rows.
 */
import { odata } from "@azure/data-tables";
import type { TableClient, TableEntityResult } from "@azure/data-tables";
import type { RecordData } from "../domain/forms.js";
import { titleField } from "../domain/forms.js";
import type { CrmRecord } from "../domain/records.js";
import type { EntityType } from "../policy/model.js";
import type { AuditEntry } from "./audit-repository.js";
import type { ChangeWriter, CurrentRow, DomainEvent, RowProperties } from "./change-writer.js";
import { changeIdsOf } from "./change-writer.js";
import { decodeOffset, decodeToken, encodeOffset, encodeToken } from "./continuation.js";
import type { TableStore } from "./table-store.js";
import { isStatus, ownerIndexTableName } from "./table-store.js";

export const recordPartition = (tenantId: string, entity: EntityType): string => `${tenantId}|${entity}`;

/** Form fields copied into columns of their own so lists can filter on them. */
export const filterColumns = { status: "fStatus", stageId: "fStageId", pipelineId: "fPipelineId", priority: "fPriority", source: "fSource" } as const;
export type FilterKey = keyof typeof filterColumns;

export interface ListQuery {
  /** Whose index to read; undefined reads the whole entity partition (scope "all"). */
  ownerId?: string;
  /** Only records whose title starts with this text (case-insensitive). */
  search?: string;
  filters: Partial<Record<FilterKey, string>>;
  sort: "newest" | "oldest" | "title" | "updated";
  pageSize: number;
  continuationToken?: string;
  /** Keep only rows this predicate accepts (team scope). */
  accept?: (record: CrmRecord) => boolean;
}

export interface Page<T> {
  items: T[];
  continuationToken?: string;
}

const maxSortable = 2000;

/** A record as read from storage, with the change ids its next write must carry on. */
export type StoredRecord = CrmRecord & { changeIds: string };

/** A change to one record: its audit entry (whose id is the change's), its events, and the version it replaces. */
interface RecordChange {
  audit: AuditEntry;
  events: DomainEvent[];
  before?: Pick<CrmRecord, "ownerId" | "etag"> & { changeIds?: string };
}

export class RecordRepository {
  constructor(
    private readonly store: TableStore,
    private readonly changes: ChangeWriter,
  ) {
    changes.registerProjector("recordIndex", (projection, current) => this.projectIndex(projection.payload, current));
  }

  /**
   * Writes the record (If-Match on the version it replaces), its audit entry and events
   * through the change writer, and keeps its owner's index in step; answers the new ETag.
   */
  async write(tenantId: string, record: CrmRecord, op: "create" | "replace" | "delete", change: RecordChange): Promise<string> {
    const { before } = change;
    const etag = await this.changes.apply(
      {
        id: change.audit.id,
        write: {
          table: "records",
          partitionKey: recordPartition(tenantId, record.entity),
          rowKey: record.id,
          op,
          ...(op !== "delete" ? { properties: recordRow(record, String(record.fields[titleField[record.entity]] ?? "")) } : {}),
          ...(before ? { etag: before.etag } : {}),
        },
        audit: change.audit,
        projections: [
          {
            kind: "recordIndex",
            payload: { tenantId, entity: record.entity, id: record.id, ownerId: record.ownerId, ...(before ? { previousOwnerId: before.ownerId } : {}) },
          },
        ],
        events: change.events,
      },
      before?.changeIds ?? "",
    );
    return etag ?? "";
  }

  async get(tenantId: string, entity: EntityType, id: string): Promise<StoredRecord | undefined> {
    try {
      const row = await this.store.table("records").getEntity<RowProperties>(recordPartition(tenantId, entity), id);
      return { ...toRecord(entity, row, row.etag), changeIds: changeIdsOf(row) };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  async list(tenantId: string, entity: EntityType, query: ListQuery): Promise<Page<CrmRecord>> {
    // Reads never create an index table: an owner without one simply has no records yet.
    const table = query.ownerId === undefined ? this.store.table("records") : this.store.client(ownerIndexTableName(tenantId, query.ownerId));
    // Outbox intents share the partition; their keys start with "~", ids never do.
    const conditions = [odata`PartitionKey eq ${recordPartition(tenantId, entity)} and RowKey lt ${"~"}`];
    if (query.search) {
      const prefix = query.search.toLowerCase();
      conditions.push(odata`titleLower ge ${prefix} and titleLower lt ${`${prefix}\uffff`}`);
    }
    for (const [key, value] of Object.entries(query.filters) as [FilterKey, string | undefined][]) {
      // The odata tag quotes a value only when some text precedes it inside the template.
      if (value !== undefined) conditions.push(`${filterColumns[key]}${odata` eq ${value}`}`);
    }
    const filter = conditions.join(" and ");
    try {
      if (query.sort === "newest") return await this.keyOrderPage(table, entity, filter, query);
      return await this.sortedPage(table, entity, filter, query);
    } catch (error) {
      if (query.ownerId !== undefined && isStatus(error, 404)) return { items: [] };
      throw error;
    }
  }

  /** One storage page in key order (newest first, as ids invert time). */
  private async keyOrderPage(table: TableClient, entity: EntityType, filter: string, query: ListQuery): Promise<Page<CrmRecord>> {
    const items: CrmRecord[] = [];
    let token = decodeToken(query.continuationToken);
    // A team-scope list may drop rows; read a few more pages to fill one, but never unboundedly.
    for (let round = 0; round < 5 && items.length < query.pageSize; round += 1) {
      const pages = table.listEntities<RowProperties>({ queryOptions: { filter } }).byPage({ maxPageSize: query.pageSize - items.length, ...(token ? { continuationToken: token } : {}) });
      const next = await pages.next();
      if (next.done) {
        token = undefined;
        break;
      }
      for (const row of next.value) {
        const record = toRecord(entity, row, String(row.recordEtag ?? row.etag));
        if (!query.accept || query.accept(record)) items.push(record);
      }
      token = (next.value as { continuationToken?: string }).continuationToken;
      if (!token) break;
    }
    return { items, ...(token ? { continuationToken: encodeToken(token) } : {}) };
  }

  private async sortedPage(table: TableClient, entity: EntityType, filter: string, query: ListQuery): Promise<Page<CrmRecord>> {
    const all: CrmRecord[] = [];
    for await (const row of table.listEntities<RowProperties>({ queryOptions: { filter } })) {
      const record = toRecord(entity, row, String(row.recordEtag ?? row.etag));
      if (!query.accept || query.accept(record)) all.push(record);
      if (all.length > maxSortable) break;
    }
    const compare = comparators[query.sort as Exclude<ListQuery["sort"], "newest">];
    all.sort(compare);
    const offset = decodeOffset(query.continuationToken);
    const items = all.slice(offset, offset + query.pageSize);
    const more = offset + query.pageSize < all.length;
    return { items, ...(more ? { continuationToken: encodeOffset(offset + query.pageSize) } : {}) };
  }

  async ownerTable(tenantId: string, ownerId: string): Promise<TableClient> {
    const name = ownerIndexTableName(tenantId, ownerId);
    await this.store.ensureTable(name);
    return this.store.client(name);
  }

  /**
   * How many of the owner's records of this entity are open (not `isClosed` by their
   * status or stage columns), read from the owner's own index; at most 5,000 are looked at.
   */
  async countOpen(tenantId: string, ownerId: string, entity: EntityType, isClosed: (record: { status: string; stageId: string }) => boolean): Promise<number> {
    const table = await this.ownerTable(tenantId, ownerId);
    const filter = odata`PartitionKey eq ${recordPartition(tenantId, entity)} and RowKey lt ${"~"}`;
    let open = 0;
    let seen = 0;
    for await (const row of table.listEntities<RowProperties>({ queryOptions: { filter, select: [filterColumns.status, filterColumns.stageId] } })) {
      seen += 1;
      if (!isClosed({ status: String(row[filterColumns.status] ?? ""), stageId: String(row[filterColumns.stageId] ?? "") })) open += 1;
      if (seen >= 5000) break;
    }
    return open;
  }

  private async projectIndex(payload: Record<string, unknown>, current: CurrentRow | undefined): Promise<void> {
    const tenantId = String(payload.tenantId);
    const entity = payload.entity as EntityType;
    const id = String(payload.id);
    const partitionKey = recordPartition(tenantId, entity);
    const staleOwners = new Set([payload.ownerId, payload.previousOwnerId].filter((owner): owner is string => typeof owner === "string"));
    if (current) {
      const ownerId = String(current.ownerId);
      staleOwners.delete(ownerId);
      const { changeIds: _ignored, etag, partitionKey: _pk, rowKey: _rk, ...properties } = current;
      const table = await this.ownerTable(tenantId, ownerId);
      await table.upsertEntity({ partitionKey, rowKey: id, ...properties, recordEtag: etag ?? "" }, "Replace");
    }
    for (const owner of staleOwners) {
      const table = await this.ownerTable(tenantId, owner);
      await table.deleteEntity(partitionKey, id).catch((error: unknown) => {
        if (!isStatus(error, 404)) throw error;
      });
    }
  }
}

const comparators: Record<Exclude<ListQuery["sort"], "newest">, (a: CrmRecord, b: CrmRecord) => number> = {
  oldest: (a, b) => a.createdAt.localeCompare(b.createdAt),
  updated: (a, b) => b.updatedAt.localeCompare(a.updatedAt),
  title: (a, b) => titleOf(a).localeCompare(titleOf(b)),
};

const titleOf = (record: CrmRecord): string => String(record.fields.name ?? record.fields.title ?? "");

function toRecord(entity: EntityType, row: TableEntityResult<RowProperties> | RowProperties, etag: string): CrmRecord {
  return {
    id: String(row.rowKey),
    entity,
    ownerId: String(row.ownerId),
    createdBy: String(row.createdBy),
    createdAt: String(row.createdAt),
    updatedAt: String(row.updatedAt),
    updatedBy: String(row.updatedBy ?? row.createdBy),
    ...(row.convertedTo ? { convertedTo: String(row.convertedTo) } : {}),
    etag,
    teamIds: JSON.parse(String(row.teamIds ?? "[]")) as string[],
    fields: JSON.parse(String(row.data ?? "{}")) as RecordData,
  };
}

/** The stored row of a record (without keys): data as one JSON string, searchable columns beside it. */
export function recordRow(record: Omit<CrmRecord, "etag" | "id" | "entity">, title: string): RowProperties {
  const row: RowProperties = {
    ownerId: record.ownerId,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    ...(record.convertedTo ? { convertedTo: record.convertedTo } : {}),
    teamIds: JSON.stringify(record.teamIds),
    data: JSON.stringify(record.fields),
    titleLower: title.toLowerCase().slice(0, 200),
  };
  for (const [key, column] of Object.entries(filterColumns)) {
    const value = record.fields[key];
    if (typeof value === "string") row[column] = value;
  }
  return row;
}
