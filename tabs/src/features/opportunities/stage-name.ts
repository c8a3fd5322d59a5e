import type { Pipeline } from "../../api/types";

/**
 * The name of an opportunity's stage, from its own pipeline (else any pipeline with that
 * stage id, e.g. before `pipelineId` was stored); the raw id when no pipeline knows it.
 */
export function stageName(pipelines: readonly Pipeline[] | undefined, record: Readonly<Record<string, unknown>>): string {
  if (typeof record.stageId !== "string" || record.stageId === "") return "";
  const stageId = record.stageId;
  const own = pipelines?.find((pipeline) => pipeline.id === record.pipelineId);
  const stage = own?.stages.find((candidate) => candidate.id === stageId) ?? pipelines?.flatMap((pipeline) => pipeline.stages).find((candidate) => candidate.id === stageId);
  return stage?.name ?? stageId;
}
