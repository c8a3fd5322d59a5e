/**
 * Leads, opportunities and cases on the wire: what the record routes take and answer.
 * The routes validate and serialize with these schemas, the OpenAPI document shows
 * them, and the tab's types are derived from them (`@crm/shared/api-types`).
 */
import { Type } from "typebox";
import { PageOf, PageSize, RecordOutput, Token, UserId } from "../schemas.js";

const strict = { additionalProperties: false } as const;

export const RecordListQuery = Type.Object(
  {
    owner: Type.Optional(Type.String({ pattern: "^(me|all|[A-Za-z0-9._@-]{1,128})$", description: "me, all, or a user id." })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Records whose name/title starts with this text." })),
    status: Type.Optional(Type.String({ maxLength: 100 })),
    stageId: Type.Optional(Type.String({ maxLength: 100 })),
    pipelineId: Type.Optional(Type.String({ maxLength: 100 })),
    priority: Type.Optional(Type.String({ maxLength: 100 })),
    source: Type.Optional(Type.String({ maxLength: 100 })),
    sort: Type.Optional(Type.Enum(["newest", "oldest", "title", "updated"])),
    pageSize: Type.Optional(PageSize),
    continuationToken: Type.Optional(Token),
  },
  strict,
);

const { pageSize: _pageSize, continuationToken: _token, sort: _sort, ...exportProperties } = RecordListQuery.properties;
export const RecordExportQuery = Type.Object(exportProperties, strict);

export const NoteInput = Type.Object({ text: Type.String({ minLength: 1, maxLength: 10_000 }) }, strict);
export const AssignInput = Type.Object({ ownerId: UserId }, strict);

export const RecordPage = PageOf(RecordOutput);
export const ConversionOutput = Type.Object({ lead: RecordOutput, opportunity: RecordOutput }, strict);

/** A note as its reader sees it: a workflow's note is filled with the values the reader's roles show. */
export const NoteOutput = Type.Object({ id: Type.String(), recordId: Type.String(), authorId: Type.String(), text: Type.String(), createdAt: Type.String() }, strict);

export const FieldChangeOutput = Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() }, strict);

/** One entry of a record's history: the audit entry, its values as field changes the reader may see. */
export const HistoryEntryOutput = Type.Object(
  {
    id: Type.String(),
    tenantId: Type.String(),
    at: Type.String(),
    actorId: Type.String(),
    actorKind: Type.Enum(["user", "workflow", "system"]),
    action: Type.String(),
    outcome: Type.Enum(["allowed", "denied"]),
    reason: Type.String(),
    entity: Type.Optional(Type.String()),
    recordId: Type.Optional(Type.String()),
    changes: Type.Array(FieldChangeOutput),
  },
  strict,
);
