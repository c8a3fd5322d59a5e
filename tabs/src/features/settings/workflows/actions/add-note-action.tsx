/** Add a note: its text, with {record} and {fieldKey} placeholders. */
import { Field, Textarea } from "@fluentui/react-components";
import { invalid } from "../controls";
import { controlId } from "../describe";
import type { ActionDetailsProps, ActionEditorKind, ActionOf } from "./action-kind";

type AddNote = ActionOf<"addNote">;

function AddNoteDetails({ path: at, n, action, context, onChange }: ActionDetailsProps<AddNote>) {
  return (
    <Field label={`Action ${n}: note`} hint="{record} is the record's name; {fieldKey} a field's value." {...invalid(context.errors.at(`${at}.text`))}>
      <Textarea id={controlId(`${at}.text`)} value={action.text} maxLength={2000} resize="vertical" onChange={(_, data) => onChange({ ...action, text: data.value })} />
    </Field>
  );
}

export const addNoteAction: ActionEditorKind<AddNote> = {
  blank: () => ({ type: "addNote", text: "" }),
  Details: AddNoteDetails,
};
