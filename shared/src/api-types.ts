/**
 * The REST API's types for clients (`@crm/shared/api-types`), derived from the schemas
 * the routes validate and serialize with (`api/schemas.ts`, `api/contract/*`), so a
 * client that drifts from the API no longer compiles. Types only: importing this
 * module puts no code in a bundle. The vocabulary (entity types, scopes, field types,
 * the workflow model) is `@crm/shared/vocabulary`.
 */
import type { Static, TSchema } from "typebox";
import type * as access from "./api/contract/access-governance.js";
import type * as audit from "./api/contract/audit.js";
import type * as configuration from "./api/contract/configuration.js";
import type * as dataQuality from "./api/contract/data-quality.js";
import type * as people from "./api/contract/people.js";
import type * as raci from "./api/contract/raci.js";
import type * as records from "./api/contract/records.js";
import type * as reports from "./api/contract/reports.js";
import type * as roster from "./api/contract/roster.js";
import type * as workflows from "./api/contract/workflows.js";
import type * as schemas from "./api/schemas.js";
import type { FieldValue } from "./domain/forms.js";
import type { CaseWorkflowBody } from "./workflows/schema.js";

/** `{ "error": { code, message, details? } }`, the body of every failure. */
export type ApiErrorBody = Static<typeof schemas.ErrorBody>;
/** A page of a list; `continuationToken`, when present, asks for the next one. */
export type Page<Item> = Omit<Static<ReturnType<typeof schemas.PageOf<TSchema>>>, "items"> & { items: Item[] };

/** A lead, opportunity or case: system properties plus the form fields the caller may see (the schema leaves those open). */
export type CrmRecord = Static<typeof schemas.RecordOutput> & { [field: string]: FieldValue | undefined };
export type RecordListQuery = Static<typeof records.RecordListQuery>;
export type Note = Static<typeof records.NoteOutput>;
export type HistoryEntry = Static<typeof records.HistoryEntryOutput>;
export type FieldChange = Static<typeof records.FieldChangeOutput>;
/** `POST /api/leads/:id/convert`: the lead and the opportunity it became, each a record as above. */
export type LeadConversion = { [Part in keyof Static<typeof records.ConversionOutput>]: CrmRecord };

export type FieldDefinition = Static<typeof schemas.FieldDefinitionSchema>;
export type FormDefinition = Static<typeof configuration.FormOutput>;
export type FormInput = Static<typeof configuration.FormInput>;
export type Stage = Static<typeof schemas.StageSchema>;
export type Pipeline = Static<typeof configuration.PipelineOutput>;
export type PipelineInput = Static<typeof schemas.PipelineInput>;
export type StageDeletion = Static<typeof configuration.StageDeletionOutput>;

export type Me = Static<typeof people.MeOutput>;
export type User = Static<typeof people.UserOutput>;
export type NewUser = Static<typeof people.UserAddInput>;
export type UserChanges = Static<typeof people.UserChangeInput>;
export type TeamImportEntry = Static<typeof people.TeamImportEntryOutput>;
export type Role = Static<typeof people.RoleOutput>;
export type RoleInput = Static<typeof people.RoleInput>;
export type RoleTemplate = Static<typeof people.RoleTemplateOutput>;
export type ExplainQuery = Static<typeof people.ExplainQuery>;
export type Explanation = Static<typeof people.ExplanationOutput>;

export type AuditQuery = Static<typeof audit.AuditQuery>;
export type AuditEntry = Static<typeof audit.AuditEntryOutput>;

export type ReportOwner = Static<typeof reports.ReportOwner>;
export type StageTotal = Static<typeof reports.StageTotalOutput>;
export type PipelineReport = Static<typeof reports.PipelineReportOutput>;
export type ForecastMonth = Static<typeof reports.ForecastMonthOutput>;
export type ForecastReport = Static<typeof reports.ForecastReportOutput>;
export type ValueCount = Static<typeof reports.ValueCountOutput>;
export type SummaryReport = Static<typeof reports.SummaryReportOutput>;

export type Workflow = Static<typeof workflows.WorkflowOutput>;
export type WorkflowSummaryItem = Static<typeof workflows.WorkflowSummaryOutput>;
export type WorkflowTemplate = Static<typeof workflows.WorkflowTemplateOutput>;
export type TemplateOptions = Static<typeof workflows.TemplateOptionsBody>;
export type ConditionResult = Static<typeof workflows.ConditionResultOutput>;
export type DryRunResult = Static<typeof workflows.DryRunOutput>;
export type RunNow = Static<typeof workflows.RunNowOutput>;
export type RunRecord = Static<typeof workflows.RunOutput>;
export type RunStatus = RunRecord["status"];
export type DeadLetter = Static<typeof workflows.DeadLetterOutput>;
export type StoredNotification = Static<typeof workflows.StoredNotificationOutput>;
/** What `PUT /api/config/case-workflow` takes. */
export type CaseWorkflow = Static<typeof CaseWorkflowBody>;
export type StoredCaseWorkflow = Static<typeof workflows.CaseWorkflowOutput>;
export type WorkflowTask = Static<typeof workflows.TaskOutput>;

export type ApprovalPolicy = Static<typeof access.ApprovalPolicyOutput>;
export type ApprovalPolicyInput = Static<typeof access.ApprovalPolicyInput>;
export type ConflictRule = Static<typeof access.ConflictRuleOutput>;
export type ConflictRuleInput = Static<typeof access.ConflictRuleInput>;
export type HeldConflict = Static<typeof access.HeldConflictOutput>;
export type AccessRequest = Static<typeof access.AccessRequestOutput>;
export type AccessRequestInput = Static<typeof access.AccessRequestInput>;
export type AccessGrant = Static<typeof access.GrantOutput>;
export type GrantReason = Static<typeof access.GrantReasonInput>;
/** Access reviews (`/api/access/reviews`): campaigns, the people under review, and the evidence. */
export type AccessReview = Static<typeof access.ReviewCampaignOutput>;
export type AccessReviewDetail = Static<typeof access.ReviewCampaignDetailOutput>;
export type AccessReviewItem = Static<typeof access.ReviewItemOutput>;
export type AccessReviewInput = Static<typeof access.ReviewCampaignInput>;
export type AccessReviewEvidence = Static<typeof access.EvidenceOutput>;
/** Responsibilities (`/api/raci`): the chart as read and as saved, and one task. */
export type RaciChart = Static<typeof raci.RaciChartOutput>;
export type RaciChartInput = Static<typeof raci.RaciChartInput>;
export type RaciTask = Static<typeof raci.RaciTaskOutput>;
export type QualityFinding = Static<typeof dataQuality.FindingOutput>;
export type QualityFindingList = Static<typeof dataQuality.FindingListOutput>;
export type RosterStatus = Static<typeof roster.RosterStatusOutput>;
export type Reassignment = Static<typeof roster.ReassignmentOutput>;
export type ReassignRule = Static<typeof roster.ReassignRuleSchema>;
