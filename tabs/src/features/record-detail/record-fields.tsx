/** "Details": each field the viewer's roles show, as the form labels it; a stage and a pipeline by name, an empty value as a dash. */
import { Badge, Body1, Card, Subtitle2, makeStyles, tokens } from "@fluentui/react-components";
import type { CrmRecord, FieldDefinition, Pipeline } from "../../api/types";
import { formatValue } from "../records/form-values";

const useStyles = makeStyles({
  fields: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 200px), 1fr))", gap: "12px 16px", margin: 0 },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, overflowWrap: "anywhere" },
  empty: { color: tokens.colorNeutralForeground4 },
});

type PipelineNames = Pick<Pipeline, "name"> & { stages: readonly Pick<Pipeline["stages"][number], "id" | "name">[] };

/** A field's value as text, or undefined when it has none. */
export function fieldText(field: FieldDefinition, record: CrmRecord, pipeline: PipelineNames | undefined, userName: (id: string) => string): string | undefined {
  if (field.key === "stageId" && pipeline) return pipeline.stages.find((stage) => stage.id === record.stageId)?.name ?? String(record.stageId ?? "—");
  if (field.key === "pipelineId" && pipeline) return pipeline.name;
  return formatValue(field, record[field.key], userName) || undefined;
}

export function RecordFields(props: { fields: readonly FieldDefinition[]; record: CrmRecord; pipeline: PipelineNames | undefined; userName: (id: string) => string }) {
  const styles = useStyles();
  return (
    <Card>
      <Subtitle2 as="h2">Details</Subtitle2>
      <dl className={styles.fields}>
        {props.fields.map((field) => {
          const text = fieldText(field, props.record, props.pipeline, props.userName);
          return (
            <div key={field.key}>
              <dt className={styles.term}>{field.label}</dt>
              <dd className={styles.value}>
                <Body1>{text === undefined ? <span className={styles.empty}>—</span> : field.type === "boolean" ? <Badge appearance="tint">{text}</Badge> : text}</Body1>
              </dd>
            </div>
          );
        })}
      </dl>
    </Card>
  );
}
