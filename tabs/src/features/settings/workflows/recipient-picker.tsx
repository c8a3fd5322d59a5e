/** Whom to tell: the record's owner, a person, everyone with a role, or a Teams channel (or nobody, where that is allowed). */
import { Field, Input, Select } from "@fluentui/react-components";
import { RoleSelect, UserSelect, invalid } from "./controls";
import { controlId } from "./describe";
import type { EditorContext } from "./editor-context";
import { useEditorStyles } from "./editor-styles";
import type { Recipient } from "./workflow-api";

export function RecipientPicker(props: {
  path: string;
  label: string;
  value: Recipient | undefined;
  context: Pick<EditorContext, "users" | "roles" | "errors">;
  onChange: (value: Recipient | undefined) => void;
  allowNone?: boolean;
}) {
  const styles = useEditorStyles();
  const { path, value, context } = props;
  const error = (at: string) => context.errors.at(at);
  return (
    <div className={styles.row}>
      <Field label={props.label} {...invalid(error(path) && !value ? error(path) : error(`${path}.kind`))}>
        <Select
          id={controlId(`${path}.kind`)}
          value={value?.kind ?? ""}
          onChange={(_, data) => {
            const kind = data.value;
            props.onChange(kind === "owner" ? { kind } : kind === "user" ? { kind, userId: "" } : kind === "role" ? { kind, roleId: "" } : kind === "channel" ? { kind, channelId: "" } : undefined);
          }}
        >
          {props.allowNone && <option value="">Nobody</option>}
          <option value="owner">The record's owner</option>
          <option value="user">A person</option>
          <option value="role">Everyone with a role</option>
          <option value="channel">A Teams channel</option>
        </Select>
      </Field>
      {value?.kind === "user" && (
        <UserSelect
          id={controlId(`${path}.userId`)}
          label={`${props.label}: person`}
          value={value.userId}
          users={context.users}
          error={error(`${path}.userId`)}
          onChange={(userId) => props.onChange({ kind: "user", userId })}
        />
      )}
      {value?.kind === "role" && (
        <RoleSelect
          id={controlId(`${path}.roleId`)}
          label={`${props.label}: role`}
          value={value.roleId}
          roles={context.roles}
          error={error(`${path}.roleId`)}
          onChange={(roleId) => props.onChange({ kind: "role", roleId })}
        />
      )}
      {value?.kind === "channel" && (
        <Field className={styles.grow} label={`${props.label}: channel id`} hint="From the channel's link in Teams (19:…@thread.tacv2)." {...invalid(error(`${path}.channelId`))}>
          <Input id={controlId(`${path}.channelId`)} value={value.channelId} onChange={(_, data) => props.onChange({ kind: "channel", channelId: data.value.trim() })} />
        </Field>
      )}
    </div>
  );
}
