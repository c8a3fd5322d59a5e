/**
 * A tenant's configuration and people: the tenant row, users, custom roles, forms
 * and pipelines. All live in the tenant's own partition of the config table, so
 * every read here is a point read or a small single-partition range.
 */
import type { FieldDefinition } from "../domain/forms.js";
import { defaultForm } from "../domain/forms.js";
import type { Pipeline } from "../domain/pipelines.js";
import { defaultPipeline } from "../domain/pipelines.js";
import type { EntityType, RoleDefinition } from "../policy/model.js";
import type { ChangeWriter, RowProperties } from "./change-writer.js";
import type { ConfigChange, ConfigRow } from "./config-partition.js";
import { ConfigPartition } from "./config-partition.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

interface TenantRow {
  tenantId: string;
  founderId: string;
  createdAt: string;
  etag: string;
}

/** Where a user came from: the Teams roster, added by hand, a team import, or their own first sign-in. */
export type UserSource = "roster" | "manual" | "import" | "signIn";

export interface UserRecord {
  tenantId: string;
  userId: string;
  displayName: string;
  email: string;
  roleIds: string[];
  teamIds: string[];
  active: boolean;
  /** Removed users keep a row, so they cannot sign in again as if they were new. */
  removed: boolean;
  source: UserSource;
  createdAt: string;
  updatedAt: string;
  etag: string;
  changeIds: string;
}

interface StoredForm {
  entity: EntityType;
  fields: FieldDefinition[];
  updatedAt: string;
  updatedBy: string;
  etag?: string;
  changeIds: string;
}

const configKeys = {
  tenant: "tenant",
  user: (userId: string) => `user|${userId}`,
  seen: (userId: string) => `seen|${userId}`,
  role: (roleId: string) => `role|${roleId}`,
  form: (entity: EntityType) => `form|${entity}`,
  pipeline: (id: string) => `pipeline|${id}`,
};

type Row = ConfigRow;

export type { ConfigChange };

/** A user's stored fields, without the keys and the storage bookkeeping. */
type UserFields = Omit<UserRecord, "etag" | "changeIds" | "tenantId" | "userId" | "removed" | "source"> & { removed?: boolean; source?: UserSource };

export class ConfigRepository {
  /** Every read and write of the partition; writes go through the change writer, so the row, its audit entry and events go together. */
  private readonly rows: ConfigPartition;

  constructor(store: TableStore, changes: ChangeWriter) {
    this.rows = new ConfigPartition(store, changes);
  }

