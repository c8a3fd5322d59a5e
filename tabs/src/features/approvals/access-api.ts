/**
 * The access governance API as the tab uses it (shared/src/api/routes/access-governance.ts),
 * through the session's ApiClient: requests and decisions, approval policies, conflict
 * rules and the conflict report, time-bound grants.
 */
import type { ApiClient } from "../../api/client";
import type { Page } from "../../api/types";
import type { AccessGrant, AccessRequest, AccessRequestInput, ApprovalPolicy, ApprovalPolicyInput, ConflictRule, ConflictRuleInput, HeldConflict } from "@crm/shared/api-types";

export type { AccessGrant, AccessRequest, ApprovalPolicy, ApprovalPolicyInput, ConflictRule, ConflictRuleInput, HeldConflict };
export type RequestView = "inbox" | "mine" | "all";
export type Power = ConflictRuleInput["powers"][number];

const base = "/api/access";

export function accessApi(api: ApiClient) {
  return {
    requests: (view: RequestView) => api.request<Page<AccessRequest>>("GET", `${base}/requests`, { query: { view } }),
    ask: (input: AccessRequestInput) => api.request<AccessRequest>("POST", `${base}/requests`, { body: input }),
    decide: (id: string, outcome: "approve" | "deny", comment?: string) =>
      api.request<AccessRequest>("POST", `${base}/requests/${id}/decision`, { body: { outcome, ...(comment ? { comment } : {}) } }),
    withdraw: (id: string) => api.request<AccessRequest>("POST", `${base}/requests/${id}/withdraw`),
    policies: () => api.request<Page<ApprovalPolicy>>("GET", `${base}/policies`),
    savePolicy: (roleId: string, policy: ApprovalPolicyInput, etag?: string) =>
      api.request<ApprovalPolicy>("PUT", `${base}/policies/${encodeURIComponent(roleId)}`, { body: policy, ...(etag ? { etag } : {}) }),
    deletePolicy: (roleId: string) => api.request<void>("DELETE", `${base}/policies/${encodeURIComponent(roleId)}`),
    rules: () => api.request<Page<ConflictRule>>("GET", `${base}/conflict-rules`),
    addRule: (rule: ConflictRuleInput) => api.request<ConflictRule>("POST", `${base}/conflict-rules`, { body: rule }),
    saveRule: (id: string, rule: ConflictRuleInput, etag?: string) => api.request<ConflictRule>("PUT", `${base}/conflict-rules/${id}`, { body: rule, ...(etag ? { etag } : {}) }),
    deleteRule: (id: string) => api.request<void>("DELETE", `${base}/conflict-rules/${id}`),
    conflicts: () => api.request<Page<HeldConflict>>("GET", `${base}/conflicts`),
    grants: () => api.request<Page<AccessGrant>>("GET", `${base}/grants`),
  };
}
export type AccessApi = ReturnType<typeof accessApi>;
