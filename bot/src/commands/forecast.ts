/** `forecast`: open opportunities by expected close month, with their weighted value, and what was won. */
import { decideOnEntity } from "@crm/shared/policy";
import { exportLimit } from "@crm/shared/services";
import { renderSummaryCard } from "../cards/summary-cards.js";
import type { Command } from "../chat/command.js";
import { money } from "./summary-text.js";

const monthsShown = 12;

export const forecastCommand: Command = {
  name: "forecast",
  usage: "forecast",
  summary: "Weighted value of your open opportunities by expected close month.",
  readOnly: true,
  availableTo: (actor) => decideOnEntity(actor, "read", "opportunity").allowed,
  async run(context) {
    const report = await context.services.reports.forecast(context.actor);
    const rows: [string, string][] = report.months
      .slice(0, monthsShown)
      .map((month) => [
        `${month.month === "unscheduled" ? "No close date" : month.month} (${month.count} open)`,
        `weighted ${money(month.weighted)} of ${money(month.amount)}${month.won > 0 ? ` · won ${money(month.won)}` : ""}`,
      ]);
    const notes = [
      ...(report.months.length > monthsShown ? [`Showing the first ${monthsShown} months.`] : []),
      ...(report.truncated ? [`Only the first ${exportLimit} opportunities are counted.`] : []),
      ...(report.amountsHidden ? ["Amounts are hidden by your role and count as 0."] : []),
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