  saveForm(tenantId: string, form: Pick<StoredForm, "entity" | "fields" | "updatedAt" | "updatedBy">, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, configKeys.form(form.entity), { fields: JSON.stringify(form.fields), updatedAt: form.updatedAt, updatedBy: form.updatedBy }, change);
  }

  savePipeline(tenantId: string, pipeline: Pipeline, change: ConfigChange): Promise<string | undefined> {
    const { etag: _etag, ...stored } = pipeline;
    return this.rows.write(tenantId, configKeys.pipeline(pipeline.id), { pipeline: JSON.stringify(stored) }, change);
  }

  async deletePipeline(tenantId: string, pipelineId: string, change: ConfigChange): Promise<void> {
    await this.rows.write(tenantId, configKeys.pipeline(pipelineId), undefined, change);
  }

  saveRole(tenantId: string, role: RoleDefinition, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, configKeys.role(role.id), { role: JSON.stringify(role) }, change);
  }

  async deleteRole(tenantId: string, roleId: string, change: ConfigChange): Promise<void> {
    await this.rows.write(tenantId, configKeys.role(roleId), undefined, change);
  }

  /** Creates the user's row, or (with `change.previous`) replaces it; removed users keep theirs as a tombstone. */
  saveUser(tenantId: string, userId: string, user: UserFields, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, configKeys.user(userId), userRow(user), change);
  }

  private get table() {
    return this.rows.table;
  }

  async getTenant(tenantId: string): Promise<TenantRow | undefined> {
    const row = await this.rows.read(tenantId, configKeys.tenant);
    return row && { tenantId, founderId: String(row.founderId), createdAt: String(row.createdAt), etag: row.etag };
  }

  /** Creates the tenant with this user as its founder, unless another user got there first. */
  async createTenantIfMissing(tenantId: string, founderId: string, now: string): Promise<TenantRow> {
    try {
      const result = await this.table.createEntity({ partitionKey: tenantId, rowKey: configKeys.tenant, founderId, createdAt: now, ownerVersion: 0 });
      return { tenantId, founderId, createdAt: now, etag: result.etag ?? "" };
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      const existing = await this.getTenant(tenantId);
      if (!existing) throw error;
      return existing;
    }
  }

  /** Serialises changes that could leave a tenant without an Owner (optimistic lock on the tenant row). */
  async bumpOwnerVersion(tenant: TenantRow): Promise<void> {
    await this.table.updateEntity({ partitionKey: tenant.tenantId, rowKey: configKeys.tenant, ownerVersion: Date.now() }, "Merge", { etag: tenant.etag });
  }

  async getUser(tenantId: string, userId: string): Promise<UserRecord | undefined> {
    const row = await this.rows.read(tenantId, configKeys.user(userId));
    return row && toUser(tenantId, row);
  }

  async listUsers(tenantId: string): Promise<UserRecord[]> {
    return (await this.rows.range(tenantId, "user|")).map((row) => toUser(tenantId, row));
  }

  /**
   * Notes when a user was last seen. A row of its own, not a column of the user's: a
   * sign-in must not change the user row's ETag under an Owner editing them. Unaudited.
   */
  async touchLastSeen(tenantId: string, userId: string, at: string): Promise<void> {
    await this.table.upsertEntity({ partitionKey: tenantId, rowKey: configKeys.seen(userId), at }, "Replace");
  }

  async lastSeen(tenantId: string, userId: string): Promise<string | undefined> {
    const row = await this.rows.read(tenantId, configKeys.seen(userId));
    return row ? String(row.at) : undefined;
  }

  /** When each user was last seen, by user id. */
  async listLastSeen(tenantId: string): Promise<Map<string, string>> {
    return new Map((await this.rows.range(tenantId, "seen|")).map((row) => [row.rowKey!.slice("seen|".length), String(row.at)]));
  }

  async getRole(tenantId: string, roleId: string): Promise<(RoleDefinition & { etag: string; changeIds: string }) | undefined> {
    const row = await this.rows.read(tenantId, configKeys.role(roleId));
    return row && toRole(row);
  }

  async listRoles(tenantId: string): Promise<(RoleDefinition & { etag: string; changeIds: string })[]> {
    return (await this.rows.range(tenantId, "role|")).map(toRole);
  }

  async getForm(tenantId: string, entity: EntityType): Promise<StoredForm> {
    const row = await this.rows.read(tenantId, configKeys.form(entity));
    if (!row) return { entity, fields: defaultForm(entity), updatedAt: "", updatedBy: "system", changeIds: "" };
    return {
      entity,
      fields: JSON.parse(String(row.fields)) as FieldDefinition[],
      updatedAt: String(row.updatedAt),
      updatedBy: String(row.updatedBy),
      etag: row.etag,
      changeIds: String(row.changeIds ?? ""),
    };
  }

  async listPipelines(tenantId: string): Promise<(Pipeline & { changeIds: string })[]> {
    const rows = await this.rows.range(tenantId, "pipeline|");
    if (rows.length === 0) return [{ ...defaultPipeline(), changeIds: "" }];
    return rows
      .map((row) => ({ ...(JSON.parse(String(row.pipeline)) as Pipeline), etag: row.etag, changeIds: String(row.changeIds ?? "") }))
      .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name));
  }
}

const userSources: readonly UserSource[] = ["roster", "manual", "import", "signIn"];

function toUser(tenantId: string, row: Row): UserRecord {
  return {
    tenantId,
    userId: row.rowKey!.slice("user|".length),
    displayName: String(row.displayName ?? ""),
    email: String(row.email ?? ""),
    roleIds: JSON.parse(String(row.roleIds ?? "[]")) as string[],
    teamIds: JSON.parse(String(row.teamIds ?? "[]")) as string[],
    active: row.active !== false && row.removed !== true,
    removed: row.removed === true,
    source: userSources.find((source) => source === row.source) ?? "manual",
    createdAt: String(row.createdAt ?? ""),
    updatedAt: String(row.updatedAt ?? ""),
    etag: row.etag,
    changeIds: String(row.changeIds ?? ""),
  };
}

function toRole(row: Row): RoleDefinition & { etag: string; changeIds: string } {
  return { ...(JSON.parse(String(row.role)) as RoleDefinition), etag: row.etag, changeIds: String(row.changeIds ?? "") };
}

const userRow = (user: UserFields): RowProperties => ({
  displayName: user.displayName,
  email: user.email,
  roleIds: JSON.stringify(user.roleIds),
  teamIds: JSON.stringify(user.teamIds),
  active: user.active,
  removed: user.removed === true,
  ...(user.source ? { source: user.source } : {}),
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
});
