/**
 * Access governance on the wire: approval policies, separation-of-duties rules, the
 * conflict report, access requests and time-bound grants. Answers use arrays where
 * inputs use tuples: the response serializer does not match a tuple's items against
 * a union.
 */
import { Type } from "typebox";
import { approvalLimits } from "../../policy/access-approval.js";
import { entityTypes, recordActions } from "../../policy/model.js";
import { ConfigPermissionSchema, RoleId, UserId } from "../schemas.js";

const strict = { additionalProperties: false } as const;
const RuleId = Type.String({ pattern: "^[a-z0-9-]{1,40}$" });
/** An ISO date or date and time; checked against the role's policy by the service, in words. */
const EndDate = Type.String({ minLength: 10, maxLength: 40, description: "When the grant ends: an ISO date (2026-12-31) or date and time." });
/** Longer than the service allows, so a little too long gets the service's own message, and far too long the schema's. */
const Justification = Type.String({ maxLength: approvalLimits.justification * 2, description: `Why the access is needed (at most ${approvalLimits.justification} characters).` });

export const RuleParams = Type.Object({ ruleId: RuleId }, strict);
export const RoleParams = Type.Object({ roleId: RoleId }, strict);
export const RequestParams = Type.Object({ requestId: Type.String({ pattern: "^[0-9a-z]{19}$" }) }, strict);

const Approvers = Type.Union([
  Type.Object({ kind: Type.Literal("owners") }, strict),
  Type.Object({ kind: Type.Literal("roles"), roleIds: Type.Array(RoleId, { minItems: 1, maxItems: 10, uniqueItems: true }) }, strict),
]);

export const ApprovalPolicyInput = Type.Object(
  {
    approvers: Approvers,
    approvalsNeeded: Type.Union([Type.Literal(1), Type.Literal(2)]),
    maxDays: Type.Optional(Type.Integer({ minimum: 1, maximum: approvalLimits.maxDays, description: "The longest grant in days; absent, a grant may be permanent." })),
    justificationRequired: Type.Boolean(),
    expiresAfterDays: Type.Integer({ minimum: 1, maximum: approvalLimits.expiresAfterDays, description: "Days an undecided request waits before it expires." }),
  },
  strict,
);

export const ApprovalPolicyOutput = Type.Object(
  {
    roleId: Type.String(),
    approvers: Approvers,
    approvalsNeeded: Type.Integer(),
    maxDays: Type.Optional(Type.Integer()),
    justificationRequired: Type.Boolean(),
    expiresAfterDays: Type.Integer(),
    etag: Type.Optional(Type.String()),
  },
  strict,
);

const Power = Type.Union([
  Type.Object({ kind: Type.Literal("config"), permission: ConfigPermissionSchema }, strict),
  Type.Object({ kind: Type.Literal("record"), action: Type.Enum(recordActions), atLeast: Type.Enum(["own", "team", "all"]), entity: Type.Optional(Type.Enum(entityTypes)) }, strict),
  Type.Object({ kind: Type.Literal("role"), roleId: RoleId }, strict),
]);

export const ConflictRuleInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80 }),
    why: Type.String({ minLength: 1, maxLength: 500 }),
    powers: Type.Tuple([Power, Power]),
    allowExceptions: Type.Boolean(),
    enabled: Type.Boolean(),
  },
  strict,
);

export const ConflictRuleOutput = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    why: Type.String(),
    powers: Type.Array(Power, { minItems: 2, maxItems: 2 }),
    allowExceptions: Type.Boolean(),
    enabled: Type.Boolean(),
    example: Type.Boolean({ description: "One of the ready rules (deleting it puts it back as shipped, off)." }),
    etag: Type.Optional(Type.String()),
  },
  strict,
);

export const HeldConflictOutput = Type.Object(
  {
    userId: Type.String(),
    displayName: Type.String(),
    ruleId: Type.String(),
    ruleName: Type.String(),
    why: Type.String(),
    powers: Type.Array(Type.String(), { minItems: 2, maxItems: 2, description: "The two powers, in words." }),
    through: Type.Array(Type.String(), { minItems: 2, maxItems: 2, description: "The roles giving each power." }),
  },
  strict,
);

/** Why, and until when, with a grant that needs approval (PATCH/POST /api/users, POST /api/access/requests). */
export const GrantReasonInput = Type.Object({ justification: Justification, endsAt: Type.Optional(EndDate) }, strict);

export const AccessRequestInput = Type.Object(
  {
    userId: Type.Optional(UserId),
    roleId: RoleId,
    justification: Justification,
    endsAt: Type.Optional(EndDate),
  },
  strict,
);

export const DecisionInput = Type.Object({ outcome: Type.Enum(["approve", "deny"]), comment: Type.Optional(Type.String({ maxLength: approvalLimits.comment * 2 })) }, strict);

export const RequestListQuery = Type.Object(
  { view: Type.Optional(Type.Enum(["inbox", "mine", "all"], { description: "inbox (default): what you may decide now; mine: yours; all: every request." })) },
  strict,
);

const Person = Type.Object({ id: Type.String(), name: Type.String() }, strict);

