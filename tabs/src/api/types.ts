/** The REST API's shapes as the tab uses them (see shared/src/api/schemas.ts and /api/openapi.json). */
export {
  configPermissions,
  entityTypes,
  fieldAccessLevels,
  fieldTypes,
  recordActions,
  scopes,
  titleField,
  entityPaths,
} from "@crm/shared/vocabulary";
export type {
  ConfigPermission,
  EntityGrants,
  EntityType,
  FieldAccess,
  FieldDefinition,
  FieldType,
  FieldValue,
  Pipeline,
  RecordAction,
  Scope,
  Stage,
  StageTotal,
} from "@crm/shared/vocabulary";
import type {
  ConfigPermission,
  EntityGrants,
  EntityType,
  FieldAccess,
  FieldDefinition,
  FieldValue,
  ForecastMonth,
  PipelineReport as PipelineTotals,
  RecordAction,
  Scope,
} from "@crm/shared/vocabulary";

export interface FormDefinition {
  entity: EntityType;
  fields: FieldDefinition[];
  updatedAt?: string;
  updatedBy?: string;
  etag?: string;
}

export interface CrmRecord {
  id: string;
  entity: EntityType;
  ownerId: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Who saved this version (user id); absent on records saved before the API carried it. */
  updatedBy?: string;
  etag: string;
  [field: string]: FieldValue | undefined;
}

export interface Page<T> {
  items: T[];
  continuationToken?: string;
}

export interface Me {
  user: { id: string; displayName: string; email?: string; active: boolean; teamIds: string[] };
  tenant: { id: string };
  roles: { id: string; name: string; builtIn: boolean }[];
  permissions: { entities: Record<EntityType, Record<RecordAction, Scope>>; config: ConfigPermission[] };
  fieldRules: Record<EntityType, Record<string, FieldAccess>>;
}

export interface User {
  userId: string;
  displayName: string;
  email?: string;
  roleIds: string[];
  teamIds: string[];
  active: boolean;
  etag?: string;
}

export interface Role {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  template?: string;
  entities: Record<EntityType, EntityGrants>;
  config: ConfigPermission[];
  fields: Partial<Record<EntityType, Record<string, FieldAccess>>>;
  etag?: string;
}

export interface RoleTemplate {
  id: string;
  name: string;
  description: string;
  entities: Record<EntityType, EntityGrants>;
  config: ConfigPermission[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  actorKind: string;
  action: string;
  outcome: string;
  reason: string;
  entity?: EntityType;
  recordId?: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export interface Note {
  id: string;
  text: string;
  authorId?: string;
  createdBy?: string;
  createdAt?: string;
  at?: string;
}

export interface Explanation {
  userId: string;
  action: string;
  entity?: EntityType;
  allowed: boolean;
  scope: Scope;
  reason: string;
  roleName?: string;
  roles: string[];
}

/** `/api/reports/*` (shared/src/domain/reports.ts): sums within what the caller may read. */
export type ReportOwner = "me" | "all";

export type PipelineReport = PipelineTotals & { truncated: boolean; amountsHidden?: boolean };

export interface ForecastReport {
  /** `YYYY-MM`, or `unscheduled` for deals without a close date (last); `won` is what was already won that month. */
  months: ForecastMonth[];
  truncated: boolean;
  amountsHidden?: boolean;
}

/** Counts per value, most first; an empty value is `(none)`. */
export type ValueCount = { value: string; count: number };

export interface SummaryReport {
  leadsByStatus: ValueCount[];
  leadsBySource: ValueCount[];
  casesByPriority: ValueCount[];
  casesByStatus: ValueCount[];
  truncated: boolean;
}

export const entityLabels: Record<EntityType, { one: string; many: string }> = {
  lead: { one: "Lead", many: "Leads" },
  opportunity: { one: "Opportunity", many: "Opportunities" },
  case: { one: "Case", many: "Cases" },
};
