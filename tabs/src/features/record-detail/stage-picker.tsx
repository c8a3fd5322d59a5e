/** An opportunity's stage, picked from its pipeline's stages (with their probability). */
import { Field, Select, makeStyles } from "@fluentui/react-components";
import type { Pipeline } from "../../api/types";

const useStyles = makeStyles({ field: { maxWidth: "320px" } });

export function StagePicker(props: { pipeline: Pipeline; stageId: string; disabled: boolean; onChange: (stageId: string) => void }) {
  const styles = useStyles();
  return (
    <Field label="Stage" className={styles.field}>
      <Select value={props.stageId} disabled={props.disabled} onChange={(_, data) => props.onChange(data.value)}>
        {props.pipeline.stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stage.name} ({stage.probability}%)
          </option>
        ))}
      </Select>
    </Field>
  );
}
