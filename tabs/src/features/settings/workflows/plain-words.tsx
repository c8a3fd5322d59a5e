/** The workflow in plain words as it is being edited ("When a lead is created, if all of: … then …"), read out as it changes. */
import { Caption1, Text } from "@fluentui/react-components";
import type { Names } from "./describe";
import { describeAction, describeCondition, describeTrigger } from "./describe";
import { useEditorStyles } from "./editor-styles";
import type { WorkflowInput } from "./workflow-api";

export function PlainWords(props: { draft: WorkflowInput; names: Names }) {
  const styles = useEditorStyles();
  const { draft, names } = props;
  const rules = draft.conditions?.rules ?? [];
  return (
    <div aria-live="polite">
      <Text block weight="semibold">
        {describeTrigger(draft.trigger, names)}
        {rules.length > 0 ? `, if ${draft.conditions?.match === "any" ? "any" : "all"} of:` : ":"}
      </Text>
      {rules.length > 0 && (
        <ul className={styles.summary}>
          {rules.map((rule, index) => (
            <li key={index}>{describeCondition(rule, names)}</li>
          ))}
        </ul>
      )}
      <Caption1 block>then</Caption1>
      <ol className={styles.summary}>
        {draft.actions.map((action, index) => (
          <li key={index}>{describeAction(action, names)}</li>
        ))}
        {draft.actions.length === 0 && <li>(nothing yet)</li>}
      </ol>
    </div>
  );
}
