/** Who owns a record, for those who may assign it: any user, and the current owner even when no longer listed. */
import { Field, Select, makeStyles } from "@fluentui/react-components";
import type { User } from "../../api/types";

const useStyles = makeStyles({ field: { maxWidth: "320px" } });

export function OwnerPicker(props: { ownerId: string; users: readonly User[]; disabled: boolean; onChange: (userId: string) => void }) {
  const styles = useStyles();
  const { ownerId, users } = props;
  return (
    <Field label="Owner" className={styles.field}>
      <Select value={ownerId} disabled={props.disabled} onChange={(_, data) => props.onChange(data.value)}>
        {!users.some((user) => user.userId === ownerId) && <option value={ownerId}>{ownerId}</option>}
        {users.map((user) => (
          <option key={user.userId} value={user.userId}>
            {user.displayName}
          </option>
        ))}
      </Select>
    </Field>
  );
}
