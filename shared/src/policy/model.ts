/** The vocabulary of the role policy. Pure types and constants, no I/O. */
export const entityTypes = ["lead", "opportunity", "case"] as const;
export type EntityType = (typeof entityTypes)[number];

export const recordActions = ["create", "read", "update", "delete", "assign", "export"] as const;
export type RecordAction = (typeof recordActions)[number];

/** Ordered from narrowest to widest; a wider scope includes the narrower ones. */
export const scopes = ["none", "own", "team", "all"] as const;
export type Scope = (typeof scopes)[number];

export const configPermissions = ["usersAndRoles", "forms", "pipelines", "workflows", "emailSync", "audit", "approveAccess"] as const;
export type ConfigPermission = (typeof configPermissions)[number];

/** How much of one field a role may touch. Absent means "write". */
export const fieldAccessLevels = ["hidden", "read", "write"] as const;
export type FieldAccess = (typeof fieldAccessLevels)[number];

export type EntityGrants = { readonly [A in RecordAction]: Scope };

export interface RoleDefinition {
  id: string;
  name: string;
  description: string;
  builtIn: boolean;
  /** The persona template this role started from, if any. */
  template?: string;
  entities: { readonly [E in EntityType]: EntityGrants };
  config: readonly ConfigPermission[];
  /** Field-level rules per entity: field key → access. Fields not named are writable. */
  fields: { readonly [E in EntityType]?: Readonly<Record<string, FieldAccess>> };
}

/** The caller as the policy sees it: already authenticated, roles already loaded. */
export interface Actor {
  tenantId: string;
  userId: string;
  /** Workflows act as a principal of their own, with the roles an Owner gave them. */
  kind: "user" | "workflow";
  active: boolean;
  teamIds: readonly string[];
  roles: readonly RoleDefinition[];
}

/** What the policy needs to know about a record; never the record's content. */
export interface ResourceRef {
  tenantId: string;
  ownerId: string;
  teamIds: readonly string[];
}

export interface Decision {
  allowed: boolean;
  /** The widest scope the actor holds for this action (for list queries). */
  scope: Scope;
  /** Shown in the explain view and written to the audit log, word for word. */
  reason: string;
  /** The role whose grant decided, when one did. */
  roleName?: string;
}

export const scopeRank = (scope: Scope): number => scopes.indexOf(scope);

export const entityLabels: { readonly [E in EntityType]: { one: string; many: string } } = {
  lead: { one: "lead", many: "leads" },
  opportunity: { one: "opportunity", many: "opportunities" },
  case: { one: "case", many: "cases" },
};

/** Where each entity lives in the REST API (`/api/leads` …). */
export const entityPaths: { readonly [E in EntityType]: string } = { lead: "leads", opportunity: "opportunities", case: "cases" };

export const configLabels: { readonly [P in ConfigPermission]: string } = {
  usersAndRoles: "manage users and roles",
  forms: "manage forms",
  pipelines: "manage sales pipelines",
  workflows: "configure workflows",
  emailSync: "configure email synchronization",
  audit: "read the audit log",
  approveAccess: "approve access requests",
};
