/** `pipeline`: count, total and weighted value per stage, over the opportunities the caller may see. */
import { decideOnEntity } from "@crm/shared";
import type { SummarySection } from "../cards/summary-cards.js";
import { renderSummaryCard } from "../cards/summary-cards.js";
import type { Command } from "../chat/command.js";
import { money, opportunitiesInScope, summaryRecordLimit, visibleAmount, visibleProbability } from "./opportunities-in-scope.js";

export const pipelineCommand: Command = {
  name: "pipeline",
  usage: "pipeline",
  summary: "Stage totals and weighted value of the opportunities you may see.",
  availableTo: (actor) => decideOnEntity(actor, "read", "opportunity").allowed,
  async run(context) {
    const { items, truncated } = await opportunitiesInScope(context);
    const pipelines = await context.services.config.listPipelines(context.actor.tenantId);
    let hiddenAmounts = false;
    const sections: SummarySection[] = [];
    for (const pipeline of pipelines) {
      const inPipeline = items.filter((item) => (item.record.fields.pipelineId ?? pipelines[0]?.id) === pipeline.id);
      if (inPipeline.length === 0) continue;
      let weightedTotal = 0;
      const rows: [string, string][] = [];
      for (const stage of pipeline.stages) {
        const inStage = inPipeline.filter((item) => item.record.fields.stageId === stage.id);
        if (inStage.length === 0) continue;
        let total = 0;
        let weighted = 0;
        for (const item of inStage) {
          const amount = visibleAmount(item);
          if (amount === undefined) hiddenAmounts = true;
          total += amount ?? 0;
          weighted += ((amount ?? 0) * visibleProbability(item)) / 100;
        }
        if (!stage.lost) weightedTotal += weighted;
        rows.push([`${stage.name} (${inStage.length})`, `${money(total)} · weighted ${money(weighted)}`]);
      }
      rows.push(["Weighted total", money(weightedTotal)]);
      sections.push({ title: pipeline.name, rows });
    }
    const notes = [
      ...(truncated ? [`Only the first ${summaryRecordLimit} opportunities are counted.`] : []),
      ...(hiddenAmounts ? ["Some amounts are hidden by your role and count as 0."] : []),
    ];
    const scope = decideOnEntity(context.actor, "read", "opportunity").scope;
    return [
      renderSummaryCard({
        title: "Pipeline",
        scope: scope === "all" ? "All opportunities of your organisation." : scope === "team" ? "Your team's opportunities." : "Your own opportunities.",
        sections,
        notes,
        empty: "No opportunities yet.",
      }),
    ];
  },
};
