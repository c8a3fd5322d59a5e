/** Forms and pipelines on the wire (`/api/config/forms`, `/api/config/pipelines`). */
import { Type } from "typebox";
import { EntityName, FieldDefinitionSchema, StageSchema } from "../schemas.js";

/** A form as its reader may see it: those who manage forms get every field, others the fields their roles show. */
export const FormOutput = Type.Object(
  {
    entity: EntityName,
    fields: Type.Array(FieldDefinitionSchema),
    updatedAt: Type.String({ description: "Empty for a form nobody has saved yet." }),
    updatedBy: Type.String(),
    etag: Type.Optional(Type.String({ description: "Absent for a form nobody has saved yet." })),
  },
  { additionalProperties: false },
);

/**
 * What PUT takes: the fields, plus what GET returned around them. `entity`,
 * `updatedAt`, `updatedBy` and `etag` are read-only and ignored, so a client can
 * send back the document it read with its changes.
 */
export const FormInput = Type.Object(
  {
    fields: Type.Array(FieldDefinitionSchema, { minItems: 1, maxItems: 80 }),
    entity: Type.Optional(EntityName),
    updatedAt: Type.Optional(Type.String({ maxLength: 40 })),
    updatedBy: Type.Optional(Type.String({ maxLength: 200 })),
    etag: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const PipelineOutput = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    stages: Type.Array(StageSchema),
    isDefault: Type.Boolean(),
    etag: Type.Optional(Type.String({ description: "Absent for the default pipeline until someone saves it." })),
  },
  { additionalProperties: false },
);

export const StageDeletionOutput = Type.Object(
  { pipeline: PipelineOutput, moved: Type.Integer({ description: "How many opportunities moved to the target stage." }) },
  { additionalProperties: false },
);
