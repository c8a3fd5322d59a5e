import { describe, expect, it } from "vitest";
import type { PipelineReport } from "../../api/types";
import { countSeries, forecastSeries, stageSeries } from "./dashboard-model";

describe("dashboard series from the reports", () => {
  it("orders counts as the form's options, then other values, with unset last", () => {
    const counts = [
      { value: "Qualified", count: 2 },
      { value: "(none)", count: 1 },
      { value: "Legacy", count: 1 },
    ];
    expect(countSeries(counts, ["New", "Qualified"])).toEqual({ labels: ["New", "Qualified", "Legacy", "Not set"], values: [0, 2, 1, 1] });
    expect(countSeries([], [])).toEqual({ labels: [], values: [] });
  });

  it("charts the amount of every stage but lost ones, in the pipeline's order", () => {
    const stage = (stageId: string, amount: number, lost = false) => ({ stageId, name: stageId.toUpperCase(), probability: 50, won: false, lost, count: 1, amount, weighted: amount / 2 });
    const report: PipelineReport = {
      pipelineId: "default",
      name: "Sales",
      stages: [stage("prospecting", 100), stage("proposal", 15), stage("lost", 999, true)],
      open: { count: 2, amount: 115, weighted: 57.5 },
      won: { count: 0, amount: 0 },
      currencies: [],
      truncated: false,
      amountsHidden: false,
    };
    expect(stageSeries(report)).toEqual({ labels: ["PROSPECTING", "PROPOSAL"], values: [100, 15] });
  });

  it("labels deals without a close date, rounds the weighted amounts, leaves out months with only won deals", () => {
    const series = forecastSeries({
      months: [
        { month: "2026-11", count: 0, amount: 0, weighted: 0, won: 700 },
        { month: "2026-12", count: 1, amount: 1000, weighted: 500.4, won: 0 },
        { month: "unscheduled", count: 1, amount: 100, weighted: 10, won: 0 },
      ],
      truncated: false,
      amountsHidden: false,
    });
    expect(series).toEqual({ labels: ["2026-12", "No date"], values: [500, 10] });
  });
});
