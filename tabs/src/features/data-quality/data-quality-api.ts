/** The data-quality API as the tab uses it (shared/src/api/routes/data-quality.ts). */
import type { ApiClient } from "../../api/client";
import type { QualityFinding, QualityFindingList } from "@crm/shared/api-types";

export type { QualityFinding, QualityFindingList };
export type RuleId = QualityFinding["rule"];

export interface FindingFilters {
  rule?: RuleId;
  owner?: string;
  olderThanDays?: string;
}

const findingPath = (finding: QualityFinding, action: "dismiss" | "reopen") => `/api/data-quality/findings/${finding.entity}/${finding.recordId}/${encodeURIComponent(finding.key)}/${action}`;

export function dataQualityApi(api: ApiClient) {
  return {
    findings: (filters: FindingFilters) => api.request<QualityFindingList>("GET", "/api/data-quality/findings", { query: Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) }),
    dismiss: (finding: QualityFinding, reason: string) => api.request<QualityFinding>("POST", findingPath(finding, "dismiss"), { body: { reason } }),
  };
}
