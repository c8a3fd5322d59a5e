/**
 * The Teams roster's rows in the tenant's config partition: the Teams teams an Owner
 * linked (`rosterteam|<group id>`), whether sync is paused (`roster|settings`), the
 * activity ids already handled (`rosterevent|<hash>`) and the users the roster itself
 * deactivated (`rosterleft|<user id>`), so that only those come back when they rejoin.
 */
import { createHash } from "node:crypto";
import type { ChangeWriter } from "./change-writer.js";
import type { ConfigChange, Stored } from "./config-partition.js";
import { ConfigPartition, storedJson } from "./config-partition.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

/** A Teams team whose members are CRM users; its Entra group id is also the CRM team id its members get. */
export interface LinkedTeam {
  groupId: string;
  name: string;
  linkedBy: string;
  linkedAt: string;
}

export interface RosterSettings {
  paused: boolean;
  changedBy?: string;
  changedAt?: string;
}

const keys = {
  team: (groupId: string) => `rosterteam|${groupId}`,
  settings: "roster|settings",
  event: (activityId: string) => `rosterevent|${createHash("sha256").update(activityId).digest("hex").slice(0, 40)}`,
  left: (userId: string) => `rosterleft|${userId}`,
  delta: (groupId: string) => `rosterdelta|${groupId}`,
};

/** The one partition that crosses tenants: which tenants have linked teams (tenant ids only), for the reconciliation. */
const tenantsPartition = "~roster|tenants";

export class RosterRepository {
  private readonly rows: ConfigPartition;

  constructor(store: TableStore, changes: ChangeWriter) {
    this.rows = new ConfigPartition(store, changes);
  }

  async getTeam(tenantId: string, groupId: string): Promise<Stored<LinkedTeam> | undefined> {
    const row = await this.rows.read(tenantId, keys.team(groupId));
    return row && storedJson<LinkedTeam>(row, "team");
  }

  async listTeams(tenantId: string): Promise<Stored<LinkedTeam>[]> {
    return (await this.rows.range(tenantId, "rosterteam|")).map((row) => storedJson<LinkedTeam>(row, "team"));
  }

  async saveTeam(tenantId: string, team: LinkedTeam, change: ConfigChange): Promise<string | undefined> {
    const etag = await this.rows.write(tenantId, keys.team(team.groupId), { team: JSON.stringify(team) }, change);
    await this.rows.table.upsertEntity({ partitionKey: tenantsPartition, rowKey: tenantId }, "Replace");
    return etag;
  }

  /** Tenants that linked a team at some point (a tenant without teams left is simply skipped). */
  async tenantsWithTeams(): Promise<string[]> {
    return (await this.rows.range(tenantsPartition, "")).map((row) => row.rowKey!);
  }

  async getDeltaLink(tenantId: string, groupId: string): Promise<string | undefined> {
    const row = await this.rows.read(tenantId, keys.delta(groupId));
    return row ? String(row.link) : undefined;
  }

  async saveDeltaLink(tenantId: string, groupId: string, link: string): Promise<void> {
    await this.rows.table.upsertEntity({ partitionKey: tenantId, rowKey: keys.delta(groupId), link }, "Replace");
  }

  async deleteTeam(tenantId: string, groupId: string, change: ConfigChange): Promise<void> {
    await this.rows.write(tenantId, keys.team(groupId), undefined, change);
  }

  async getSettings(tenantId: string): Promise<RosterSettings & { etag?: string; changeIds: string }> {
    const row = await this.rows.read(tenantId, keys.settings);
    return row ? storedJson<RosterSettings>(row, "settings") : { paused: false, changeIds: "" };
  }

  saveSettings(tenantId: string, settings: RosterSettings, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, keys.settings, { settings: JSON.stringify(settings) }, change);
  }

  /** True for the first delivery of this Teams activity, false for a replay. */
  async claimEvent(tenantId: string, activityId: string, at: string): Promise<boolean> {
    try {
      await this.rows.table.createEntity({ partitionKey: tenantId, rowKey: keys.event(activityId), at });
      return true;
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
  }

  /** Gives a claim back after handling failed, so Teams' retry is handled. */
  async releaseEvent(tenantId: string, activityId: string): Promise<void> {
    await this.rows.table.deleteEntity(tenantId, keys.event(activityId)).catch(() => undefined);
  }

  async markLeft(tenantId: string, userId: string, at: string): Promise<void> {
    await this.rows.table.upsertEntity({ partitionKey: tenantId, rowKey: keys.left(userId), at }, "Replace");
  }

  async wasLeft(tenantId: string, userId: string): Promise<boolean> {
    return (await this.rows.read(tenantId, keys.left(userId))) !== undefined;
  }

  async clearLeft(tenantId: string, userId: string): Promise<void> {
    await this.rows.table.deleteEntity(tenantId, keys.left(userId)).catch((error: unknown) => {
      if (!isStatus(error, 404)) throw error;
    });
  }
}
