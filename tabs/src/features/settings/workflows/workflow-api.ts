/**
 * The workflow API as the tab uses it (shared/src/api/routes/workflows.ts, model in
 * shared/src/workflows/model.ts), through the session's ApiClient.
 */
import type { ApiClient } from "../../../api/client";
import type { EntityType, Page } from "../../../api/types";

export { actionTypes, conditionOperators, timeUnits, triggerTypes } from "@crm/shared/vocabulary";
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
  CaseTransition,
  SlaRule,
} from "@crm/shared/vocabulary";
import type { CaseWorkflow, ConditionOperator, ConditionValue, WorkflowInput } from "@crm/shared/vocabulary";
export type { CaseWorkflow };
export type Scalar = string | number | boolean;

export interface Workflow extends Required<Omit<WorkflowInput, "template">> {
  id: string;
  template?: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  etag?: string;
}

/** A workflow as the list gives it: with its last run and how many of its failed runs wait in Failed runs. */
export interface WorkflowSummaryItem extends Workflow {
  lastRun?: { id: string; status: RunStatus; finishedAt: string; causedAt: string; recordId: string };
  openDeadLetters: number;
}

export interface WorkflowTemplate {
  id: string;
  name: string;
  description: string;
  needs: ("userIds" | "roleId" | "channelId")[];
  workflow: WorkflowInput;
}

/**
 * `passed: null`: concealed, because it depends on a field the viewer's roles hide
 * (the server's hidden-fields.ts); `actual` then says it is hidden.
 */
export interface ConditionResult {
  field: string;
  op: ConditionOperator;
  value?: ConditionValue;
  actual: unknown;
  passed: boolean | null;
}

/** `wouldRun: null` (with `concealed` saying why): the result depends on fields the viewer may not see. */
export interface DryRunResult {
  workflow: { id: string; name: string };
  record: { entity: EntityType; id: string };
  trigger: string;
  conditions: { passed: boolean | null; match: "all" | "any"; results: ConditionResult[]; described: string[] };
  wouldRun: boolean | null;
  concealed?: string;
  actions: { type: string; description: string; preview: string }[];
}

/** "concealed": the outcome depends on fields the viewer may not see (its actions, message and attempts are left out). */
export type RunStatus = "done" | "conditionsNotMet" | "retrying" | "failed" | "stopped" | "concealed";
export interface RunRecord {
  id: string;
  workflowId: string;
  workflowName: string;
  entity: EntityType;
  recordId: string;
  trigger: string;
  cause: string;
  status: RunStatus;
  conditions?: { passed: boolean | null; match: "all" | "any"; results: ConditionResult[] };
  actions: { type: string; description: string; outcome: "done" | "skipped" | "failed"; detail?: string }[];
  attempts?: number;
  concealed?: string;
  causedAt: string;
  finishedAt: string;
  message?: string;
  depth: number;
}

export interface DeadLetter {
  id: string;
  key: string;
  job: { kind: string; workflowId?: string; entity?: EntityType; recordId?: string; event?: { entity?: EntityType; recordId?: string; type?: string } };
  attempts: number;
  reason: string;
  failedAt: string;
  workflowId?: string;
  recordId?: string;
}

export interface StoredCaseWorkflow extends CaseWorkflow {
  configured: boolean;
  updatedAt?: string;
  updatedBy?: string;
  etag?: string;
}

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
    runNow: (id: string, recordId: string) => api.request<{ jobKey: string }>("POST", `${base}/${id}/run`, { body: { recordId } }),
    runs: (id: string, pageSize = 25, continuationToken?: string) => api.request<Page<RunRecord>>("GET", `${base}/${id}/runs`, { query: { pageSize, continuationToken } }),
    templates: () => api.request<Page<WorkflowTemplate>>("GET", "/api/config/workflow-templates"),
    fromTemplate: (id: string, options: { userIds?: string[]; roleId?: string; channelId?: string; enabled?: boolean }) =>
      api.request<Workflow>("POST", `/api/config/workflow-templates/${id}`, { body: options }),
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
