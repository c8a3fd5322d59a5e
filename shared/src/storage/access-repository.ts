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
import type { AccessRequest, ApprovalPolicy } from "../policy/access-approval.js";
import type { ConflictRule } from "../policy/separation-of-duties.js";
import type { ChangeWriter } from "./change-writer.js";
import type { ConfigChange, Stored } from "./config-partition.js";
import { ConfigPartition, storedJson } from "./config-partition.js";
import type { TableStore } from "./table-store.js";

/** A time-bound grant: the role ends for the user at `endsAt`, as the request said. */
export interface TimeBoundGrant {
  userId: string;
  roleId: string;
  endsAt: string;
  requestId: string;
}

export type { Stored };

const keys = {
  policy: (roleId: string) => `approval|${roleId}`,
  rule: (ruleId: string) => `sod|${ruleId}`,
  request: (requestId: string) => `accessreq|${requestId}`,
  grant: (userId: string, roleId: string) => `grant|${userId}|${roleId}`,
};

export class AccessRepository {
  private readonly rows: ConfigPartition;

  constructor(store: TableStore, changes: ChangeWriter) {
    this.rows = new ConfigPartition(store, changes);
  }

  // ---- approval policies ----

  async listPolicies(tenantId: string): Promise<Stored<ApprovalPolicy>[]> {
    return (await this.rows.range(tenantId, "approval|")).map((row) => storedJson<ApprovalPolicy>(row, "policy"));
  }

  async getPolicy(tenantId: string, roleId: string): Promise<Stored<ApprovalPolicy> | undefined> {
    const row = await this.rows.read(tenantId, keys.policy(roleId));
    return row && storedJson<ApprovalPolicy>(row, "policy");
  }

  savePolicy(tenantId: string, policy: ApprovalPolicy, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, keys.policy(policy.roleId), { policy: JSON.stringify(policy) }, change);
  }

  async deletePolicy(tenantId: string, roleId: string, change: ConfigChange): Promise<void> {
    await this.rows.write(tenantId, keys.policy(roleId), undefined, change);
  }

  // ---- separation-of-duties rules ----

  /** The rules the tenant saved (switched-on examples and its own). */
  async listRules(tenantId: string): Promise<Stored<ConflictRule>[]> {
    return (await this.rows.range(tenantId, "sod|")).map((row) => storedJson<ConflictRule>(row, "rule"));
  }

  async getRule(tenantId: string, ruleId: string): Promise<Stored<ConflictRule> | undefined> {
    const row = await this.rows.read(tenantId, keys.rule(ruleId));
    return row && storedJson<ConflictRule>(row, "rule");
  }

  saveRule(tenantId: string, rule: ConflictRule, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, keys.rule(rule.id), { rule: JSON.stringify(rule) }, change);
  }

  async deleteRule(tenantId: string, ruleId: string, change: ConfigChange): Promise<void> {
    await this.rows.write(tenantId, keys.rule(ruleId), undefined, change);
  }

  // ---- requests ----

  /** Every request of the tenant, oldest first (a team's requests, not a data set: one partition range). */
  async listRequests(tenantId: string): Promise<Stored<AccessRequest>[]> {
    return (await this.rows.range(tenantId, "accessreq|")).map((row) => storedJson<AccessRequest>(row, "request"));
  }

  async getRequest(tenantId: string, requestId: string): Promise<Stored<AccessRequest> | undefined> {
    const row = await this.rows.read(tenantId, keys.request(requestId));
    return row && storedJson<AccessRequest>(row, "request");
  }

  /** Creates the request, or (with `change.previous`) replaces it if nobody changed it since: two approvers at once, one wins. */
  saveRequest(request: AccessRequest, change: ConfigChange): Promise<string | undefined> {
    const { tenantId } = request;
    return this.rows.write(tenantId, keys.request(request.id), { request: JSON.stringify(request), status: request.status }, change);
  }

  // ---- time-bound grants ----

  async getGrant(tenantId: string, userId: string, roleId: string): Promise<Stored<TimeBoundGrant> | undefined> {
    const row = await this.rows.read(tenantId, keys.grant(userId, roleId));
    return row && storedJson<TimeBoundGrant>(row, "grant");
  }

  async listGrants(tenantId: string): Promise<Stored<TimeBoundGrant>[]> {
    return (await this.rows.range(tenantId, "grant|")).map((row) => storedJson<TimeBoundGrant>(row, "grant"));
  }

  saveGrant(tenantId: string, grant: TimeBoundGrant, change: ConfigChange): Promise<string | undefined> {
    return this.rows.write(tenantId, keys.grant(grant.userId, grant.roleId), { grant: JSON.stringify(grant) }, change);
  }

  async deleteGrant(tenantId: string, grant: Pick<TimeBoundGrant, "userId" | "roleId">, change: ConfigChange): Promise<void> {
    await this.rows.write(tenantId, keys.grant(grant.userId, grant.roleId), undefined, change);
  }
}
