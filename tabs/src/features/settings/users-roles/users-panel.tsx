import {
  Button,
  Caption1,
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
import { useCallback, useEffect, useMemo, useState } from "react";
import type { FormEvent } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { Role, User, UserChanges } from "../../../api/types";
import { useSession } from "../../../app/session";
import type { AccessGrant, ApprovalPolicy } from "../../approvals/access-api";
import { accessApi } from "../../approvals/access-api";
import { readableDate } from "../../approvals/access-words";
import type { GrantReasonDraft } from "../../approvals/grant-reason-fields";
import { fieldErrorsOf, reasonBody } from "../../approvals/grant-reason-fields";
import type { HeldGrant } from "./grant-reason-dialog";
import { GrantReasonDialog } from "./grant-reason-dialog";

/** A role change waiting for its reason: what was asked, and what the dialog shows. */
interface Held extends HeldGrant {
  user: User;
  changes: RoleOrActive;
}
type RoleOrActive = Partial<Pick<User, "roleIds" | "active">>;

/** Where a user came from, in words. */
const sourceWords: Record<User["source"], string> = { roster: "Teams roster", manual: "Added by hand", import: "Team import", signIn: "Signed in" };

const useStyles = makeStyles({ wrap: { overflowX: "auto" }, until: { display: "block" }, add: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" }, roles: { minWidth: "180px" } });

export function UsersPanel(props: { roles: Role[] }) {
  const styles = useStyles();
  const { api, me, users, reloadUsers } = useSession();
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [newUser, setNewUser] = useState({ userId: "", displayName: "", email: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const roleName = (id: string) => props.roles.find((role) => role.id === id)?.name ?? id;
  const access = useMemo(() => accessApi(api), [api]);
  const [policies, setPolicies] = useState<ApprovalPolicy[]>([]);
  const [grants, setGrants] = useState<AccessGrant[]>([]);
  const [held, setHeld] = useState<Held>();
  const [busy, setBusy] = useState(false);
  // Who may give roles may read the policies and the time-bound grants; a failure only hides the "until" dates.
  const reloadAccess = useCallback(async () => {
    const [policyList, grantList] = await Promise.all([access.policies(), access.grants()]).catch(() => [undefined, undefined]);
    setPolicies(policyList?.items ?? []);
    setGrants(grantList?.items ?? []);
  }, [access]);
  // Read again when the panel opens: people who signed in or were added since the tab loaded show up.
  useEffect(() => {
    void reloadAccess();
    reloadUsers().catch(() => undefined);
  }, [reloadAccess, reloadUsers]);
  const grantOf = (user: User, roleId: string) => grants.find((grant) => grant.userId === user.userId && grant.roleId === roleId);

  const change = async (user: User, changes: RoleOrActive, reason?: GrantReasonDraft) => {
    setMessage(undefined);
    const added = (changes.roleIds ?? []).filter((roleId) => !user.roleIds.includes(roleId));
    const addedPolicies = policies.filter((policy) => added.includes(policy.roleId));
    // A role with a policy needs a reason before anything is sent; the server may still ask for one (an exception to a conflict rule).
    if (!reason && addedPolicies.length > 0) {
      setHeld({ user, changes, userName: user.displayName, roleNames: addedPolicies.map((policy) => roleName(policy.roleId)), policies: addedPolicies, errors: {} });
      return;
    }
    setBusy(true);
    try {
      const body: UserChanges = { ...changes, ...(reason ? { access: reasonBody(reason) } : {}) };
      const saved = await api.updateUser(user.userId, body, user.etag);
      setHeld(undefined);
      const waiting = saved.pendingRequests ?? [];
      setMessage({
        intent: "success",
        text: waiting.length > 0 ? waiting.map((request) => `${request.roleName} waits for approval.`).join(" ") : `${user.displayName} updated.`,
      });
    } catch (failure) {
      const fields = fieldErrorsOf(failure);
      const asksForReason = failure instanceof ApiError && failure.status === 400 && failure.fields.some((problem) => problem.field.startsWith("access."));
      if (asksForReason) {
        setHeld({ user, changes, userName: user.displayName, roleNames: added.map(roleName), policies: addedPolicies, errors: reason ? fields : {}, message: failure.message });
      } else {
        setHeld(undefined);
        setMessage({ intent: "error", text: describeError(failure) });
      }
    } finally {
      setBusy(false);
      await Promise.all([reloadUsers(), reloadAccess()]);
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
              <TableHeaderCell>From</TableHeaderCell>
              <TableHeaderCell>Last seen</TableHeaderCell>
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
                  {user.roleIds.map((roleId) => {
                    const grant = grantOf(user, roleId);
                    return grant ? (
                      <Caption1 key={roleId} className={styles.until}>
                        {roleName(roleId)} until {readableDate(grant.endsAt)}
                      </Caption1>
                    ) : null;
                  })}
                </TableCell>
                <TableCell>
                  <Switch
                    aria-label={`${user.displayName} is active`}
                    checked={user.active}
                    disabled={user.userId === me.user.id}
                    onChange={(_, data) => void change(user, { active: data.checked })}
                  />
                </TableCell>
                <TableCell>{sourceWords[user.source]}</TableCell>
                <TableCell>{user.lastSeenAt ? readableDate(user.lastSeenAt) : "Not yet"}</TableCell>
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
      {held && (
        <GrantReasonDialog
          key={`${held.user.userId}-${(held.changes.roleIds ?? []).join()}`}
          held={held}
          roleName={roleName}
          busy={busy}
          onSend={(draft) => void change(held.user, held.changes, draft)}
          onCancel={() => setHeld(undefined)}
        />
      )}
    </Card>
  );
}
