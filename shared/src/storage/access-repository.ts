/**
 * Access governance as stored: approval policies, separation-of-duties rules,
 * access requests and time-bound grants. All live in the tenant's partition of the
 * config table beside its users and roles, and every write goes through the change
 * writer, so the row and its audit entry go together.
 *
 * Rows: `approval|<roleId>`, `sod|<ruleId>`, `accessreq|<requestId>` (request ids
 * are time-ordered, so a range reads oldest first), `grant|<userId>|<roleId>` (the
 * end date of a time-bound grant and the request that gave it).
 */
import { odata } from "@azure/data-tables";
import type { TableEntityResult } from "@azure/data-tables";
import type { AccessRequest, ApprovalPolicy } from "../policy/access-approval.js";
import type { ConflictRule } from "../policy/separation-of-duties.js";
import type { ConfigChange } from "./config-repository.js";
import type { ChangeWriter, RowProperties } from "./change-writer.js";
import { changeIdsOf } from "./change-writer.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

/** A time-bound grant: the role ends for the user at `endsAt`, as the request said. */
export interface TimeBoundGrant {
  userId: string;
  roleId: string;
  endsAt: string;
  requestId: string;
}

/** A stored value with what a later change must send back (its ETag and change ids). */
export type Stored<T> = T & { etag: string; changeIds: string };

const keys = {
  policy: (roleId: string) => `approval|${roleId}`,
  rule: (ruleId: string) => `sod|${ruleId}`,
  request: (requestId: string) => `accessreq|${requestId}`,
  grant: (userId: string, roleId: string) => `grant|${userId}|${roleId}`,
};

type Row = TableEntityResult<RowProperties>;

export class AccessRepository {
  constructor(
    private readonly store: TableStore,
    private readonly changes: ChangeWriter,
  ) {}

  private get table() {
    return this.store.table("config");
  }

  // ---- approval policies ----

  async listPolicies(tenantId: string): Promise<Stored<ApprovalPolicy>[]> {
    return (await this.range(tenantId, "approval|")).map((row) => fromJson<ApprovalPolicy>(row, "policy"));
  }

  async getPolicy(tenantId: string, roleId: string): Promise<Stored<ApprovalPolicy> | undefined> {
    const row = await this.read(tenantId, keys.policy(roleId));
    return row && fromJson<ApprovalPolicy>(row, "policy");
  }

  savePolicy(tenantId: string, policy: ApprovalPolicy, change: ConfigChange): Promise<string | undefined> {
    return this.write(tenantId, keys.policy(policy.roleId), { policy: JSON.stringify(policy) }, change);
  }

  async deletePolicy(tenantId: string, roleId: string, change: ConfigChange): Promise<void> {
    await this.write(tenantId, keys.policy(roleId), undefined, change);
  }

  // ---- separation-of-duties rules ----

  /** The rules the tenant saved (switched-on examples and its own). */
  async listRules(tenantId: string): Promise<Stored<ConflictRule>[]> {
    return (await this.range(tenantId, "sod|")).map((row) => fromJson<ConflictRule>(row, "rule"));
  }

  async getRule(tenantId: string, ruleId: string): Promise<Stored<ConflictRule> | undefined> {
    const row = await this.read(tenantId, keys.rule(ruleId));
    return row && fromJson<ConflictRule>(row, "rule");
  }

  saveRule(tenantId: string, rule: ConflictRule, change: ConfigChange): Promise<string | undefined> {
    return this.write(tenantId, keys.rule(rule.id), { rule: JSON.stringify(rule) }, change);
  }

  async deleteRule(tenantId: string, ruleId: string, change: ConfigChange): Promise<void> {
    await this.write(tenantId, keys.rule(ruleId), undefined, change);
  }

  // ---- requests ----

  /** Every request of the tenant, oldest first (a team's requests, not a data set: one partition range). */
  async listRequests(tenantId: string): Promise<Stored<AccessRequest>[]> {
    return (await this.range(tenantId, "accessreq|")).map((row) => fromJson<AccessRequest>(row, "request"));
  }

  async getRequest(tenantId: string, requestId: string): Promise<Stored<AccessRequest> | undefined> {
    const row = await this.read(tenantId, keys.request(requestId));
    return row && fromJson<AccessRequest>(row, "request");
  }

  /** Creates the request, or (with `change.previous`) replaces it if nobody changed it since: two approvers at once, one wins. */
  saveRequest(request: AccessRequest, change: ConfigChange): Promise<string | undefined> {
    const { tenantId } = request;
    return this.write(tenantId, keys.request(request.id), { request: JSON.stringify(request), status: request.status }, change);
  }

  // ---- time-bound grants ----

  async getGrant(tenantId: string, userId: string, roleId: string): Promise<Stored<TimeBoundGrant> | undefined> {
    const row = await this.read(tenantId, keys.grant(userId, roleId));
    return row && fromJson<TimeBoundGrant>(row, "grant");
  }

  async listGrants(tenantId: string): Promise<Stored<TimeBoundGrant>[]> {
    return (await this.range(tenantId, "grant|")).map((row) => fromJson<TimeBoundGrant>(row, "grant"));
  }

  saveGrant(tenantId: string, grant: TimeBoundGrant, change: ConfigChange): Promise<string | undefined> {
    return this.write(tenantId, keys.grant(grant.userId, grant.roleId), { grant: JSON.stringify(grant) }, change);
  }

  async deleteGrant(tenantId: string, grant: Pick<TimeBoundGrant, "userId" | "roleId">, change: ConfigChange): Promise<void> {
    await this.write(tenantId, keys.grant(grant.userId, grant.roleId), undefined, change);
  }

  /** Through the change writer: `properties` undefined deletes; with `change.previous.etag` it replaces, else creates. */
  private write(tenantId: string, rowKey: string, properties: RowProperties | undefined, change: ConfigChange): Promise<string | undefined> {
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
