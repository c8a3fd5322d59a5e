/** The audit log on the wire (`GET /api/audit`). */
import { Type } from "typebox";
import { EntityName, PageSize, Token, UserId } from "../schemas.js";

const Iso = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z?)?$", maxLength: 40 });

export const AuditQuery = Type.Object(
  {
    actorId: Type.Optional(UserId),
    entity: Type.Optional(EntityName),
    recordId: Type.Optional(Type.String({ pattern: "^[0-9a-z]{19}$" })),
    action: Type.Optional(Type.String({ pattern: "^[a-zA-Z.]{1,60}$" })),
    from: Type.Optional(Iso),
    to: Type.Optional(Iso),
    pageSize: Type.Optional(PageSize),
    continuationToken: Type.Optional(Token),
  },
  { additionalProperties: false },
);

/** Who did what, when and why; `before`/`after` carry the record values the reader may see (none for a record they may not read). */
export const AuditEntryOutput = Type.Object(
  {
    id: Type.String(),
    tenantId: Type.String(),
    at: Type.String(),
    actorId: Type.String(),
    actorKind: Type.Enum(["user", "workflow", "system"]),
    action: Type.String({ description: "e.g. lead.create, form.update, user.roles, access.denied" }),
    outcome: Type.Enum(["allowed", "denied"]),
    reason: Type.String(),
    entity: Type.Optional(Type.String()),
    recordId: Type.Optional(Type.String()),
    before: Type.Optional(Type.Unknown()),
    after: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
