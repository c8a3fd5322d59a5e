/** `pipeline`: count, total and weighted value per stage, over the opportunities the caller may see. */
import { decideOnEntity } from "@crm/shared/policy";
import { exportLimit } from "@crm/shared/services";
import type { SummarySection } from "../cards/summary-cards.js";
import { renderSummaryCard } from "../cards/summary-cards.js";
import type { Command } from "../chat/command.js";
import { money, scopeText } from "./summary-text.js";

export const pipelineCommand: Command = {
  name: "pipeline",
  usage: "pipeline",
  summary: "Stage totals and weighted value of the opportunities you may see.",
  readOnly: true,
  availableTo: (actor) => decideOnEntity(actor, "read", "opportunity").allowed,
  async run(context) {
    const report = await context.services.reports.pipelines(context.actor);
    const sections: SummarySection[] = [];
    for (const pipeline of report.pipelines) {
      const stages = pipeline.stages.filter((stage) => stage.count > 0);
      if (stages.length === 0) continue;
      const rows: [string, string][] = stages.map((stage) => [`${stage.name} (${stage.count})`, `${money(stage.amount)} · weighted ${money(stage.weighted)}`]);
      rows.push(["Weighted open", money(pipeline.open.weighted)]);
      if (pipeline.won.count > 0) rows.push(["Won", money(pipeline.won.amount)]);
      sections.push({ title: pipeline.name, rows });
    }
    const notes = [...(report.truncated ? [`Only the first ${exportLimit} opportunities are counted.`] : []), ...(report.amountsHidden ? ["Amounts are hidden by your role and count as 0."] : [])];
    return [renderSummaryCard({ title: "Pipeline", scope: scopeText(context.actor), sections, notes, empty: "No opportunities yet." })];
  },
};
