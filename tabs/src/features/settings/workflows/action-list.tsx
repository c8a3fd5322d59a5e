/**
 * "Then": the workflow's actions in order, each with its editor and buttons to move it
 * up or down (focus follows the moved action) or remove it; at most 20.
 */
import { Button, MessageBar, MessageBarBody, Text } from "@fluentui/react-components";
import type { EntityType, FieldDefinition } from "../../../api/types";
import { ActionEditor, newAction } from "./actions/action-editor";
import { controlId } from "./describe";
import type { EditorContext } from "./editor-context";
import { useEditorStyles } from "./editor-styles";
import type { WorkflowAction } from "./workflow-api";

export const maxActions = 20;

export function ActionList(props: { actions: readonly WorkflowAction[]; entity: EntityType; form: readonly FieldDefinition[]; context: EditorContext; onChange: (actions: WorkflowAction[]) => void }) {
  const styles = useEditorStyles();
  const { actions, context, onChange } = props;
  const listProblems = context.errors.problems.filter((problem) => problem.field === "actions");
  const focusType = (index: number) => requestAnimationFrame(() => document.getElementById(controlId(`actions[${index}].type`))?.focus());
  const move = (index: number, by: -1 | 1) => {
    const next = [...actions];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    onChange(next);
    focusType(index + by);
  };
  return (
    <>
      {listProblems.length > 0 && (
        <MessageBar intent="error">
          <MessageBarBody>{listProblems.map((problem) => problem.message).join(" ")}</MessageBarBody>
        </MessageBar>
      )}
      {actions.length === 0 && <Text className={styles.muted}>No actions yet: add what the workflow does.</Text>}
      {actions.map((action, index) => (
        <fieldset key={index} className={styles.item}>
          <legend className={styles.legend}>Action {index + 1}</legend>
          <ActionEditor
            path={`actions[${index}]`}
            action={action}
            entity={props.entity}
            form={props.form}
            context={context}
            onChange={(changed) => onChange(actions.map((candidate, at) => (at === index ? changed : candidate)))}
          />
          <div className={styles.tools}>
            <Button size="small" appearance="subtle" aria-label={`Move action ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
              ↑ Up
            </Button>
            <Button size="small" appearance="subtle" aria-label={`Move action ${index + 1} down`} disabled={index === actions.length - 1} onClick={() => move(index, 1)}>
              ↓ Down
            </Button>
            <Button size="small" appearance="subtle" aria-label={`Remove action ${index + 1}`} onClick={() => onChange(actions.filter((_, at) => at !== index))}>
              Remove
            </Button>
          </div>
        </fieldset>
      ))}
      <div>
        <Button
          disabled={actions.length >= maxActions}
          onClick={() => {
            onChange([...actions, newAction("notify", context)]);
            focusType(actions.length);
          }}
        >
          Add action
        </Button>
      </div>
    </>
  );
}
