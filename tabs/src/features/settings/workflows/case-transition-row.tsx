/** One allowed move of the case workflow: from a status (or any), to a status, and the roles that may make it. */
import { Button, Field, Select } from "@fluentui/react-components";
import { CheckboxGroup, invalid } from "./controls";
import type { FieldErrors } from "./describe";
import { controlId } from "./describe";
import { useEditorStyles } from "./editor-styles";
import type { CaseTransition } from "./workflow-api";

export function CaseTransitionRow(props: {
  index: number;
  transition: CaseTransition;
  statuses: readonly string[];
  roles: readonly { value: string; label: string }[];
  errors: FieldErrors;
  onChange: (transition: CaseTransition) => void;
  onRemove: () => void;
}) {
  const styles = useEditorStyles();
  const { index, transition, statuses, errors } = props;
  const at = `transitions[${index}]`;
  const error = (path: string) => errors.at(path);
  const update = (change: Partial<CaseTransition>) => props.onChange({ ...transition, ...change });
  return (
    <fieldset className={styles.item}>
      <legend className={styles.legend}>Move {index + 1}</legend>
      <div className={styles.row}>
        {/* A problem with the move as a whole (a duplicate) shows on where it starts. */}
        <Field label={`Move ${index + 1}: from`} {...invalid(error(`${at}.from`) ?? errors.problems.find((problem) => problem.field === at)?.message)}>
          <Select id={controlId(`${at}.from`)} value={transition.from} onChange={(_, data) => update({ from: data.value })}>
            <option value="*">Any status</option>
            {statuses.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
            {transition.from !== "*" && !statuses.includes(transition.from) && <option value={transition.from}>{transition.from}</option>}
          </Select>
        </Field>
        <Field label={`Move ${index + 1}: to`} {...invalid(error(`${at}.to`))}>
          <Select id={controlId(`${at}.to`)} value={transition.to} onChange={(_, data) => update({ to: data.value })}>
            {statuses.map((status) => (
              <option key={status} value={status}>
                {status}
              </option>
            ))}
            {!statuses.includes(transition.to) && <option value={transition.to}>{transition.to}</option>}
          </Select>
        </Field>
        <Button appearance="subtle" aria-label={`Remove move ${index + 1}`} onClick={props.onRemove}>
          Remove
        </Button>
      </div>
      <CheckboxGroup
        id={controlId(`${at}.roleIds`)}
        label={`Move ${index + 1}: who may`}
        options={props.roles}
        chosen={transition.roleIds}
        error={error(`${at}.roleIds`)}
        onChange={(roleIds) => update({ roleIds })}
      />
    </fieldset>
  );
}
