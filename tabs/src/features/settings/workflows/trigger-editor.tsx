/** "When a lead…": the trigger's type, then what that type needs (a field and its from/to, a stage or status, a date field, a duration). */
import { Field, Select } from "@fluentui/react-components";
import type { EntityType, FieldDefinition } from "../../../api/types";
import { entityLabels } from "../../../api/types";
import { DurationInput, ValueInput, invalid } from "./controls";
import { conditionFields, controlId, dateFields, triggerLabels } from "./describe";
import type { EditorContext } from "./editor-context";
import { changeableFields, newTrigger, stageChoices, triggersFor } from "./editor-context";
import { useEditorStyles } from "./editor-styles";
import type { Trigger, TriggerType } from "./workflow-api";

export function TriggerEditor(props: { trigger: Trigger; entity: EntityType; form: readonly FieldDefinition[]; context: EditorContext; onChange: (trigger: Trigger) => void }) {
  const styles = useEditorStyles();
  const { trigger, context, onChange } = props;
  const error = (path: string) => context.errors.at(path);
  const fields = conditionFields(props.form);
  const one = entityLabels[props.entity].one.toLowerCase();
  const changeable = changeableFields(fields);
  const status = fields.find((field) => field.key === "status");
  const stages = stageChoices(context.pipelines);
  return (
    <div className={styles.step}>
      <Field label={`When a ${one}…`} {...invalid(error("trigger.type") ?? error("trigger"))}>
        <Select id={controlId("trigger.type")} value={trigger.type} onChange={(_, data) => onChange(newTrigger(data.value as TriggerType, fields))}>
          {triggersFor(props.entity, props.form).map((type) => (
            <option key={type} value={type}>
              {triggerLabels[type]}
            </option>
          ))}
        </Select>
      </Field>
      {trigger.type === "fieldChanged" && (
        <div className={styles.row}>
          <Field label="Field" {...invalid(error("trigger.field"))}>
            <Select id={controlId("trigger.field")} value={trigger.field} onChange={(_, data) => onChange({ type: "fieldChanged", field: data.value })}>
              {!changeable.some((field) => field.key === trigger.field) && <option value={trigger.field}>{trigger.field || "Choose a field…"}</option>}
              {changeable.map((field) => (
                <option key={field.key} value={field.key}>
                  {field.label}
                </option>
              ))}
            </Select>
          </Field>
          {(["from", "to"] as const).map((side) => (
            <ValueInput
              key={side}
              id={controlId(`trigger.${side}`)}
              label={side === "from" ? "From (optional)" : "To (optional)"}
              field={changeable.find((field) => field.key === trigger.field)}
              many={false}
              optional
              value={trigger[side]}
              users={context.users}
              error={error(`trigger.${side}`)}
              onChange={(value) => {
                const next = { ...trigger };
                if (value === undefined || Array.isArray(value)) delete next[side];
                else next[side] = value;
                onChange(next);
              }}
            />
          ))}
        </div>
      )}
      {(trigger.type === "stageChanged" || trigger.type === "statusChanged") && (
        <div className={styles.row}>
          {(["from", "to"] as const).map((side) => (
            <Field key={side} label={side === "from" ? "From (optional)" : "To (optional)"} {...invalid(error(`trigger.${side}`))}>
              <Select
                id={controlId(`trigger.${side}`)}
                value={trigger[side] ?? ""}
                onChange={(_, data) => {
                  const next = { ...trigger };
                  if (data.value === "") delete next[side];
                  else next[side] = data.value;
                  onChange(next);
                }}
              >
                <option value="">{trigger.type === "stageChanged" ? "Any stage" : "Any status"}</option>
                {(trigger.type === "stageChanged" ? stages : (status?.options ?? []).map((option) => ({ value: option, label: option }))).map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </Select>
            </Field>
          ))}
        </div>
      )}
      {(trigger.type === "timeAfterField" || trigger.type === "dueDatePassed") && (
        <Field label="Date field" {...invalid(error("trigger.field"))}>
          <Select id={controlId("trigger.field")} value={trigger.field} onChange={(_, data) => onChange({ ...trigger, field: data.value })}>
            {!dateFields(props.form).some((field) => field.key === trigger.field) && <option value={trigger.field}>{trigger.field || "Choose a date field…"}</option>}
            {dateFields(props.form)
              .filter((field) => trigger.type === "timeAfterField" || field.kind === "date")
              .map((field) => (
                <option key={field.key} value={field.key}>
                  {field.label}
                </option>
              ))}
          </Select>
        </Field>
      )}
      {(trigger.type === "timeAfterField" || trigger.type === "noActivity") && (
        <DurationInput
          path="trigger.after"
          label={trigger.type === "noActivity" ? "No activity for" : "Time after the date"}
          value={trigger.after}
          error={error}
          onChange={(after) => onChange({ ...trigger, after })}
        />
      )}
    </div>
  );
}
