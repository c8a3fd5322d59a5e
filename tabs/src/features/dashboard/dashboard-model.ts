/**
 * Chart series from the server's reports (`/api/reports/*`): the sums are the server's,
 * this only orders and labels them. Pure, so it is tested on its own.
 */
import type { ForecastReport, PipelineReport, ValueCount } from "../../api/types";

export interface Series {
  labels: string[];
  values: number[];
}

const notSet = "Not set";
const noDate = "No date";

/** Counts in the form's option order (options with none shown as 0), other values after, unset last. */
export function countSeries(counts: readonly ValueCount[], order: readonly string[] = []): Series {
  const byValue = new Map(counts.map((entry) => [entry.value, entry.count]));
  const unset = byValue.get("(none)") ?? 0;
  const others = counts.filter((entry) => entry.value !== "(none)" && !order.includes(entry.value)).map((entry) => entry.value);
  const labels = [...order, ...others];
  const values = labels.map((label) => byValue.get(label) ?? 0);
  if (unset > 0) {
    labels.push(notSet);
    values.push(unset);
  }
  return { labels, values };
}

/** Amount per stage, in the pipeline's stage order; `lost` stages are left out (they are not pipeline value). */
export function stageSeries(report: PipelineReport): Series {
  const stages = report.stages.filter((stage) => !stage.lost);
  return { labels: stages.map((stage) => stage.name), values: stages.map((stage) => stage.amount) };
}

/** Weighted amount of open deals per expected close month, rounded to whole units; months with only won deals are left out. */
export function forecastSeries(report: ForecastReport): Series {
  const months = report.months.filter((entry) => entry.count > 0);
  return {
    labels: months.map((entry) => (entry.month === "unscheduled" ? noDate : entry.month)),
    values: months.map((entry) => Math.round(entry.weighted)),
  };
}
