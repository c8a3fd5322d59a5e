/**
 * Access review campaigns as stored, in the tenant's config partition: the campaign
 * (`review|<id>`) and one row per person under review (`reviewitem|<id>|<userId>`),
 * each write with its audit entry through the change writer.
 */
import { odata } from "@azure/data-tables";
import type { TableEntityResult } from "@azure/data-tables";
import type { ReviewCampaign, ReviewItem } from "../policy/access-review.js";
import type { Stored } from "./access-repository.js";
import type { ChangeWriter, RowProperties } from "./change-writer.js";
import { changeIdsOf } from "./change-writer.js";
import type { ConfigChange } from "./config-repository.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

const keys = {
  campaign: (id: string) => `review|${id}`,
  item: (campaignId: string, userId: string) => `reviewitem|${campaignId}|${userId}`,
};

type Row = TableEntityResult<RowProperties>;

export class ReviewRepository {
  constructor(
    private readonly store: TableStore,
    private readonly changes: ChangeWriter,
  ) {}

  private get table() {
    return this.store.table("config");
  }

  async listCampaigns(tenantId: string): Promise<Stored<ReviewCampaign>[]> {
    return (await this.range(tenantId, "review|")).map((row) => fromJson<ReviewCampaign>(row, "campaign"));
  }

  async getCampaign(tenantId: string, id: string): Promise<Stored<ReviewCampaign> | undefined> {
    const row = await this.read(tenantId, keys.campaign(id));
    return row && fromJson<ReviewCampaign>(row, "campaign");
  }

  saveCampaign(campaign: ReviewCampaign, change: ConfigChange): Promise<string | undefined> {
    return this.write(campaign.tenantId, keys.campaign(campaign.id), { campaign: JSON.stringify(campaign) }, change);
  }

  async items(tenantId: string, campaignId: string): Promise<Stored<ReviewItem>[]> {
    return (await this.range(tenantId, `reviewitem|${campaignId}|`)).map((row) => fromJson<ReviewItem>(row, "item"));
  }

  async getItem(tenantId: string, campaignId: string, userId: string): Promise<Stored<ReviewItem> | undefined> {
    const row = await this.read(tenantId, keys.item(campaignId, userId));
    return row && fromJson<ReviewItem>(row, "item");
  }

  /**
   * The people of a new campaign, written as a snapshot without audit entries of
   * their own (the campaign's start is the audited change); a retried start
   * overwrites the same rows.
   */
  async createItems(tenantId: string, items: readonly ReviewItem[]): Promise<void> {
    for (let start = 0; start < items.length; start += 100) {
      const batch = items
        .slice(start, start + 100)
        .map((item) => ["upsert", { partitionKey: tenantId, rowKey: keys.item(item.campaignId, item.userId), item: JSON.stringify(item) }, "Replace"] as const);
      if (batch.length > 0) await this.table.submitTransaction(batch.map((action) => [...action]));
    }
  }

  /** Creates the item, or (with `change.previous`) replaces it if nobody decided it since. */
  saveItem(tenantId: string, item: ReviewItem, change: ConfigChange): Promise<string | undefined> {
    return this.write(tenantId, keys.item(item.campaignId, item.userId), { item: JSON.stringify(item) }, change);
  }

  private write(tenantId: string, rowKey: string, properties: RowProperties, change: ConfigChange): Promise<string | undefined> {
    const etag = change.previous?.etag;
    return this.changes.apply(
      {
        id: change.audit.id,
        write: { table: "config", partitionKey: tenantId, rowKey, op: etag ? "replace" : "create", properties, ...(etag ? { etag } : {}) },
        audit: change.audit,
        events: change.events ?? [],
      },
      change.previous?.changeIds ?? "",
    );
  }

  private async read(tenantId: string, rowKey: string): Promise<Row | undefined> {
    try {
      return await this.table.getEntity<RowProperties>(tenantId, rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private async range(tenantId: string, prefix: string): Promise<Row[]> {
    const rows: Row[] = [];
    const filter = odata`PartitionKey eq ${tenantId} and RowKey ge ${prefix} and RowKey lt ${`${prefix}\uffff`}`;
    for await (const row of this.table.listEntities<RowProperties>({ queryOptions: { filter } })) rows.push(row);
    return rows;
  }
}

function fromJson<T>(row: Row, column: string): Stored<T> {
  return { ...(JSON.parse(String(row[column])) as T), etag: row.etag, changeIds: changeIdsOf(row) };
}
