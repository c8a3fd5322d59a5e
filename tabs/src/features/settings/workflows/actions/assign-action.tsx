/** Assign: one person, or in turn / to whoever has the fewest open records among chosen people and a role. */
import { Field, Select } from "@fluentui/react-components";
import { CheckboxGroup, RoleSelect, UserSelect, invalid } from "../controls";
import { controlId } from "../describe";
import type { ActionDetailsProps, ActionEditorKind, ActionOf } from "./action-kind";

type Assign = ActionOf<"assign">;

function AssignDetails({ path: at, n, action, context, onChange }: ActionDetailsProps<Assign>) {
  const error = (path: string) => context.errors.at(path);
  return (
    <>
      <Field label={`Action ${n}: how to choose`} {...invalid(error(`${at}.strategy`))}>
        <Select
          id={controlId(`${at}.strategy`)}
          value={action.strategy}
          onChange={(_, data) =>
            onChange(
              data.value === "user"
                ? { type: "assign", strategy: "user", userId: "" }
                : { type: "assign", strategy: data.value as "roundRobin" | "leastOpen", pool: action.strategy === "user" ? { userIds: [] } : action.pool },
            )
          }
        >
          <option value="user">One person</option>
          <option value="roundRobin">In turn (round-robin)</option>
          <option value="leastOpen">Whoever has the fewest open records</option>
        </Select>
      </Field>
      {action.strategy === "user" ? (
        <UserSelect
          id={controlId(`${at}.userId`)}
          label={`Action ${n}: person`}
          value={action.userId}
          users={context.users}
          error={error(`${at}.userId`)}
          onChange={(userId) => onChange({ ...action, userId })}
        />
      ) : (
        <>
          <CheckboxGroup
            id={controlId(`${at}.pool.userIds`)}
            label={`Action ${n}: among these people`}
            hint="Inactive people are skipped when the workflow runs."
            options={context.users.map((user) => ({ value: user.userId, label: `${user.displayName}${user.active ? "" : " (inactive)"}` }))}
            chosen={action.pool.userIds ?? []}
            error={error(`${at}.pool.userIds`) ?? error(`${at}.pool`)}
            onChange={(userIds) => onChange({ ...action, pool: { ...action.pool, userIds } })}
          />
          <RoleSelect
            id={controlId(`${at}.pool.roleId`)}
            label={`Action ${n}: and/or everyone with the role`}
            placeholder="No role"
            value={action.pool.roleId ?? ""}
            roles={context.roles}
            error={error(`${at}.pool.roleId`)}
            onChange={(roleId) => {
              const pool = { ...action.pool };
              if (roleId) pool.roleId = roleId;
              else delete pool.roleId;
              onChange({ ...action, pool });
            }}
          />
        </>
      )}
    </>
  );
}

export const assignAction: ActionEditorKind<Assign> = {
  blank: () => ({ type: "assign", strategy: "roundRobin", pool: { userIds: [] } }),
  Details: AssignDetails,
};
