/** One condition of "Only if": a field, a test that suits its kind, and a value when the test needs one. */
import { Button, Field, Select, Text } from "@fluentui/react-components";
import { ValueInput, invalid } from "./controls";
import type { FieldChoice } from "./describe";
import { controlId, operatorLabels, operatorsFor } from "./describe";
import type { EditorContext } from "./editor-context";
import { useEditorStyles } from "./editor-styles";
import type { Condition, ConditionOperator } from "./workflow-api";

export function ConditionRow(props: { index: number; rule: Condition; fields: readonly FieldChoice[]; context: EditorContext; onChange: (rule: Condition) => void; onRemove: () => void }) {
  const styles = useEditorStyles();
  const { rule, index, fields, context } = props;
  const at = `conditions.rules[${index}]`;
  const error = (path: string) => context.errors.at(path);
  const field = fields.find((candidate) => candidate.key === rule.field);
  const operators = operatorsFor(field?.kind ?? "text");
  const many = rule.op === "in" || rule.op === "notIn";
  const needsValue = rule.op !== "empty" && rule.op !== "notEmpty";
  const setOp = (op: ConditionOperator) => {
    const next: Condition = { field: rule.field, op };
    const wasMany = many;
    const isMany = op === "in" || op === "notIn";
    if (op !== "empty" && op !== "notEmpty" && rule.value !== undefined && wasMany === isMany) next.value = rule.value;
    props.onChange(next);
  };
  return (
    <fieldset className={styles.item}>
      <legend className={styles.legend}>Condition {index + 1}</legend>
      <div className={styles.row}>
        <Field label={`Condition ${index + 1}: field`} {...invalid(error(`${at}.field`))}>
          <Select
            id={controlId(`${at}.field`)}
            value={rule.field}
            onChange={(_, data) =>
              props.onChange({ field: data.value, op: operatorsFor(fields.find((candidate) => candidate.key === data.value)?.kind ?? "text").includes(rule.op) ? rule.op : "notEmpty" })
            }
          >
            {!field && <option value={rule.field}>{rule.field}</option>}
            {fields.map((candidate) => (
              <option key={candidate.key} value={candidate.key}>
                {candidate.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={`Condition ${index + 1}: test`} {...invalid(error(`${at}.op`))}>
          <Select id={controlId(`${at}.op`)} value={rule.op} onChange={(_, data) => setOp(data.value as ConditionOperator)}>
            {(operators.includes(rule.op) ? operators : [rule.op, ...operators]).map((op) => (
              <option key={op} value={op}>
                {operatorLabels[op]}
              </option>
            ))}
          </Select>
        </Field>
        {needsValue && (
          <div className={styles.grow}>
            <ValueInput
              id={controlId(`${at}.value`)}
              label={`Condition ${index + 1}: value`}
              field={field}
              many={many}
              value={rule.value}
              users={context.users}
              error={error(`${at}.value`)}
              onChange={(value) => {
                const next: Condition = { field: rule.field, op: rule.op };
                if (value !== undefined) next.value = value;
                props.onChange(next);
              }}
            />
          </div>
        )}
        <Button appearance="subtle" aria-label={`Remove condition ${index + 1}`} onClick={props.onRemove}>
          Remove
        </Button>
      </div>
      {error(at) && context.errors.problems.some((problem) => problem.field === at) && (
        <Text role="alert">
          {context.errors.problems
            .filter((problem) => problem.field === at)
            .map((problem) => problem.message)
            .join(" ")}
        </Text>
      )}
    </fieldset>
  );
}
