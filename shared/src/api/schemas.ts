/** Schemas shared by the routes; the OpenAPI document is generated from these same objects. */
import { Type } from "typebox";
import type { TSchema } from "typebox";
import { configPermissions, entityTypes, fieldAccessLevels, recordActions, scopes } from "../policy/model.js";
import { fieldTypes } from "../domain/forms.js";

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Object({}, { additionalProperties: true })),
    }),
  },
  { $id: "Error" },
);

export const IdParams = Type.Object({ id: Type.String({ pattern: "^[0-9a-z]{19}$" }) }, { additionalProperties: false });
export const UserId = Type.String({ pattern: "^[A-Za-z0-9._@-]{1,128}$", description: "A user's object id within the tenant." });
export const TenantId = Type.String({ pattern: "^[A-Za-z0-9._-]{1,64}$" });
export const RoleId = Type.String({ pattern: "^[a-z0-9-]{1,40}$" });
export const EntityName = Type.Enum(entityTypes);
export const ScopeSchema = Type.Enum(scopes);
export const PageSize = Type.String({ pattern: "^(100|[1-9][0-9]?)$", description: "1 to 100, default 25." });
export const Token = Type.String({ maxLength: 2048, description: "Opaque continuation token from the previous page." });

/** A page of a list; `continuationToken`, when present, asks for the next one. */
export const PageOf = <Item extends TSchema>(item: Item) => Type.Object({ items: Type.Array(item), continuationToken: Type.Optional(Type.String()) }, { additionalProperties: false });
/** A whole list in one answer. */
export const ListOf = <Item extends TSchema>(item: Item) => Type.Object({ items: Type.Array(item) }, { additionalProperties: false });

/** A record as sent by a client: form fields by key (validated against the form), plus ownerId to assign. */
export const RecordInput = Type.Object({}, { additionalProperties: true, maxProperties: 100, description: "Form fields by key; ownerId to assign (needs assign permission)." });
export const RecordOutput = Type.Object(
  {
    id: Type.String(),
    entity: EntityName,
    ownerId: Type.String(),
    createdBy: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    updatedBy: Type.String(),
    etag: Type.String(),
    convertedTo: Type.Optional(Type.String({ description: "A converted lead: the opportunity it became." })),
  },
  { additionalProperties: true, description: "System properties plus the form fields the caller may see." },
);

const EntityGrantsSchema = Type.Object(Object.fromEntries(recordActions.map((action) => [action, ScopeSchema])) as Record<(typeof recordActions)[number], typeof ScopeSchema>, {
  additionalProperties: false,
});
export const EntitiesGrantsSchema = Type.Object(Object.fromEntries(entityTypes.map((entity) => [entity, EntityGrantsSchema])) as Record<(typeof entityTypes)[number], typeof EntityGrantsSchema>, {
  additionalProperties: false,
});
export const ConfigPermissionSchema = Type.Enum(configPermissions);
const FieldRuleMap = Type.Optional(Type.Record(Type.String({ pattern: "^[a-z][a-zA-Z0-9]{0,39}$" }), Type.Enum(fieldAccessLevels), { maxProperties: 80, additionalProperties: false }));
export const FieldRulesSchema = Type.Object(Object.fromEntries(entityTypes.map((entity) => [entity, FieldRuleMap])) as Record<(typeof entityTypes)[number], typeof FieldRuleMap>, {
  additionalProperties: false,
});

export const FieldDefinitionSchema = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 40 }),
    label: Type.String({ minLength: 1, maxLength: 100 }),
    type: Type.Enum(fieldTypes),
    required: Type.Boolean(),
    options: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
    help: Type.Optional(Type.String({ maxLength: 500 })),
    order: Type.Integer({ minimum: 0, maximum: 1000 }),
    section: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const StageSchema = Type.Object(
  {
    id: Type.String({ pattern: "^[a-z0-9-]{1,40}$" }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    probability: Type.Integer({ minimum: 0, maximum: 100 }),
    won: Type.Boolean(),
    lost: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const PipelineInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    stages: Type.Array(StageSchema, { minItems: 1, maxItems: 30 }),
    isDefault: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
