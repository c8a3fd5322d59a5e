/** Data quality on the wire (`/api/data-quality/*`): findings as the reader may see them, the rules, scans. */
import { Type } from "typebox";
import { findingStates, dismissReasonLimit } from "../../domain/data-quality/finding.js";
import { ruleIds } from "../../domain/data-quality/rules.js";
import { entityTypes } from "../../policy/model.js";

const strict = { additionalProperties: false } as const;
const RuleIdSchema = Type.Enum(ruleIds);
const Enabled = Type.Boolean();
const Threshold = Type.Number({ description: "A whole number within the rule's range; out of range is refused in words." });

export const FindingOutput = Type.Object(
  {
    entity: Type.Enum(entityTypes),
    recordId: Type.String(),
    key: Type.String({ description: "The rule, and for one-field rules the field (`requiredEmpty:phone`)." }),
    rule: RuleIdSchema,
    ruleLabel: Type.String(),
    fields: Type.Array(Type.String(), { description: "The fields the finding is about (all of them readable by the caller)." }),
    message: Type.String(),
    state: Type.Enum(findingStates),
    foundAt: Type.String(),
    updatedAt: Type.String(),
    ownerId: Type.String(),
    related: Type.Array(Type.String(), { description: "Duplicates: the other records with the same value that the caller may read." }),
    reason: Type.Optional(Type.String()),
    recordTitle: Type.Optional(Type.String()),
  },
  strict,
);

export const FindingListOutput = Type.Object(
  {
    items: Type.Array(FindingOutput),
    counts: Type.Object(
      {
        total: Type.Integer({ description: "Findings matching the filters (items holds the first page)." }),
        open: Type.Integer(),
        byRule: Type.Record(Type.String(), Type.Integer(), { description: "Open findings per rule, within the owner and age filters." }),
      },
      strict,
    ),
    trend: Type.Array(Type.Object({ day: Type.String(), found: Type.Integer(), resolved: Type.Integer() }, strict), { description: "The last 14 days." }),
    truncated: Type.Boolean({ description: "More findings than one list reads (5,000): figures cover the first ones." }),
  },
  strict,
);

export const FindingQuery = Type.Object(
  {
    rule: Type.Optional(RuleIdSchema),
    state: Type.Optional(Type.Enum(findingStates, { description: "open (default), resolved or dismissed." })),
    owner: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9._@-]{1,128}$", description: "me, or a user id." })),
    olderThanDays: Type.Optional(Type.String({ pattern: "^[0-9]{1,4}$", description: "Only findings found at least this many days ago." })),
    pageSize: Type.Optional(Type.String({ pattern: "^(100|[1-9][0-9]?)$", description: "1 to 100, default 50." })),
  },
  strict,
);

export const FindingParams = Type.Object(
  {
    entity: Type.Enum(entityTypes),
    recordId: Type.String({ pattern: "^[0-9a-z]{19}$" }),
    key: Type.String({ pattern: "^[a-zA-Z]{1,40}(:[a-z][a-zA-Z0-9]{0,39})?$" }),
  },
  strict,
);

export const DismissInput = Type.Object({ reason: Type.String({ minLength: 1, maxLength: dismissReasonLimit, description: "Why this is not a problem." }) }, strict);

export const QualityRulesSchema = Type.Object(
  {
    duplicateEmail: Type.Object({ enabled: Enabled }, strict),
    duplicatePhone: Type.Object({ enabled: Enabled }, strict),
    duplicateNameCompany: Type.Object({ enabled: Enabled }, strict),
    requiredEmpty: Type.Object({ enabled: Enabled }, strict),
    invalidValue: Type.Object({ enabled: Enabled }, strict),
    staleLead: Type.Object({ enabled: Enabled, days: Threshold }, strict),
    overdueOpportunity: Type.Object({ enabled: Enabled, graceDays: Threshold }, strict),
    unansweredCase: Type.Object({ enabled: Enabled, hours: Threshold }, strict),
    accountableReminder: Type.Optional(Type.Object({ days: Type.Number({ description: "Findings open this many days (1 to 365) are told once to data cleanup's Accountable." }) }, strict)),
  },
  strict,
);

export const QualityRulesOutput = Type.Object({ ...QualityRulesSchema.properties, etag: Type.Optional(Type.String()) }, strict);

export const ScanOutput = Type.Object({ queued: Type.Boolean({ description: "False when a scan asked for in the same minute is already queued." }) }, strict);
