/**
 * Access review campaigns as stored, in the tenant's config partition: the campaign
 * (`review|<id>`) and one row per person under review (`reviewitem|<id>|<userId>`),
 * each write with its audit entry through the change writer.
 */
import type { ReviewCampaign, ReviewItem } from "../policy/access-review.js";
import type { ChangeWriter } from "./change-writer.js";
import type { ConfigChange, Stored } from "./config-partition.js";
import { ConfigPartition, storedJson } from "./config-partition.js";
import type { TableStore } from "./table-store.js";

const keys = {
  campaign: (id: string) => `review|${id}`,
  item: (campaignId: string, userId: string) => `reviewitem|${campaignId}|${userId}`,
};

export class ReviewRepository {
  private readonly rows: ConfigPartition;

  constructor(store: TableStore, changes: ChangeWriter) {
    this.rows = new ConfigPartition(store, changes);
  }

  async listCampaigns(tenantId: string): Promise<Stored<ReviewCampaign>[]> {
    return (await this.rows.range(tenantId, "review|")).map((row) => storedJson<ReviewCampaign>(row, "campaign"));
  }

  async getCampaign(tenantId: string, id: string): Promise<Stored<ReviewCampaign> | undefined> {
    const row = await this.rows.read(tenantId, keys.campaign(id));
    return row && storedJson<ReviewCampaign>(row, "campaign");
  }

  saveCampaign(campaign: ReviewCampaign, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(campaign.tenantId, keys.campaign(campaign.id), { campaign: JSON.stringify(campaign) }, change);
  }

  async items(tenantId: string, campaignId: string): Promise<Stored<ReviewItem>[]> {
    return (await this.rows.range(tenantId, `reviewitem|${campaignId}|`)).map((row) => storedJson<ReviewItem>(row, "item"));
  }

  async getItem(tenantId: string, campaignId: string, userId: string): Promise<Stored<ReviewItem> | undefined> {
    const row = await this.rows.read(tenantId, keys.item(campaignId, userId));
    return row && storedJson<ReviewItem>(row, "item");
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
      if (batch.length > 0) await this.rows.table.submitTransaction(batch.map((action) => [...action]));
    }
  }

  /** Creates the item, or (with `change.previous`) replaces it if nobody decided it since. */
  saveItem(tenantId: string, item: ReviewItem, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, keys.item(item.campaignId, item.userId), { item: JSON.stringify(item) }, change);
  }
}
