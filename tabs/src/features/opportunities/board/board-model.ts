/** Pure sums for the opportunity board: per stage, count, total and probability-weighted value. */
import type { CrmRecord, Pipeline, Stage } from "../../../api/types";

interface BoardColumn {
  stage: Stage;
  cards: CrmRecord[];
  total: number;
  weighted: number;
}

const amountOf = (record: CrmRecord) => (typeof record.amount === "number" ? record.amount : 0);
const probabilityOf = (record: CrmRecord, stage: Stage) => (typeof record.probability === "number" ? record.probability : stage.probability);

export function boardColumns(pipeline: Pipeline, opportunities: readonly CrmRecord[]): BoardColumn[] {
  return pipeline.stages.map((stage) => {
    const cards = opportunities.filter((record) => record.stageId === stage.id);
    const total = cards.reduce((sum, record) => sum + amountOf(record), 0);
    const weighted = cards.reduce((sum, record) => sum + (amountOf(record) * probabilityOf(record, stage)) / 100, 0);
    return { stage, cards, total, weighted };
  });
}

/** The stage next to the current one, for keyboard moves; undefined at either end. */
export function neighbourStage(pipeline: Pipeline, stageId: string, direction: -1 | 1): Stage | undefined {
  const index = pipeline.stages.findIndex((stage) => stage.id === stageId);
  return index < 0 ? undefined : pipeline.stages[index + direction];
}

export const money = (value: number) => value.toLocaleString(undefined, { maximumFractionDigits: 0 });
