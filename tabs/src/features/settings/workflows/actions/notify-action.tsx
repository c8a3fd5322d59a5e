/** Notify: whom to tell (owner, a person, a role, a channel) and the message, with placeholders. */
import { Field, Textarea } from "@fluentui/react-components";
import { invalid } from "../controls";
import { controlId } from "../describe";
import { RecipientPicker } from "../recipient-picker";
import type { ActionDetailsProps, ActionEditorKind, ActionOf } from "./action-kind";

type Notify = ActionOf<"notify">;

function NotifyDetails({ path: at, n, action, context, onChange }: ActionDetailsProps<Notify>) {
  return (
    <>
      <RecipientPicker path={`${at}.to`} label={`Action ${n}: tell`} value={action.to} context={context} onChange={(to) => onChange({ ...action, to: to ?? { kind: "owner" } })} />
      <Field label={`Action ${n}: message`} hint="{record} is the record's name; {fieldKey} a field's value." {...invalid(context.errors.at(`${at}.message`))}>
        <Textarea id={controlId(`${at}.message`)} value={action.message} maxLength={1000} resize="vertical" onChange={(_, data) => onChange({ ...action, message: data.value })} />
      </Field>
    </>
  );
}

export const notifyAction: ActionEditorKind<Notify> = {
  blank: () => ({ type: "notify", to: { kind: "owner" }, message: `{record} needs your attention.` }),
  Details: NotifyDetails,
};
