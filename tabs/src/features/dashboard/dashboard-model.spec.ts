import { describe, expect, it } from "vitest";
import type { CrmRecord } from "../../api/types";
import { pipelines } from "../../testing/fake-server";
import { countBy, pipelineValueByStage, weightedForecastByMonth } from "./dashboard-model";

const record = (fields: Record<string, unknown>) => ({ id: "x", entity: "opportunity", ownerId: "o", createdBy: "o", createdAt: "", updatedAt: "", etag: "", ...fields }) as CrmRecord;

describe("dashboard figures", () => {
  it("counts by a choice field in the form's order, with unset values last", () => {
    expect(countBy([record({ status: "Qualified" }), record({}), record({ status: "Qualified" })], "status", ["New", "Qualified"])).toEqual({ labels: ["New", "Qualified", "Not set"], values: [0, 2, 1] });
  });
  it("sums pipeline value per stage", () => {
    const series = pipelineValueByStage([record({ pipelineId: "default", stageId: "proposal", amount: 10 }), record({ pipelineId: "default", stageId: "proposal", amount: 5 })], pipelines[0]!);
    expect(series.values).toEqual([0, 15, 0]);
  });
  it("forecasts open deals only, weighted, by close month", () => {
    const series = weightedForecastByMonth(
      [
        record({ pipelineId: "default", stageId: "proposal", amount: 1000, probability: 50, closeDate: "2026-12-03" }),
        record({ pipelineId: "default", stageId: "won", amount: 9999, probability: 100, closeDate: "2026-12-03" }),
        record({ pipelineId: "default", stageId: "prospecting", amount: 100, probability: 10 }),
      ],
      pipelines,
    );
    expect(series).toEqual({ labels: ["2026-12", "No date"], values: [500, 10] });
  });
});
