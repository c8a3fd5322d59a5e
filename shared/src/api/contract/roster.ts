/** The Teams roster and leavers' reassignments on the wire (`/api/roster...`). */
import { Type } from "typebox";
import { RoleId, UserId } from "../schemas.js";

const strict = { additionalProperties: false } as const;
/** An Entra group id (a GUID), as Teams and Graph name a team. */
const GroupId = Type.String({ pattern: "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$", description: "The team's Microsoft Entra group id." });

export const LinkedTeamOutput = Type.Object({ groupId: Type.String(), name: Type.String(), linkedBy: Type.String(), linkedAt: Type.String() }, strict);

export const RosterStatusOutput = Type.Object(
  {
    paused: Type.Boolean(),
    teams: Type.Array(LinkedTeamOutput),
    reconciliation: Type.Object({ enabled: Type.Boolean(), reason: Type.Optional(Type.String()) }, strict),
  },
  strict,
);

export const LinkTeamInput = Type.Object({ groupId: GroupId, name: Type.String({ minLength: 1, maxLength: 200 }) }, strict);
export const GroupParams = Type.Object({ groupId: GroupId }, strict);
export const RosterSyncInput = Type.Object({ paused: Type.Boolean() }, strict);
export const RosterSyncOutput = Type.Object({ paused: Type.Boolean(), changedBy: Type.Optional(Type.String()), changedAt: Type.Optional(Type.String()) }, strict);

export const ReassignRuleSchema = Type.Union([
  Type.Object({ kind: Type.Literal("user"), userId: UserId }, strict),
  Type.Object({ kind: Type.Literal("roundRobin"), roleId: RoleId }, strict),
  Type.Object({ kind: Type.Literal("ownersQueue") }, strict),
]);

/** The rule as answered: one object whose `kind` says which of the other fields it has. */
export const ReassignRuleOutput = Type.Object({ kind: Type.Enum(["user", "roundRobin", "ownersQueue"]), userId: Type.Optional(Type.String()), roleId: Type.Optional(Type.String()) }, strict);

export const ReassignmentOutput = Type.Object(
  {
    userId: Type.String(),
    displayName: Type.String(),
    rule: ReassignRuleOutput,
    status: Type.Enum(["running", "waiting", "done"]),
    startedAt: Type.String(),
    moved: Type.Integer(),
    tasksMoved: Type.Integer(),
    batches: Type.Integer(),
    finishedAt: Type.Optional(Type.String()),
  },
  strict,
);
