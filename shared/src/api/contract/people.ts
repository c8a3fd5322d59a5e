/** The caller, users, roles and access explanations on the wire (`/api/me`, `/api/users`, `/api/roles`, `/api/access/explain`). */
import { Type } from "typebox";
import type { TSchema } from "typebox";
import type { EntityType } from "../../policy/model.js";
import { configPermissions, entityTypes, fieldAccessLevels, recordActions } from "../../policy/model.js";
import { AccessRequestOutput, GrantReasonInput } from "./access-governance.js";
import { ConfigPermissionSchema, EntitiesGrantsSchema, EntityName, FieldRulesSchema, RoleId, ScopeSchema, UserId } from "../schemas.js";

const strict = { additionalProperties: false } as const;
const TeamId = Type.String({ pattern: "^[A-Za-z0-9._-]{1,64}$" });
const FieldAccessSchema = Type.Enum(fieldAccessLevels);
const perEntity = <S extends TSchema>(schema: S) => Object.fromEntries(entityTypes.map((entity) => [entity, schema])) as Record<EntityType, S>;
/** Field key → access, for each entity: as stored, so no key is refused on the way out. */
const FieldRulesOutput = Type.Object(perEntity(Type.Optional(Type.Record(Type.String(), FieldAccessSchema))), strict);

export const UserOutput = Type.Object(
  {
    userId: Type.String(),
    displayName: Type.String(),
    email: Type.String({ description: "Empty when not known." }),
    roleIds: Type.Array(Type.String()),
    teamIds: Type.Array(Type.String()),
    active: Type.Boolean(),
    removed: Type.Boolean(),
    source: Type.Enum(["roster", "manual", "import", "signIn"], { description: "Where the user came from: a linked Teams team's roster, added by hand, a team import, or their own first sign-in." }),
    lastSeenAt: Type.Optional(Type.String({ description: "When the user last used the CRM (to the quarter hour); only for those who manage users." })),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    etag: Type.String(),
    pendingRequests: Type.Optional(Type.Array(AccessRequestOutput, { description: "Roles held back for approval by this change: they are given once approved." })),
  },
  strict,
);

const access = Type.Optional(GrantReasonInput);

export const UserAddInput = Type.Object(
  {
    userId: UserId,
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.String({ maxLength: 254, format: "email" })),
    roleIds: Type.Optional(Type.Array(RoleId, { minItems: 1, maxItems: 20, uniqueItems: true })),
    teamIds: Type.Optional(Type.Array(TeamId, { maxItems: 50, uniqueItems: true })),
    access,
  },
  strict,
);

export const UserChangeInput = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    roleIds: Type.Optional(Type.Array(RoleId, { minItems: 1, maxItems: 20, uniqueItems: true })),
    teamIds: Type.Optional(Type.Array(TeamId, { maxItems: 50, uniqueItems: true })),
    active: Type.Optional(Type.Boolean()),
    access,
  },
  { additionalProperties: false, minProperties: 1 },
);

/** What an import from a Teams team would do (preview) or did, per member. */
export const TeamImportEntryOutput = Type.Object(
  {
    userId: Type.String(),
    displayName: Type.String(),
    email: Type.String(),
    isTeamOwner: Type.Boolean(),
    existing: Type.Boolean(),
    suggestedRole: Type.Enum(["owner", "member"]),
    makeOwner: Type.Boolean(),
  },
  strict,
);

export const RoleInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    template: Type.Optional(Type.String({ pattern: "^[a-z-]{1,40}$" })),
    entities: Type.Optional(EntitiesGrantsSchema),
    config: Type.Optional(Type.Array(ConfigPermissionSchema, { uniqueItems: true, maxItems: configPermissions.length })),
    fields: Type.Optional(FieldRulesSchema),
  },
  strict,
);

export const RoleOutput = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    builtIn: Type.Boolean(),
    template: Type.Optional(Type.String({ description: "The persona template it started from." })),
    entities: EntitiesGrantsSchema,
    config: Type.Array(ConfigPermissionSchema),
    fields: FieldRulesOutput,
    etag: Type.Optional(Type.String({ description: "Send it back as If-Match when changing the role; built-in roles have none." })),
  },
  strict,
);

export const RoleTemplateOutput = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    source: Type.String({ description: "Which seed document the persona comes from." }),
    entities: EntitiesGrantsSchema,
    config: Type.Array(ConfigPermissionSchema),
    fields: Type.Optional(FieldRulesOutput),
  },
  strict,
);

export const MeOutput = Type.Object(
  {
    user: Type.Object({ id: Type.String(), displayName: Type.String(), email: Type.Optional(Type.String()), active: Type.Boolean(), teamIds: Type.Array(Type.String()) }, strict),
    tenant: Type.Object({ id: Type.String() }, strict),
    roles: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), builtIn: Type.Boolean() }, strict)),
    permissions: Type.Object(
      { entities: EntitiesGrantsSchema, config: Type.Array(ConfigPermissionSchema) },
      { ...strict, description: "The caller's effective scope per entity and action, and configuration permissions." },
    ),
    fieldRules: Type.Object(perEntity(Type.Record(Type.String(), FieldAccessSchema)), {
      ...strict,
      description: "Per entity, the fields some role of the caller restricts, with the access the caller ends up with.",
    }),
  },
  strict,
);

export const ExplainQuery = Type.Object(
  {
    userId: Type.Optional(UserId),
    action: Type.Enum([...recordActions, ...configPermissions]),
    entity: Type.Optional(EntityName),
    id: Type.Optional(Type.String({ pattern: "^[0-9a-z]{19}$" })),
  },
  strict,
);

/** The policy's decision for the question, with the reason the audit log uses too. */
export const ExplanationOutput = Type.Object(
  {
    userId: Type.String(),
    action: Type.String(),
    entity: Type.Optional(EntityName),
    id: Type.Optional(Type.String()),
    allowed: Type.Boolean(),
    scope: ScopeSchema,
    reason: Type.String(),
    roleName: Type.Optional(Type.String({ description: "The role whose grant decided, when one did." })),
    roles: Type.Array(Type.String(), { description: "The names of the user's roles." }),
    conflicts: Type.Array(Type.Object({ rule: Type.String(), why: Type.String(), through: Type.Array(Type.String(), { minItems: 2, maxItems: 2 }) }, strict), {
      description: "The separation-of-duties rules the user's roles break together, with the roles behind each power.",
    }),
  },
  strict,
);
