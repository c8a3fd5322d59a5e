import {
  Button,
  Card,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle2,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from "@fluentui/react-components";
import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { Role, User } from "../../../api/types";
import { useSession } from "../../../app/session";

const useStyles = makeStyles({ wrap: { overflowX: "auto" }, add: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" }, roles: { minWidth: "180px" } });

export function UsersPanel(props: { roles: Role[] }) {
  const styles = useStyles();
  const { api, me, users, reloadUsers } = useSession();
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [newUser, setNewUser] = useState({ userId: "", displayName: "", email: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const roleName = (id: string) => props.roles.find((role) => role.id === id)?.name ?? id;

  const change = async (user: User, changes: Partial<Pick<User, "roleIds" | "active">>) => {
    setMessage(undefined);
    try {
      await api.updateUser(user.userId, changes, user.etag);
      await reloadUsers();
      setMessage({ intent: "success", text: `${user.displayName} updated.` });
    } catch (failure) {
      setMessage({ intent: "error", text: describeError(failure) });
      await reloadUsers();
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      await api.addUser({ userId: newUser.userId.trim(), displayName: newUser.displayName.trim(), ...(newUser.email.trim() ? { email: newUser.email.trim() } : {}) });
      setNewUser({ userId: "", displayName: "", email: "" });
      await reloadUsers();
      setMessage({ intent: "success", text: "User added as a Member." });
    } catch (failure) {
      if (failure instanceof ApiError) setErrors(Object.fromEntries(failure.fields.map((problem) => [problem.field.replace(/^(body\.|\/)/, ""), problem.message])));
      setMessage({ intent: "error", text: describeError(failure) });
    }
  };

  return (
    <Card>
      <Subtitle2 as="h2">Users</Subtitle2>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.wrap}>
        <Table size="small" aria-label="Users">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>User id</TableHeaderCell>
              <TableHeaderCell>Roles</TableHeaderCell>
              <TableHeaderCell>Active</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {users.map((user) => (
              <TableRow key={user.userId}>
                <TableCell>{user.displayName}</TableCell>
                <TableCell>{user.userId}</TableCell>
                <TableCell>
                  <Dropdown
                    className={styles.roles}
                    aria-label={`Roles of ${user.displayName}`}
                    multiselect
                    value={user.roleIds.map(roleName).join(", ")}
                    selectedOptions={user.roleIds}
                    onOptionSelect={(_, data) => data.selectedOptions.length > 0 && void change(user, { roleIds: data.selectedOptions })}
                  >
                    {props.roles.map((role) => (
                      <Option key={role.id} value={role.id}>
                        {role.name}
                      </Option>
                    ))}
                  </Dropdown>
                </TableCell>
                <TableCell>
                  <Switch
                    aria-label={`${user.displayName} is active`}
                    checked={user.active}
                    disabled={user.userId === me.user.id}
                    onChange={(_, data) => void change(user, { active: data.checked })}
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <form className={styles.add} onSubmit={(event) => void add(event)} aria-label="Add a user" noValidate>
        <Field label="User id" required validationState={errors.userId ? "error" : "none"} validationMessage={errors.userId}>
          <Input value={newUser.userId} onChange={(_, data) => setNewUser({ ...newUser, userId: data.value })} />
        </Field>
        <Field label="Display name" required validationState={errors.displayName ? "error" : "none"} validationMessage={errors.displayName}>
          <Input value={newUser.displayName} onChange={(_, data) => setNewUser({ ...newUser, displayName: data.value })} />
        </Field>
        <Field label="Email" validationState={errors.email ? "error" : "none"} validationMessage={errors.email}>
          <Input type="email" value={newUser.email} onChange={(_, data) => setNewUser({ ...newUser, email: data.value })} />
        </Field>
        <Button type="submit" disabled={!newUser.userId.trim() || !newUser.displayName.trim()}>
          Add user
        </Button>
      </form>
    </Card>
  );
}
