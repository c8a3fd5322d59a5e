/** Set a field: one of the form's fields (not the owner or the timestamps) and its new value; empty clears it. */
import { Field, Select } from "@fluentui/react-components";
import { ValueInput, invalid } from "../controls";
import { conditionFields, controlId } from "../describe";
import { changeableFields } from "../editor-context";
import { useEditorStyles } from "../editor-styles";
import type { ActionDetailsProps, ActionEditorKind, ActionOf } from "./action-kind";

type SetField = ActionOf<"setField">;

function SetFieldDetails({ path: at, n, action, form, context, onChange }: ActionDetailsProps<SetField>) {
  const styles = useEditorStyles();
  const error = (path: string) => context.errors.at(path);
  const formFields = changeableFields(conditionFields(form));
  const field = formFields.find((candidate) => candidate.key === action.field);
  return (
    <div className={styles.row}>
      <Field label={`Action ${n}: field`} {...invalid(error(`${at}.field`))}>
        <Select id={controlId(`${at}.field`)} value={action.field} onChange={(_, data) => onChange({ ...action, field: data.value, value: null })}>
          {!field && <option value={action.field}>{action.field || "Choose a field…"}</option>}
          {formFields.map((candidate) => (
            <option key={candidate.key} value={candidate.key}>
              {candidate.label}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.grow}>
        <ValueInput
          id={controlId(`${at}.value`)}
          label={`Action ${n}: new value (empty clears it)`}
          field={field}
          many={field?.kind === "multiChoice"}
          optional
          value={action.value}
          users={context.users}
          error={error(`${at}.value`)}
          onChange={(value) => onChange({ ...action, value: value === undefined ? null : Array.isArray(value) ? value.map(String) : value })}
        />
      </div>
    </div>
  );
}

export const setFieldAction: ActionEditorKind<SetField> = {
  blank: () => ({ type: "setField", field: "", value: null }),
  Details: SetFieldDetails,
};
