/**
 * Data-quality rows, in the `quality` table, every partition starting with the tenant:
 * - `<tenant>|finding`: one row per (record, rule key), keyed `<entity>|<record id>|<key>`,
 *   so a record's findings are one range of its own keys;
 * - `<tenant>|dup`: one row per normalised value (`<rule>|<entity>|<hash>`) holding the ids
 *   of the records that have it, so a change's duplicate check is a point read per value;
 * - `<tenant>|rec`: per record, the value rows it is listed in and its latest note, so a
 *   change knows which index rows to leave without reading the record's history.
 * The rules themselves are a configuration row (audited through the change writer).
 */
import { createHash } from "node:crypto";
import { odata } from "@azure/data-tables";
import type { Finding, FindingState } from "../domain/data-quality/finding.js";
import type { DuplicateRule, QualityRules } from "../domain/data-quality/rules.js";
import { defaultQualityRules } from "../domain/data-quality/rules.js";
import type { EntityType } from "../policy/model.js";
import type { ChangeWriter, RowProperties } from "./change-writer.js";
import type { ConfigChange, Stored } from "./config-partition.js";
import { ConfigPartition, storedJson } from "./config-partition.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

export type StoredFinding = Finding & { etag: string };

/** Where a record sits in the duplicate index, and its latest activity. */
export interface RecordQualityState {
  dupRows: { rule: DuplicateRule; hash: string }[];
  lastActivityAt?: string;
  etag?: string;
}

const rulesRow = "dataQuality|rules";
const findings = (tenantId: string) => `${tenantId}|finding`;
const dupPartition = (tenantId: string) => `${tenantId}|dup`;
const recPartition = (tenantId: string) => `${tenantId}|rec`;
const recordPrefix = (entity: EntityType, recordId: string) => `${entity}|${recordId}|`;
/** Values may hold any character; keys may not, so a value row is named by a digest of it. */
export const valueHash = (value: string): string => createHash("sha256").update(value).digest("hex").slice(0, 32);

/** How many findings a list reads at most, so a request never walks an unbounded partition. */
const findingReadLimit = 5_000;

export class QualityRepository {
  private readonly config: ConfigPartition;

  constructor(
    private readonly store: TableStore,
    changes: ChangeWriter,
  ) {
    this.config = new ConfigPartition(store, changes);
  }

  private get table() {
    return this.store.table("quality");
  }

  async getRules(tenantId: string): Promise<Stored<QualityRules> | (QualityRules & { etag?: undefined; changeIds: string })> {
    const row = await this.config.read(tenantId, rulesRow);
    if (!row) return { ...defaultQualityRules(), changeIds: "" };
    const stored = storedJson<Partial<QualityRules>>(row, "rules");
    // Rules added after a tenant saved theirs start at their defaults.
    return { ...defaultQualityRules(), ...stored };
  }

  saveRules(tenantId: string, rules: QualityRules, change: ConfigChange): Promise<string | undefined> {
    return this.config.write(tenantId, rulesRow, { rules: JSON.stringify(rules) }, change);
  }

