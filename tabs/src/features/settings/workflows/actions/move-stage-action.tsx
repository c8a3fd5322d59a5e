/** Move to a stage (opportunities only): any pipeline's stage, starting at the default pipeline's first. */
import { Field, Select } from "@fluentui/react-components";
import { invalid } from "../controls";
import { controlId } from "../describe";
import { stageChoices } from "../editor-context";
import type { ActionDetailsProps, ActionEditorKind, ActionOf } from "./action-kind";

type MoveStage = ActionOf<"moveStage">;

function MoveStageDetails({ path: at, n, action, context, onChange }: ActionDetailsProps<MoveStage>) {
  const error = (path: string) => context.errors.at(path);
  const stages = stageChoices(context.pipelines);
  // "Not on this entity" comes back on the type; it is shown here, where the stage is chosen.
  return (
    <Field label={`Action ${n}: stage`} {...invalid(error(`${at}.stageId`) ?? error(`${at}.type`))}>
      <Select id={controlId(`${at}.stageId`)} value={action.stageId} onChange={(_, data) => onChange({ ...action, stageId: data.value })}>
        {!stages.some((stage) => stage.value === action.stageId) && <option value={action.stageId}>{action.stageId || "Choose a stage…"}</option>}
        {stages.map((stage) => (
          <option key={stage.value} value={stage.value}>
            {stage.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export const moveStageAction: ActionEditorKind<MoveStage> = {
  blank: (context) => ({ type: "moveStage", stageId: context.pipelines.find((pipeline) => pipeline.isDefault)?.stages[0]?.id ?? "" }),
  Details: MoveStageDetails,
};
