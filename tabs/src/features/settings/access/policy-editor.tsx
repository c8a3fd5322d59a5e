/**
 * Per role, the approval policy in words, and an editor for it: whether granting needs
 * approval, who approves and how many, the longest grant, a reason, when an undecided
 * request expires. Saved with the ETag it was read with (If-Match).
 */
import { Button, Card, Dropdown, Field, Input, MessageBar, MessageBarBody, Option, Radio, RadioGroup, Spinner, Subtitle2, Switch, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { Role } from "../../../api/types";
import type { AccessApi, ApprovalPolicy, ApprovalPolicyInput } from "../../approvals/access-api";
import { defaultPolicy, policyInWords } from "../../approvals/access-words";

const useStyles = makeStyles({
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  item: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: "8px", paddingBottom: "8px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  grow: { flexGrow: 1, minWidth: "200px" },
  editor: { display: "flex", flexDirection: "column", gap: "12px", width: "100%", padding: "12px", border: `1px solid ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium },
  row: { display: "flex", flexWrap: "wrap", gap: "12px", alignItems: "end" },
  number: { width: "120px" },
});

interface Draft {
  roleId: string;
  needsApproval: boolean;
  approvers: "owners" | "roles";
  approverRoleIds: string[];
  approvalsNeeded: 1 | 2;
  permanent: boolean;
  maxDays: string;
  justificationRequired: boolean;
  expiresAfterDays: string;
  etag?: string;
}

function draftOf(roleId: string, policy: ApprovalPolicy | undefined): Draft {
  const base = policy ?? { ...defaultPolicy, roleId };
  return {
    roleId,
    needsApproval: Boolean(policy),
    approvers: base.approvers.kind,
    approverRoleIds: base.approvers.kind === "roles" ? [...base.approvers.roleIds] : [],
    approvalsNeeded: base.approvalsNeeded >= 2 ? 2 : 1,
    permanent: base.maxDays === undefined,
    maxDays: String(base.maxDays ?? 30),
    justificationRequired: base.justificationRequired,
    expiresAfterDays: String(base.expiresAfterDays),
    ...(policy?.etag ? { etag: policy.etag } : {}),
  };
}

function inputOf(draft: Draft): ApprovalPolicyInput {
  return {
    approvers: draft.approvers === "owners" ? { kind: "owners" } : { kind: "roles", roleIds: draft.approverRoleIds },
    approvalsNeeded: draft.approvalsNeeded,
    ...(draft.permanent ? {} : { maxDays: Number(draft.maxDays) }),
    justificationRequired: draft.justificationRequired,
    expiresAfterDays: Number(draft.expiresAfterDays),
  };
}

export function PolicyEditor(props: { access: AccessApi; roles: Role[]; policies: ApprovalPolicy[]; onChanged: () => Promise<void> }) {
  const styles = useStyles();
  const [draft, setDraft] = useState<Draft>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [busy, setBusy] = useState(false);
  const roleName = (id: string) => props.roles.find((role) => role.id === id)?.name ?? "a deleted role";
  const policyOf = (roleId: string) => props.policies.find((policy) => policy.roleId === roleId);
  // Member is everyone's base role: nobody asks for it, so it has no policy.
  const governed = props.roles.filter((role) => role.id !== "member");

  const save = async () => {
    if (!draft) return;
    setBusy(true);
    setMessage(undefined);
    setErrors({});
    try {
      const name = roleName(draft.roleId);
      if (draft.needsApproval) await props.access.savePolicy(draft.roleId, inputOf(draft), draft.etag);
      else if (policyOf(draft.roleId)) await props.access.deletePolicy(draft.roleId);
      setDraft(undefined);
      setMessage({ intent: "success", text: draft.needsApproval ? `The approval policy for ${name} is saved.` : `Giving ${name} no longer needs approval.` });
      await props.onChanged();
    } catch (failure) {
      if (failure instanceof ApiError)
        setErrors(Object.fromEntries(failure.fields.map((problem) => [problem.field.replace(/^(body\.|\/)/, "").replace(/^approvers.*/, "approvers"), problem.message])));
      setMessage({ intent: "error", text: describeError(failure) });
      if (failure instanceof ApiError && failure.isConflict) {
        setDraft(undefined);
        await props.onChanged();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Subtitle2 as="h2">Approval policies</Subtitle2>
      <Text>Which roles need approval before someone gets them, who approves, and for how long.</Text>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <ul className={styles.list} aria-label="Approval policies">
        {governed.map((role) => {
          const policy = policyOf(role.id);
          const editing = draft?.roleId === role.id;
          return (
            <li key={role.id} className={styles.item}>
              <Text weight="semibold">{role.name}</Text>
              <Text className={styles.grow}>{policy ? `${policyInWords(policy, roleName)}.` : "Given without approval (asking for it yourself: an Owner approves)."}</Text>
              {!editing && (
                <Button size="small" aria-label={`Edit the approval policy for ${role.name}`} onClick={() => (setErrors({}), setDraft(draftOf(role.id, policy)))}>
                  Edit
                </Button>
              )}
              {editing && draft && <DraftEditor draft={draft} roles={props.roles} errors={errors} onChange={setDraft} />}
              {editing && (
                <div className={styles.row}>
                  <Button appearance="primary" disabled={busy} onClick={() => void save()}>
                    {busy ? "Saving…" : `Save policy for ${role.name}`}
                  </Button>
                  <Button disabled={busy} onClick={() => setDraft(undefined)}>
                    Cancel
                  </Button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {governed.length === 0 && <Spinner label="Loading roles…" size="small" />}
    </Card>
  );
}

function DraftEditor(props: { draft: Draft; roles: Role[]; errors: Record<string, string>; onChange: (draft: Draft) => void }) {
  const styles = useStyles();
  const { draft, errors } = props;
  const set = (changes: Partial<Draft>) => props.onChange({ ...draft, ...changes });
  const approverRoles = props.roles.filter((role) => role.id !== "member");
  const nameOf = (id: string) => props.roles.find((role) => role.id === id)?.name ?? id;
  return (
    <div className={styles.editor} role="group" aria-label={`Approval policy for ${nameOf(draft.roleId)}`}>
      <Switch label="Needs approval" checked={draft.needsApproval} onChange={(_, data) => set({ needsApproval: data.checked })} />
      {draft.needsApproval && (
        <>
          <Field label="Who approves" validationState={errors.approvers ? "error" : "none"} validationMessage={errors.approvers}>
            <RadioGroup value={draft.approvers} onChange={(_, data) => set({ approvers: data.value as Draft["approvers"] })} layout="horizontal">
              <Radio value="owners" label="Owners" />
              <Radio value="roles" label="Holders of chosen roles" />
            </RadioGroup>
          </Field>
          {draft.approvers === "roles" && (
            <Field label="Approving roles" required>
              <Dropdown
                multiselect
                placeholder="Choose roles"
                value={draft.approverRoleIds.map(nameOf).join(", ")}
                selectedOptions={draft.approverRoleIds}
                onOptionSelect={(_, data) => set({ approverRoleIds: data.selectedOptions })}
              >
                {approverRoles.map((role) => (
                  <Option key={role.id} value={role.id}>
                    {role.name}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          )}
          <Field label="Approvals needed">
            <RadioGroup value={String(draft.approvalsNeeded)} onChange={(_, data) => set({ approvalsNeeded: data.value === "2" ? 2 : 1 })} layout="horizontal">
              <Radio value="1" label="One" />
              <Radio value="2" label="Two" />
            </RadioGroup>
          </Field>
          <div className={styles.row}>
            <Switch label="Permanent allowed" checked={draft.permanent} onChange={(_, data) => set({ permanent: data.checked })} />
            {!draft.permanent && (
              <Field label="Longest grant in days" validationState={errors.maxDays ? "error" : "none"} validationMessage={errors.maxDays}>
                <Input className={styles.number} type="number" min={1} max={366} value={draft.maxDays} onChange={(_, data) => set({ maxDays: data.value })} />
              </Field>
            )}
          </div>
          <Switch label="Justification required" checked={draft.justificationRequired} onChange={(_, data) => set({ justificationRequired: data.checked })} />
          <Field label="Undecided requests expire after (days)" validationState={errors.expiresAfterDays ? "error" : "none"} validationMessage={errors.expiresAfterDays}>
            <Input className={styles.number} type="number" min={1} max={90} value={draft.expiresAfterDays} onChange={(_, data) => set({ expiresAfterDays: data.value })} />
          </Field>
        </>
      )}
    </div>
  );
}
