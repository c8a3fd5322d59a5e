/** Sales pipelines: ordered stages with a probability and won/lost flags. */
import type { FieldProblem } from "../errors/app-error.js";

export interface Stage {
  id: string;
  name: string;
  probability: number;
  won: boolean;
  lost: boolean;
}

export interface Pipeline {
  id: string;
  name: string;
  stages: Stage[];
  isDefault: boolean;
  etag?: string;
}

export const defaultPipeline = (): Pipeline => ({
  id: "default",
  name: "Sales",
  isDefault: true,
  stages: [
    { id: "prospecting", name: "Prospecting", probability: 10, won: false, lost: false },
    { id: "qualification", name: "Qualification", probability: 25, won: false, lost: false },
    { id: "proposal", name: "Proposal", probability: 50, won: false, lost: false },
    { id: "negotiation", name: "Negotiation", probability: 75, won: false, lost: false },
    { id: "won", name: "Closed won", probability: 100, won: true, lost: false },
    { id: "lost", name: "Closed lost", probability: 0, won: false, lost: true },
  ],
});

export function checkPipeline(pipeline: Pick<Pipeline, "name" | "stages">): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (pipeline.stages.length === 0) problems.push({ field: "stages", message: "A pipeline needs at least one stage." });
  const ids = new Set<string>();
  pipeline.stages.forEach((stage, index) => {
    if (ids.has(stage.id)) problems.push({ field: `stages[${index}].id`, message: `The stage id "${stage.id}" is used twice.` });
    ids.add(stage.id);
    if (stage.won && stage.lost) problems.push({ field: `stages[${index}]`, message: "A stage cannot be both won and lost." });
  });
  return problems;
}

export const firstOpenStage = (pipeline: Pipeline): Stage | undefined => pipeline.stages.find((stage) => !stage.won && !stage.lost) ?? pipeline.stages[0];
