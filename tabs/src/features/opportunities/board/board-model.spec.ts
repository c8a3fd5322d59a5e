import { describe, expect, it } from "vitest";
import type { CrmRecord } from "../../../api/types";
import { aRecord } from "../../../testing/api-fixtures";
import { pipelines } from "../../../testing/fake-server";
import { boardColumns, neighbourStage } from "./board-model";

const deal = (id: string, stageId: string, amount: number, probability?: number): CrmRecord =>
  aRecord("opportunity", { id, name: id, stageId, amount, ...(probability !== undefined ? { probability } : {}) });

describe("board model", () => {
  const pipeline = pipelines[0]!;
  it("totals and weights each stage by the record's probability, else the stage's", () => {
    const columns = boardColumns(pipeline, [deal("a", "prospecting", 1000), deal("b", "proposal", 2000, 40), deal("c", "proposal", 500)]);
    expect(columns.map((column) => [column.stage.id, column.cards.length, column.total, column.weighted])).toEqual([
      ["prospecting", 1, 1000, 100],
      ["proposal", 2, 2500, 1050],
      ["won", 0, 0, 0],
    ]);
  });
  it("finds the neighbouring stage for keyboard moves, none past the ends", () => {
    expect(neighbourStage(pipeline, "prospecting", 1)?.id).toBe("proposal");
    expect(neighbourStage(pipeline, "prospecting", -1)).toBeUndefined();
    expect(neighbourStage(pipeline, "won", 1)).toBeUndefined();
  });
});
