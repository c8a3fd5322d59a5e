/** Create a task or reminder: its title, when it is due, and for whom (the record's owner or a person). */
import { Field, Input, Select } from "@fluentui/react-components";
import { DurationInput, UserSelect, invalid } from "../controls";
import { controlId } from "../describe";
import { defaultDuration } from "../editor-context";
import { useEditorStyles } from "../editor-styles";
import type { ActionDetailsProps, ActionEditorKind, ActionOf } from "./action-kind";

type CreateTask = ActionOf<"createTask">;

function CreateTaskDetails({ path: at, n, action, context, onChange }: ActionDetailsProps<CreateTask>) {
  const styles = useEditorStyles();
  const error = (path: string) => context.errors.at(path);
  return (
    <>
      <div className={styles.row}>
        <Field label={`Action ${n}: kind`} {...invalid(error(`${at}.kind`))}>
          <Select id={controlId(`${at}.kind`)} value={action.kind} onChange={(_, data) => onChange({ ...action, kind: data.value as "task" | "reminder" })}>
            <option value="task">Task</option>
            <option value="reminder">Reminder (also sent in chat when due)</option>
          </Select>
        </Field>
        <Field className={styles.grow} label={`Action ${n}: title`} {...invalid(error(`${at}.title`))}>
          <Input id={controlId(`${at}.title`)} value={action.title} maxLength={200} onChange={(_, data) => onChange({ ...action, title: data.value })} />
        </Field>
      </div>
      <DurationInput path={`${at}.due`} label={`Action ${n}: due in`} value={action.due} error={error} onChange={(due) => onChange({ ...action, due })} />
      <div className={styles.row}>
        <Field label={`Action ${n}: for`} {...invalid(error(`${at}.assignTo`))}>
          <Select
            id={controlId(`${at}.assignTo`)}
            value={action.assignTo.kind}
            onChange={(_, data) => onChange({ ...action, assignTo: data.value === "owner" ? { kind: "owner" } : { kind: "user", userId: "" } })}
          >
            <option value="owner">The record's owner</option>
            <option value="user">A person</option>
          </Select>
        </Field>
        {action.assignTo.kind === "user" && (
          <UserSelect
            id={controlId(`${at}.assignTo.userId`)}
            label={`Action ${n}: person`}
            value={action.assignTo.userId}
            users={context.users}
            error={error(`${at}.assignTo.userId`)}
            onChange={(userId) => onChange({ ...action, assignTo: { kind: "user", userId } })}
          />
        )}
      </div>
    </>
  );
}

export const createTaskAction: ActionEditorKind<CreateTask> = {
  blank: () => ({ type: "createTask", kind: "task", title: "Follow up on {record}", due: defaultDuration, assignTo: { kind: "owner" } }),
  Details: CreateTaskDetails,
};
