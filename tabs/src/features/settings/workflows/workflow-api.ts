/**
 * The workflow API as the tab uses it (shared/src/api/routes/workflows.ts, model in
 * shared/src/workflows/model.ts), through the session's ApiClient.
 */
import type { ApiClient } from "../../../api/client";
import type { EntityType, Page } from "../../../api/types";

export { actionTypes, timeUnits, triggerTypes } from "@crm/shared/vocabulary";
export type {
  ActionType,
  Condition,
  ConditionGroup,
  ConditionOperator,
  ConditionValue,
  Duration,
  TimeUnit,
  Trigger,
  TriggerType,
  UserPool,
  WorkflowAction,
  WorkflowInput,
  WorkflowRecipient as Recipient,
} from "@crm/shared/vocabulary";
export type { CaseWorkflow, DeadLetter, DryRunResult, RunRecord, RunStatus, StoredCaseWorkflow, Workflow, WorkflowSummaryItem, WorkflowTemplate } from "@crm/shared/api-types";
import type { WorkflowInput } from "@crm/shared/vocabulary";
import type { CaseWorkflow, DeadLetter, DryRunResult, RunNow, RunRecord, StoredCaseWorkflow, TemplateOptions, Workflow, WorkflowSummaryItem, WorkflowTemplate } from "@crm/shared/api-types";
/** One transition and one SLA rule of the case workflow. */
export type CaseTransition = CaseWorkflow["transitions"][number];
export type SlaRule = CaseWorkflow["sla"][number];

const base = "/api/config/workflows";

/** The calls the workflow screens make. */
export function workflowApi(api: ApiClient) {
  return {
    list: () => api.request<Page<WorkflowSummaryItem>>("GET", base),
    get: (id: string) => api.request<Workflow>("GET", `${base}/${id}`),
    create: (input: WorkflowInput) => api.request<Workflow>("POST", base, { body: input }),
    save: (id: string, input: WorkflowInput, etag?: string) => api.request<Workflow>("PUT", `${base}/${id}`, { body: input, ...(etag ? { etag } : {}) }),
    remove: (id: string) => api.request<void>("DELETE", `${base}/${id}`),
    setEnabled: (id: string, enabled: boolean) => api.request<Workflow>("POST", `${base}/${id}/${enabled ? "enable" : "disable"}`),
    dryRunDraft: (workflow: WorkflowInput, recordId: string) => api.request<DryRunResult>("POST", `${base}/dry-run`, { body: { workflow, recordId } }),
    runNow: (id: string, recordId: string) => api.request<RunNow>("POST", `${base}/${id}/run`, { body: { recordId } }),
    runs: (id: string, pageSize = 25, continuationToken?: string) => api.request<Page<RunRecord>>("GET", `${base}/${id}/runs`, { query: { pageSize, continuationToken } }),
    templates: () => api.request<Page<WorkflowTemplate>>("GET", "/api/config/workflow-templates"),
    fromTemplate: (id: string, options: TemplateOptions) => api.request<Workflow>("POST", `/api/config/workflow-templates/${id}`, { body: options }),
    deadLetters: () => api.request<Page<DeadLetter>>("GET", "/api/config/workflow-dead-letters"),
    retryDeadLetter: (id: string) => api.request<DeadLetter>("POST", `/api/config/workflow-dead-letters/${id}/retry`),
    discardDeadLetter: (id: string) => api.request<void>("DELETE", `/api/config/workflow-dead-letters/${id}`),
    caseWorkflow: () => api.request<StoredCaseWorkflow>("GET", "/api/config/case-workflow"),
    saveCaseWorkflow: (workflow: CaseWorkflow, etag?: string) => api.request<StoredCaseWorkflow>("PUT", "/api/config/case-workflow", { body: workflow, ...(etag ? { etag } : {}) }),
    recordRuns: (entity: EntityType, recordId: string, pageSize = 10, continuationToken?: string) =>
      api.request<Page<RunRecord>>("GET", "/api/workflow-runs", { query: { entity, recordId, pageSize, continuationToken } }),
  };
}
export type WorkflowApi = ReturnType<typeof workflowApi>;
