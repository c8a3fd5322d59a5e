/**
 * The REST API's shapes as the tab uses them: derived on the server from the schemas the
 * routes validate and answer with (`@crm/shared/api-types`), and the product's vocabulary
 * (`@crm/shared/vocabulary`). Nothing here is written twice: a change to the API that the
 * tab does not follow fails the tab's type check.
 */
export { configPermissions, entityTypes, fieldAccessLevels, fieldTypes, recordActions, scopes, titleField, entityPaths } from "@crm/shared/vocabulary";
export type { ConfigPermission, EntityType, FieldAccess, FieldType, FieldValue, RecordAction, Scope } from "@crm/shared/vocabulary";
export type {
  AuditEntry,
  AuditQuery,
  CrmRecord,
  ExplainQuery,
  Explanation,
  FieldDefinition,
  ForecastReport,
  FormDefinition,
  HistoryEntry,
  LeadConversion,
  Me,
  NewUser,
  Note,
  Page,
  Pipeline,
  PipelineInput,
  PipelineReport,
  RecordListQuery,
  ReportOwner,
  Role,
  RoleInput,
  RoleTemplate,
  Stage,
  StageDeletion,
  SummaryReport,
  User,
  UserChanges,
  ValueCount,
} from "@crm/shared/api-types";
import type { EntityType } from "@crm/shared/vocabulary";
import { entityTypes } from "@crm/shared/vocabulary";

/** How the tab names each entity (the API speaks in `lead`, `opportunity`, `case`). */
export const entityLabels: Record<EntityType, { one: string; many: string }> = {
  lead: { one: "Lead", many: "Leads" },
  opportunity: { one: "Opportunity", many: "Opportunities" },
  case: { one: "Case", many: "Cases" },
};

/** Whether a text the API stores loosely (a run's or a job's entity) names one of the entity types. */
export const isEntityType = (value: string | undefined): value is EntityType => (entityTypes as readonly (string | undefined)[]).includes(value);
