/**
 * The append-only audit log. Each entry is written twice: once in the tenant's
 * partition (the audit viewer) and once in the record's partition (its history),
 * both keyed by the change id, so a retried write is idempotent.
 */
import { odata } from "@azure/data-tables";
import type { TableEntityResult } from "@azure/data-tables";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";
import { decodeToken, encodeToken } from "./continuation.js";

export interface AuditEntry {
  /** The id of the change (or denial) this entry records; unique per tenant. */
  id: string;
  tenantId: string;
  at: string;
  actorId: string;
  actorKind: "user" | "workflow" | "system";
  /** e.g. `lead.create`, `form.update`, `user.roles`, `access.denied`. */
  action: string;
  outcome: "allowed" | "denied";
  reason: string;
  entity?: string;
  recordId?: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditQuery {
  actorId?: string;
  entity?: string;
  recordId?: string;
  action?: string;
  from?: string;
  to?: string;
  pageSize: number;
  continuationToken?: string;
}

const maxJson = 30_000;
const tenantPartition = (tenantId: string): string => `${tenantId}|log`;
const recordPartition = (tenantId: string, entity: string, recordId: string): string => `${tenantId}|${entity}|${recordId}`;
/** Newest first: the row key begins with the inverted time of the entry. */
const rowKey = (entry: AuditEntry): string => `${(9_999_999_999_999 - Date.parse(entry.at)).toString().padStart(13, "0")}|${entry.id}`;

function snapshot(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value);
  return json.length <= maxJson ? json : JSON.stringify({ truncated: true, preview: json.slice(0, maxJson - 100) });
}

export class AuditRepository {
  constructor(private readonly store: TableStore) {}

  async append(entry: AuditEntry): Promise<void> {
    const properties = {
      rowKey: rowKey(entry),
      entryId: entry.id,
      at: entry.at,
      actorId: entry.actorId,
      actorKind: entry.actorKind,
      action: entry.action,
      outcome: entry.outcome,
      reason: entry.reason,
      entity: entry.entity ?? "",
      recordId: entry.recordId ?? "",
      before: snapshot(entry.before),
      after: snapshot(entry.after),
    };
    const table = this.store.table("audit");
    const partitions = [tenantPartition(entry.tenantId)];
    if (entry.entity && entry.recordId) partitions.push(recordPartition(entry.tenantId, entry.entity, entry.recordId));
    await Promise.all(
      partitions.map((partitionKey) =>
        table.createEntity({ partitionKey, ...properties }).catch((error: unknown) => {
          if (!isStatus(error, 409)) throw error; // already written by an earlier try
        }),
      ),
    );
  }

  async list(tenantId: string, query: AuditQuery): Promise<{ items: AuditEntry[]; continuationToken?: string }> {
    const conditions = [odata`PartitionKey eq ${tenantPartition(tenantId)}`];
    if (query.actorId) conditions.push(odata`actorId eq ${query.actorId}`);
    if (query.entity) conditions.push(odata`entity eq ${query.entity}`);
    if (query.recordId) conditions.push(odata`recordId eq ${query.recordId}`);
    if (query.action) conditions.push(odata`action eq ${query.action}`);
    if (query.from) conditions.push(odata`at ge ${query.from}`);
    if (query.to) conditions.push(odata`at le ${query.to}`);
    return this.page(tenantId, conditions.join(" and "), query.pageSize, query.continuationToken);
  }

  async history(tenantId: string, entity: string, recordId: string, pageSize: number, continuationToken?: string) {
    return this.page(tenantId, odata`PartitionKey eq ${recordPartition(tenantId, entity, recordId)}`, pageSize, continuationToken);
  }

  private async page(tenantId: string, filter: string, pageSize: number, token?: string) {
    const pages = this.store
      .table("audit")
      .listEntities<Record<string, unknown>>({ queryOptions: { filter } })
      .byPage({ maxPageSize: pageSize, continuationToken: decodeToken(token) });
    const first = await pages.next();
    const page = first.done ? [] : first.value;
    const items = page.map((row) => toEntry(tenantId, row));
    const next = first.done ? undefined : (first.value as { continuationToken?: string }).continuationToken;
    return { items, ...(next ? { continuationToken: encodeToken(next) } : {}) };
  }
}

function toEntry(tenantId: string, row: TableEntityResult<Record<string, unknown>>): AuditEntry {
  const parse = (value: unknown) => (typeof value === "string" ? (JSON.parse(value) as unknown) : undefined);
  return {
    id: String(row.entryId),
    tenantId,
    at: String(row.at),
    actorId: String(row.actorId),
    actorKind: row.actorKind as AuditEntry["actorKind"],
    action: String(row.action),
    outcome: row.outcome as AuditEntry["outcome"],
    reason: String(row.reason),
    ...(typeof row.entity === "string" && row.entity ? { entity: row.entity } : {}),
    ...(typeof row.recordId === "string" && row.recordId ? { recordId: row.recordId } : {}),
    ...(row.before !== undefined ? { before: parse(row.before) } : {}),
    ...(row.after !== undefined ? { after: parse(row.after) } : {}),
  };
}
