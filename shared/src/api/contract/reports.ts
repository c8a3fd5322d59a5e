/** Dashboard figures on the wire (`/api/reports/*`): sums over the records the caller may read, hidden fields left out. */
import { Type } from "typebox";

const strict = { additionalProperties: false } as const;

export const ReportOwner = Type.Enum(["me", "all"], { description: "me: only the caller's records; all (default): everything the caller may read." });
export const Truncated = Type.Boolean({ description: "More records than a report reads (10,000 per entity): the figures cover the first ones." });
const AmountsHidden = Type.Boolean({ description: "The caller's roles hide opportunity amounts: sums count them as 0." });

export const StageTotalOutput = Type.Object(
  {
    stageId: Type.String(),
    name: Type.String(),
    probability: Type.Number(),
    won: Type.Boolean(),
    lost: Type.Boolean(),
    count: Type.Integer(),
    amount: Type.Number(),
    weighted: Type.Number(),
  },
  strict,
);

export const PipelineReportOutput = Type.Object(
  {
    pipelineId: Type.String(),
    name: Type.String(),
    stages: Type.Array(StageTotalOutput),
    open: Type.Object({ count: Type.Integer(), amount: Type.Number(), weighted: Type.Number() }, strict),
    won: Type.Object({ count: Type.Integer(), amount: Type.Number() }, strict),
    currencies: Type.Array(Type.String(), { description: "Currencies seen: amounts are added as they are, so more than one means mixed sums." }),
    truncated: Truncated,
    amountsHidden: AmountsHidden,
  },
  strict,
);

export const ForecastMonthOutput = Type.Object(
  {
    month: Type.String({ description: "YYYY-MM, or `unscheduled` for deals without a close date (last)." }),
    count: Type.Integer(),
    amount: Type.Number(),
    weighted: Type.Number(),
    won: Type.Number({ description: "Amount already won with a close date in this month." }),
  },
  strict,
);

export const ForecastReportOutput = Type.Object({ months: Type.Array(ForecastMonthOutput), truncated: Truncated, amountsHidden: AmountsHidden }, strict);

/** Counts per value, most first; an empty value is `(none)`. */
export const ValueCountOutput = Type.Object({ value: Type.String(), count: Type.Integer() }, strict);

export const SummaryReportOutput = Type.Object(
  {
    leadsByStatus: Type.Array(ValueCountOutput),
    leadsBySource: Type.Array(ValueCountOutput),
    casesByPriority: Type.Array(ValueCountOutput),
    casesByStatus: Type.Array(ValueCountOutput),
    truncated: Truncated,
  },
  strict,
);
