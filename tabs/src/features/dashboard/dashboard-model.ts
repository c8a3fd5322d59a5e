/**
 * Dashboard figures computed in the tab from the records the viewer may read (the API has
 * no aggregate endpoint yet; see docs/tab.md). Pure, so the sums are tested on their own.
 */
import type { CrmRecord, Pipeline } from "../../api/types";

export interface Series {
  labels: string[];
  values: number[];
}

const amount = (record: CrmRecord) => (typeof record.amount === "number" ? record.amount : 0);

export function countBy(records: readonly CrmRecord[], key: string, order: readonly string[] = []): Series {
  const counts = new Map<string, number>(order.map((label) => [label, 0]));
  for (const record of records) {
    const value = record[key];
    const label = typeof value === "string" && value ? value : "Not set";
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const entries = [...counts.entries()].filter(([label, count]) => count > 0 || order.includes(label));
  return { labels: entries.map(([label]) => label), values: entries.map(([, count]) => count) };
}

export function pipelineValueByStage(opportunities: readonly CrmRecord[], pipeline: Pipeline): Series {
  return {
    labels: pipeline.stages.map((stage) => stage.name),
    values: pipeline.stages.map((stage) => opportunities.filter((record) => record.pipelineId === pipeline.id && record.stageId === stage.id).reduce((sum, record) => sum + amount(record), 0)),
  };
}

/** Open opportunities' amount × probability, by expected close month (YYYY-MM). */
export function weightedForecastByMonth(opportunities: readonly CrmRecord[], pipelines: readonly Pipeline[]): Series {
  const closed = new Set(pipelines.flatMap((pipeline) => pipeline.stages.filter((stage) => stage.won || stage.lost).map((stage) => `${pipeline.id}/${stage.id}`)));
  const byMonth = new Map<string, number>();
  for (const record of opportunities) {
    if (closed.has(`${String(record.pipelineId)}/${String(record.stageId)}`)) continue;
    const month = typeof record.closeDate === "string" && record.closeDate.length >= 7 ? record.closeDate.slice(0, 7) : "No date";
    const probability = typeof record.probability === "number" ? record.probability : 0;
    byMonth.set(month, (byMonth.get(month) ?? 0) + (amount(record) * probability) / 100);
  }
  const labels = [...byMonth.keys()].sort((a, b) => (a === "No date" ? 1 : b === "No date" ? -1 : a.localeCompare(b)));
  return { labels, values: labels.map((label) => Math.round(byMonth.get(label) ?? 0)) };
}
