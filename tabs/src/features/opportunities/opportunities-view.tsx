import { useMemo } from "react";
import type { CrmRecord } from "../../api/types";
import { useSession } from "../../app/session";
import type { ListFilter } from "../records/record-list";
import { RecordList } from "../records/record-list";
import { stageName } from "./stage-name";

export default function OpportunitiesView() {
  const { pipelines } = useSession();
  const display = useMemo(() => ({ stageId: (record: CrmRecord) => stageName(pipelines, record) }), [pipelines]);
  const filters: ListFilter[] = [];
  if (pipelines && pipelines.length > 1) {
    filters.push({ param: "pipelineId", label: "Pipeline", options: pipelines.map((pipeline) => ({ value: pipeline.id, label: pipeline.name })) });
  }
  const stages = (pipelines ?? []).flatMap((pipeline) => pipeline.stages.map((stage) => ({ value: stage.id, label: pipelines!.length > 1 ? `${pipeline.name}: ${stage.name}` : stage.name })));
  const unique = stages.filter((stage, index) => stages.findIndex((other) => other.value === stage.value) === index);
  if (unique.length) filters.push({ param: "stageId", label: "Stage", options: unique });
  return <RecordList entity="opportunity" columns={["account", "amount", "stageId", "closeDate"]} filters={filters} display={display} />;
}
