/** The REST API's shapes as the tab uses them (see shared/src/api/schemas.ts and /api/openapi.json). */
export const entityTypes = ["lead", "opportunity", "case"] as const;
export type EntityType = (typeof entityTypes)[number];
export const recordActions = ["create", "read", "update", "delete", "assign", "export"] as const;
export type RecordAction = (typeof recordActions)[number];
export const scopes = ["none", "own", "team", "all"] as const;
export type Scope = (typeof scopes)[number];
export const configPermissions = ["usersAndRoles", "forms", "pipelines", "workflows", "emailSync", "audit"] as const;
export type ConfigPermission = (typeof configPermissions)[number];
export const fieldAccessLevels = ["hidden", "read", "write"] as const;
export type FieldAccess = (typeof fieldAccessLevels)[number];

export const fieldTypes = ["text", "longText", "number", "currency", "date", "choice", "multiChoice", "email", "phone", "url", "user", "boolean"] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface FieldDefinition {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  options?: string[];
  help?: string;
  order: number;
  section?: string;
}

export interface FormDefinition {
  entity: EntityType;
  fields: FieldDefinition[];
  updatedAt?: string;
  updatedBy?: string;
  etag?: string;
}

export type FieldValue = string | number | boolean | string[] | null;

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

export interface Stage {
  id: string;
  name: string;
  probability: number;
  won: boolean;
  lost: boolean;
}

export interface Pipeline {
  id: string;
  name: string;
  stages: Stage[];
  isDefault: boolean;
  etag?: string;
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

export type EntityGrants = Record<RecordAction, Scope>;

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

export interface StageTotal {
  stageId: string;
  name: string;
  probability: number;
  won: boolean;
  lost: boolean;
  count: number;
  amount: number;
  weighted: number;
}

export interface PipelineReport {
  pipelineId: string;
  name: string;
  stages: StageTotal[];
  open: { count: number; amount: number; weighted: number };
  won: { count: number; amount: number };
  /** Currencies seen; more than one means the sums add different currencies. */
  currencies: string[];
  truncated: boolean;
}

export interface ForecastReport {
  /**
   * `YYYY-MM`, or `unscheduled` for deals without a close date (last). count/amount/weighted
   * are the open deals; `won` is the amount already won that month (0 open deals possible).
   */
  months: { month: string; count: number; amount: number; weighted: number; won?: number }[];
  truncated: boolean;
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

export const entityPaths: Record<EntityType, string> = { lead: "leads", opportunity: "opportunities", case: "cases" };
export const entityLabels: Record<EntityType, { one: string; many: string }> = {
  lead: { one: "Lead", many: "Leads" },
  opportunity: { one: "Opportunity", many: "Opportunities" },
  case: { one: "Case", many: "Cases" },
};
/** The field that names a record (shared/src/domain/forms.ts titleField). */
export const titleField: Record<EntityType, string> = { lead: "name", opportunity: "name", case: "title" };
