/** `forecast`: open opportunities by expected close month, with their weighted value, and what was won. */
import { decideOnEntity } from "@crm/shared";
import { renderSummaryCard } from "../cards/summary-cards.js";
import type { Command } from "../chat/command.js";
import { money, opportunitiesInScope, summaryRecordLimit, visibleAmount, visibleProbability } from "./opportunities-in-scope.js";

const monthsShown = 12;

export const forecastCommand: Command = {
  name: "forecast",
  usage: "forecast",
  summary: "Weighted value of your open opportunities by expected close month.",
  availableTo: (actor) => decideOnEntity(actor, "read", "opportunity").allowed,
  async run(context) {
    const { items, truncated } = await opportunitiesInScope(context);
    const pipelines = await context.services.config.listPipelines(context.actor.tenantId);
    const stages = new Map(pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => [`${pipeline.id}/${stage.id}`, stage] as const)));
    const months = new Map<string, { count: number; amount: number; weighted: number; won: number }>();
    let hiddenAmounts = false;
    for (const item of items) {
      const fields = item.record.fields;
      const stage = stages.get(`${String(fields.pipelineId ?? pipelines[0]?.id)}/${String(fields.stageId)}`);
      if (stage?.lost) continue;
      const month = typeof fields.closeDate === "string" && !item.hidden.includes("closeDate") ? fields.closeDate.slice(0, 7) : "No close date";
      const amount = visibleAmount(item);
      if (amount === undefined) hiddenAmounts = true;
      const bucket = months.get(month) ?? { count: 0, amount: 0, weighted: 0, won: 0 };
      if (stage?.won) bucket.won += amount ?? 0;
      else {
        bucket.count += 1;
        bucket.amount += amount ?? 0;
        bucket.weighted += ((amount ?? 0) * visibleProbability(item)) / 100;
      }
      months.set(month, bucket);
    }
    const ordered = [...months.entries()].sort(([a], [b]) => (a === "No close date" ? 1 : b === "No close date" ? -1 : a.localeCompare(b)));
    const rows: [string, string][] = ordered
      .slice(0, monthsShown)
      .map(([month, bucket]) => [`${month} (${bucket.count} open)`, `weighted ${money(bucket.weighted)} of ${money(bucket.amount)}${bucket.won > 0 ? ` · won ${money(bucket.won)}` : ""}`]);
    const notes = [
      ...(ordered.length > monthsShown ? [`Showing the first ${monthsShown} months.`] : []),
      ...(truncated ? [`Only the first ${summaryRecordLimit} opportunities are counted.`] : []),
      ...(hiddenAmounts ? ["Some amounts are hidden by your role and count as 0."] : []),
    ];
    return [
      renderSummaryCard({
        title: "Forecast by close month",
        scope: "Open opportunities you may see, weighted by their probability.",
        sections: rows.length > 0 ? [{ title: "By month", rows }] : [],
        notes,
        empty: "No open opportunities.",
      }),
    ];
  },
};