export const AccessRequestOutput = Type.Object(
  {
    id: Type.String(),
    roleId: Type.String(),
    roleName: Type.String(),
    subject: Person,
    requester: Person,
    justification: Type.String(),
    endsAt: Type.Optional(Type.String()),
    createdAt: Type.String(),
    expiresAt: Type.String(),
    status: Type.Enum(["pending", "approved", "denied", "expired", "withdrawn"]),
    approvalsNeeded: Type.Integer(),
    decisions: Type.Array(
      Type.Object({ approverId: Type.String(), approverName: Type.String(), outcome: Type.Enum(["approve", "deny"]), comment: Type.Optional(Type.String()), at: Type.String() }, strict),
    ),
    exceptionTo: Type.Optional(Type.Array(Type.String(), { description: "The separation-of-duties rules this grant is an exception to." })),
    closedAt: Type.Optional(Type.String()),
    appliedAt: Type.Optional(Type.String({ description: "When the approved role was given." })),
    canDecide: Type.Boolean(),
    canWithdraw: Type.Boolean(),
  },
  strict,
);

export const GrantOutput = Type.Object({ userId: Type.String(), roleId: Type.String(), endsAt: Type.String(), requestId: Type.String() }, strict);

// ---- access reviews ----

export const ReviewParams = Type.Object({ reviewId: Type.String({ pattern: "^[0-9a-z]{19}$" }) }, strict);
export const ReviewItemParams = Type.Object({ reviewId: Type.String({ pattern: "^[0-9a-z]{19}$" }), userId: UserId }, strict);

const RoleSet = <Everyone extends "allUsers" | "owners">(everyone: Everyone) =>
  Type.Union([
    Type.Object({ kind: Type.Literal(everyone) }, strict),
    Type.Object({ kind: Type.Literal("roles"), roleIds: Type.Array(RoleId, { minItems: 1, maxItems: 20, uniqueItems: true }) }, strict),
  ]);

export const ReviewCampaignInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 240 }),
    scope: RoleSet("allUsers"),
    reviewers: RoleSet("owners"),
    dueAt: Type.String({ minLength: 10, maxLength: 40, description: "When reviewers must have decided: an ISO date or date and time." }),
    whenUndecided: Type.Enum(["keep", "remove"], { description: "At the due date, people nobody decided about keep their access, or lose the reviewed roles." }),
    repeatQuarterly: Type.Optional(Type.Boolean({ description: "Start the next review like this one when this one closes." })),
  },
  strict,
);

export const ReviewDecisionInput = Type.Object({ outcome: Type.Enum(["keep", "removeRoles", "deactivate"]), comment: Type.Optional(Type.String({ maxLength: 1000 })) }, strict);

export const EvidenceQuery = Type.Object({ format: Type.Optional(Type.Enum(["csv", "json"])) }, strict);

const ReviewDecisionOutput = Type.Object(
  { outcome: Type.Enum(["keep", "removeRoles", "deactivate"]), comment: Type.String(), by: Type.String(), byName: Type.String(), at: Type.String(), result: Type.String() },
  strict,
);

export const ReviewItemOutput = Type.Object(
  {
    userId: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(Type.String(), { description: "The names of the roles under review." }),
    isOwner: Type.Boolean(),
    lastActiveAt: Type.Optional(Type.String()),
    recordsOwned: Type.Integer(),
    gone: Type.Boolean({ description: "Removed from the CRM since the review started." }),
    decision: Type.Optional(ReviewDecisionOutput),
    canDecide: Type.Boolean(),
  },
  strict,
);

const campaignFields = {
  id: Type.String(),
  name: Type.String(),
  createdBy: Person,
  createdAt: Type.String(),
  scope: RoleSet("allUsers"),
  scopeRoles: Type.Array(Type.String()),
  reviewers: RoleSet("owners"),
  reviewerRoles: Type.Array(Type.String()),
  dueAt: Type.String(),
  whenUndecided: Type.Enum(["keep", "remove"]),
  repeatQuarterly: Type.Boolean(),
  status: Type.Enum(["open", "closed"]),
  closedAt: Type.Optional(Type.String()),
  progress: Type.Object({ decided: Type.Integer(), total: Type.Integer(), byReviewer: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), decided: Type.Integer() }, strict)) }, strict),
  isReviewer: Type.Boolean(),
};

export const ReviewCampaignOutput = Type.Object(campaignFields, strict);
export const ReviewCampaignDetailOutput = Type.Object({ ...campaignFields, items: Type.Array(ReviewItemOutput) }, strict);

export const EvidenceOutput = Type.Object(
  {
    campaign: ReviewCampaignOutput,
    rows: Type.Array(
      Type.Object(
        {
          person: Type.String(),
          userId: Type.String(),
          rolesReviewed: Type.String(),
          lastActiveAt: Type.String(),
          recordsOwned: Type.Integer(),
          decision: Type.String(),
          decidedBy: Type.String(),
          decidedAt: Type.String(),
          comment: Type.String(),
          result: Type.String(),
        },
        strict,
      ),
    ),
  },
  strict,
);
