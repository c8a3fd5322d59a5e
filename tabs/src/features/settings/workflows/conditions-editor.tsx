/** "Only if": all or any of a list of conditions; adding one focuses its field picker. */
import { Button, Field, MessageBar, MessageBarBody, Select, Text } from "@fluentui/react-components";
import { ConditionRow } from "./condition-row";
import { invalid } from "./controls";
import type { FieldChoice } from "./describe";
import { controlId } from "./describe";
import type { EditorContext } from "./editor-context";
import { useEditorStyles } from "./editor-styles";
import type { Condition, ConditionGroup } from "./workflow-api";

export function ConditionsEditor(props: { conditions: ConditionGroup; fields: readonly FieldChoice[]; one: string; context: EditorContext; onChange: (conditions: ConditionGroup) => void }) {
  const styles = useEditorStyles();
  const { conditions, fields, context, onChange } = props;
  const error = (path: string) => context.errors.at(path);
  const setRule = (index: number, rule: Condition) => onChange({ ...conditions, rules: conditions.rules.map((candidate, at) => (at === index ? rule : candidate)) });
  return (
    <>
      <Field label="Which conditions must hold" {...invalid(error("conditions.match"))}>
        <Select id={controlId("conditions.match")} value={conditions.match} onChange={(_, data) => onChange({ ...conditions, match: data.value as "all" | "any" })}>
          <option value="all">All of these</option>
          <option value="any">Any of these</option>
        </Select>
      </Field>
      {conditions.rules.length === 0 && <Text className={styles.muted}>No conditions: it acts on every {props.one} the trigger picks.</Text>}
      {error("conditions.rules") && !conditions.rules.length && (
        <MessageBar intent="error">
          <MessageBarBody>{error("conditions.rules")}</MessageBarBody>
        </MessageBar>
      )}
      {conditions.rules.map((rule, index) => (
        <ConditionRow
          key={index}
          index={index}
          rule={rule}
          fields={fields}
          context={context}
          onChange={(next) => setRule(index, next)}
          onRemove={() => onChange({ ...conditions, rules: conditions.rules.filter((_, at) => at !== index) })}
        />
      ))}
      <div>
        <Button
          onClick={() => {
            const field = fields[0]!;
            onChange({ ...conditions, rules: [...conditions.rules, { field: field.key, op: "notEmpty" }] });
            requestAnimationFrame(() => document.getElementById(controlId(`conditions.rules[${conditions.rules.length}].field`))?.focus());
          }}
        >
          Add condition
        </Button>
      </div>
    </>
  );
}
