/**
 * Aggregations for the dashboard and the bot's "pipeline" and "forecast": pure
 * functions over the records the caller may see.
 */
import type { Pipeline } from "./pipelines.js";
import type { CrmRecord } from "./records.js";

interface StageTotal {
  stageId: string;
  name: string;
  probability: number;
  won: boolean;
  lost: boolean;
  count: number;
  amount: number;
  weighted: number;
}

export interface PipelineReport {
  pipelineId: string;
  name: string;
  stages: StageTotal[];
  open: { count: number; amount: number; weighted: number };
  won: { count: number; amount: number };
  /** Currencies seen: totals add amounts as they are, so more than one means mixed sums. */
  currencies: string[];
}

export interface ForecastMonth {
  month: string;
  /** Open opportunities expected to close this month, their amount and weighted amount. */
  count: number;
  amount: number;
  weighted: number;
  /** Amount already won with a close date in this month. */
  won: number;
}

const amountOf = (record: CrmRecord): number => (typeof record.fields.amount === "number" ? record.fields.amount : 0);
const round = (value: number): number => Math.round(value * 100) / 100;

export function pipelineReport(pipeline: Pipeline, opportunities: readonly CrmRecord[]): PipelineReport {
  const stages: StageTotal[] = pipeline.stages.map((stage) => ({
    stageId: stage.id,
    name: stage.name,
    probability: stage.probability,
    won: stage.won,
    lost: stage.lost,
    count: 0,
    amount: 0,
    weighted: 0,
  }));
  const byId = new Map(stages.map((stage) => [stage.stageId, stage]));
  const currencies = new Set<string>();
  for (const record of opportunities) {
    if (record.fields.pipelineId !== pipeline.id) continue;
    const stage = byId.get(String(record.fields.stageId));
    if (!stage) continue;
    const amount = amountOf(record);
    const probability = typeof record.fields.probability === "number" ? record.fields.probability : stage.probability;
    stage.count += 1;
    stage.amount += amount;
    stage.weighted += (amount * probability) / 100;
    if (typeof record.fields.currency === "string") currencies.add(record.fields.currency);
  }
  const open = stages.filter((stage) => !stage.won && !stage.lost);
  const won = stages.filter((stage) => stage.won);
  return {
    pipelineId: pipeline.id,
    name: pipeline.name,
    stages: stages.map((stage) => ({ ...stage, amount: round(stage.amount), weighted: round(stage.weighted) })),
    open: {
      count: open.reduce((sum, stage) => sum + stage.count, 0),
      amount: round(open.reduce((sum, stage) => sum + stage.amount, 0)),
      weighted: round(open.reduce((sum, stage) => sum + stage.weighted, 0)),
    },
    won: { count: won.reduce((sum, stage) => sum + stage.count, 0), amount: round(won.reduce((sum, stage) => sum + stage.amount, 0)) },
    currencies: [...currencies].sort(),
  };
}

/** Open opportunities by expected close month, with what was won; those without a date are "unscheduled". */
export function forecastByMonth(pipelines: readonly Pipeline[], opportunities: readonly CrmRecord[]): ForecastMonth[] {
  const stageOf = new Map(pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => [`${pipeline.id}/${stage.id}`, stage] as const)));
  const months = new Map<string, ForecastMonth>();
  for (const record of opportunities) {
    const stage = stageOf.get(`${String(record.fields.pipelineId)}/${String(record.fields.stageId)}`);
    if (!stage || stage.lost) continue;
    const month = typeof record.fields.closeDate === "string" ? record.fields.closeDate.slice(0, 7) : "unscheduled";
    const entry = months.get(month) ?? { month, count: 0, amount: 0, weighted: 0, won: 0 };
    if (stage.won) {
      entry.won = round(entry.won + amountOf(record));
    } else {
      const probability = typeof record.fields.probability === "number" ? record.fields.probability : stage.probability;
      entry.count += 1;
      entry.amount = round(entry.amount + amountOf(record));
      entry.weighted = round(entry.weighted + (amountOf(record) * probability) / 100);
    }
    months.set(month, entry);
  }
  return [...months.values()].sort((a, b) => (a.month === "unscheduled" ? 1 : b.month === "unscheduled" ? -1 : a.month.localeCompare(b.month)));
}

/** How many records carry each value of a field ("(none)" for empty). */
export function countBy(records: readonly CrmRecord[], field: string): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const record of records) {
    const raw = record.fields[field];
    const value = raw === undefined || raw === null || raw === "" ? "(none)" : String(raw);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
