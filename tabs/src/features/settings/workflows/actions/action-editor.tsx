/**
 * One action of a workflow: what to do (the type picker), then that kind's own settings.
 * Each kind lives in its own file beside this one, as the server's actions do
 * (shared/src/workflows/actions/); the map below must name every action type, so a new
 * type without an editor does not compile.
 */
import { Field, Select } from "@fluentui/react-components";
import type { EntityType, FieldDefinition } from "../../../../api/types";
import { invalid } from "../controls";
import { actionLabels, controlId } from "../describe";
import type { EditorContext } from "../editor-context";
import { actionsFor } from "../editor-context";
import type { ActionType, WorkflowAction } from "../workflow-api";
import type { ActionEditorKind, ActionOf } from "./action-kind";
import { addNoteAction } from "./add-note-action";
import { assignAction } from "./assign-action";
import { createTaskAction } from "./create-task-action";
import { moveStageAction } from "./move-stage-action";
import { noopAction } from "./noop-action";
import { notifyAction } from "./notify-action";
import { setFieldAction } from "./set-field-action";

const kinds: { [T in ActionType]: ActionEditorKind<ActionOf<T>> } = {
  assign: assignAction,
  setField: setFieldAction,
  moveStage: moveStageAction,
  addNote: addNoteAction,
  createTask: createTaskAction,
  notify: notifyAction,
  noop: noopAction,
};
const kindOf = <A extends WorkflowAction>(action: Pick<A, "type">): ActionEditorKind<A> => kinds[action.type] as unknown as ActionEditorKind<A>;

/** The action as it starts when someone picks its type. */
export const newAction = (type: ActionType, context: Pick<EditorContext, "pipelines">): WorkflowAction => kinds[type].blank(context);

export function ActionEditor(props: {
  path: string;
  action: WorkflowAction;
  entity: EntityType;
  form: readonly FieldDefinition[];
  context: EditorContext;
  onChange: (action: WorkflowAction) => void;
}) {
  const { action, path: at, context, onChange } = props;
  const error = context.errors.at(`${at}.type`);
  const n = Number(/\[(\d+)\]/.exec(at)?.[1] ?? 0) + 1;
  const Details = kindOf(action).Details;
  return (
    <>
      {/* A stage move's "not on this entity" shows on its stage instead. */}
      <Field label={`Action ${n}: what to do`} {...invalid(error && action.type !== "moveStage" ? error : undefined)}>
        <Select id={controlId(`${at}.type`)} value={action.type} onChange={(_, data) => onChange(newAction(data.value as ActionType, context))}>
          {actionsFor(props.entity).map((type) => (
            <option key={type} value={type}>
              {actionLabels[type]}
            </option>
          ))}
        </Select>
      </Field>
      {Details && <Details path={at} n={n} action={action} form={props.form} context={context} onChange={onChange} />}
    </>
  );
}
