/** "Visibility per role" for one field: hidden, read only or read and write, for each custom role. */
import { Field, Select, Text, makeStyles } from "@fluentui/react-components";
import type { EntityType, FieldAccess, Role } from "../../../api/types";
import { fieldAccessLevels } from "../../../api/types";
import type { RuleChanges } from "./role-rules";
import { accessLabels, ruleOf } from "./role-rules";

const useStyles = makeStyles({ grid: { display: "grid", gap: "8px 12px", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 180px), 1fr))" } });

export function RoleVisibility(props: { entity: EntityType; fieldKey: string; roles: readonly Role[]; changes: RuleChanges; onChange: (roleId: string, access: FieldAccess) => void }) {
  const styles = useStyles();
  return (
    <div>
      <Text weight="semibold" size={200}>
        Visibility per role
      </Text>
      {props.roles.length === 0 ? (
        <Text as="p" size={200}>
          Owner and Member see every field. Create a custom role under Users & roles to hide or lock this field for it.
        </Text>
      ) : (
        <div className={styles.grid}>
          {props.roles.map((role) => (
            <Field key={role.id} label={role.name}>
              <Select value={ruleOf(role, props.entity, props.fieldKey, props.changes)} onChange={(_, data) => props.onChange(role.id, data.value as FieldAccess)}>
                {fieldAccessLevels.map((level) => (
                  <option key={level} value={level}>
                    {accessLabels[level]}
                  </option>
                ))}
              </Select>
            </Field>
          ))}
        </div>
      )}
    </div>
  );
}