  async findingsOf(tenantId: string, entity: EntityType, recordId: string): Promise<StoredFinding[]> {
    const prefix = recordPrefix(entity, recordId);
    const filter = odata`PartitionKey eq ${findings(tenantId)} and RowKey ge ${prefix} and RowKey lt ${`${prefix}~`}`;
    const rows: StoredFinding[] = [];
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) rows.push(toFinding(row));
    return rows;
  }

  async getFinding(tenantId: string, entity: EntityType, recordId: string, key: string): Promise<StoredFinding | undefined> {
    try {
      return toFinding(await this.table.getEntity<RowProperties>(findings(tenantId), `${recordPrefix(entity, recordId)}${key}`));
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /** Writes the finding; with `etag` only if nobody changed it since (412 otherwise). */
  async putFinding(tenantId: string, finding: Finding, etag?: string): Promise<void> {
    const entity = { partitionKey: findings(tenantId), rowKey: `${recordPrefix(finding.entity, finding.recordId)}${finding.key}`, ...findingRow(finding) };
    if (etag) await this.table.updateEntity(entity, "Replace", { etag });
    else await this.table.upsertEntity(entity, "Replace");
  }

  async deleteFinding(tenantId: string, finding: Pick<Finding, "entity" | "recordId" | "key">): Promise<void> {
    await this.table.deleteEntity(findings(tenantId), `${recordPrefix(finding.entity, finding.recordId)}${finding.key}`).catch(ignore404);
  }

  /** The tenant's findings in key order, filtered by state, rule and owner in storage; at most `findingReadLimit`. */
  async listFindings(tenantId: string, query: { state?: FindingState; rule?: string; ownerId?: string }): Promise<{ items: StoredFinding[]; truncated: boolean }> {
    const conditions = [odata`PartitionKey eq ${findings(tenantId)}`];
    if (query.state) conditions.push(odata`state eq ${query.state}`);
    if (query.rule) conditions.push(odata`rule eq ${query.rule}`);
    if (query.ownerId) conditions.push(odata`ownerId eq ${query.ownerId}`);
    const items: StoredFinding[] = [];
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter: conditions.join(" and ") } })) {
      if (items.length >= findingReadLimit) return { items, truncated: true };
      items.push(toFinding(row));
    }
    return { items, truncated: false };
  }

  async recordState(tenantId: string, entity: EntityType, recordId: string): Promise<RecordQualityState> {
    try {
      const row = await this.table.getEntity<RowProperties>(recPartition(tenantId), `${entity}|${recordId}`);
      return { dupRows: JSON.parse(String(row.dupRows ?? "[]")) as RecordQualityState["dupRows"], ...(row.lastActivityAt ? { lastActivityAt: String(row.lastActivityAt) } : {}), etag: row.etag };
    } catch (error) {
      if (isStatus(error, 404)) return { dupRows: [] };
      throw error;
    }
  }

  async saveRecordState(tenantId: string, entity: EntityType, recordId: string, state: RecordQualityState): Promise<void> {
    await this.table.upsertEntity(
      { partitionKey: recPartition(tenantId), rowKey: `${entity}|${recordId}`, dupRows: JSON.stringify(state.dupRows), ...(state.lastActivityAt ? { lastActivityAt: state.lastActivityAt } : {}) },
      "Replace",
    );
  }

  async deleteRecordState(tenantId: string, entity: EntityType, recordId: string): Promise<void> {
    await this.table.deleteEntity(recPartition(tenantId), `${entity}|${recordId}`).catch(ignore404);
  }

  /** The ids of the records listed under a normalised value (one point read). */
  async valueMembers(tenantId: string, rule: DuplicateRule, entity: EntityType, hash: string): Promise<string[]> {
    return (await this.readValueRow(tenantId, rule, entity, hash))?.ids ?? [];
  }

  /** Adds or removes a record under a value; answers the ids listed there afterwards. Races retry on the row's ETag. */
  async changeValueMembers(tenantId: string, rule: DuplicateRule, entity: EntityType, hash: string, recordId: string, op: "add" | "remove"): Promise<string[]> {
    const rowKey = `${rule}|${entity}|${hash}`;
    for (let attempt = 0; ; attempt += 1) {
      const current = await this.readValueRow(tenantId, rule, entity, hash);
      const ids = new Set(current?.ids ?? []);
      if (op === "add") ids.add(recordId);
      else ids.delete(recordId);
      const next = [...ids].sort();
      if (current && next.length === current.ids.length && next.every((id, index) => id === current.ids[index])) return next;
      try {
        if (next.length === 0) await this.table.deleteEntity(dupPartition(tenantId), rowKey, { etag: current!.etag });
        else if (current) await this.table.updateEntity({ partitionKey: dupPartition(tenantId), rowKey, ids: JSON.stringify(next) }, "Replace", { etag: current.etag });
        else await this.table.createEntity({ partitionKey: dupPartition(tenantId), rowKey, ids: JSON.stringify(next) });
        return next;
      } catch (error) {
        if (attempt >= 5 || !(isStatus(error, 412) || isStatus(error, 409) || isStatus(error, 404))) throw error;
      }
    }
  }

  private async readValueRow(tenantId: string, rule: DuplicateRule, entity: EntityType, hash: string): Promise<{ ids: string[]; etag: string } | undefined> {
    try {
      const row = await this.table.getEntity<RowProperties>(dupPartition(tenantId), `${rule}|${entity}|${hash}`);
      return { ids: JSON.parse(String(row.ids)) as string[], etag: row.etag };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}

const ignore404 = (error: unknown): void => {
  if (!isStatus(error, 404)) throw error;
};

function findingRow(finding: Finding): RowProperties {
  return {
    entity: finding.entity,
    recordId: finding.recordId,
    key: finding.key,
    rule: finding.rule,
    fields: JSON.stringify(finding.fields),
    message: finding.message,
    state: finding.state,
    foundAt: finding.foundAt,
    updatedAt: finding.updatedAt,
    ownerId: finding.ownerId,
    related: JSON.stringify(finding.related),
    routedTo: JSON.stringify(finding.routedTo),
    ...(finding.reason !== undefined ? { reason: finding.reason } : {}),
    ...(finding.dismissedBy !== undefined ? { dismissedBy: finding.dismissedBy } : {}),
  };
}

function toFinding(row: RowProperties & { etag?: string }): StoredFinding {
  return {
    entity: String(row.entity) as EntityType,
    recordId: String(row.recordId),
    key: String(row.key),
    rule: String(row.rule) as Finding["rule"],
    fields: JSON.parse(String(row.fields ?? "[]")) as string[],
    message: String(row.message),
    state: String(row.state) as FindingState,
    foundAt: String(row.foundAt),
    updatedAt: String(row.updatedAt),
    ownerId: String(row.ownerId),
    related: JSON.parse(String(row.related ?? "[]")) as string[],
    routedTo: JSON.parse(String(row.routedTo ?? "[]")) as string[],
    ...(row.reason !== undefined && row.reason !== null ? { reason: String(row.reason) } : {}),
    ...(row.dismissedBy !== undefined && row.dismissedBy !== null ? { dismissedBy: String(row.dismissedBy) } : {}),
    etag: String(row.etag ?? ""),
  };
}
