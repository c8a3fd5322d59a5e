/**
 * When a manager gives a role that needs approval, the same flow asks why and until
 * when, and the change is sent again with `access: { justification, endsAt }`.
 */
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Text, makeStyles } from "@fluentui/react-components";
import { useState } from "react";
import type { FormEvent } from "react";
import type { ApprovalPolicy } from "../../approvals/access-api";
import { policyInWords } from "../../approvals/access-words";
import type { GrantReasonDraft } from "../../approvals/grant-reason-fields";
import { GrantReasonFields, missingReason } from "../../approvals/grant-reason-fields";

const useStyles = makeStyles({ form: { display: "flex", flexDirection: "column", gap: "12px" } });

export interface HeldGrant {
  userName: string;
  roleNames: string[];
  /** The strictest of the added roles' policies, when they have one. */
  policies: ApprovalPolicy[];
  /** Field problems the server gave for `access.*`, shown beside the fields. */
  errors: Record<string, string>;
  message?: string;
}

/** One policy that asks for everything any of them asks: a reason if one does, the shortest longest grant. */
export function strictest(policies: ApprovalPolicy[]): Pick<ApprovalPolicy, "maxDays" | "justificationRequired"> {
  const days = policies.flatMap((policy) => (policy.maxDays ? [policy.maxDays] : []));
  return { justificationRequired: policies.length === 0 || policies.some((policy) => policy.justificationRequired), ...(days.length ? { maxDays: Math.min(...days) } : {}) };
}

export function GrantReasonDialog(props: { held: HeldGrant; roleName: (id: string) => string; busy: boolean; onSend: (draft: GrantReasonDraft) => void; onCancel: () => void }) {
  const styles = useStyles();
  const { held } = props;
  const [draft, setDraft] = useState<GrantReasonDraft>({ justification: "", endsAt: "" });
  const [local, setLocal] = useState<Record<string, string>>({});
  const policy = strictest(held.policies);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = missingReason(policy, draft);
    setLocal(missing);
    if (Object.keys(missing).length === 0) props.onSend(draft);
  };
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && props.onCancel()}>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>
              Giving {held.roleNames.join(" and ")} to {held.userName} needs approval
            </DialogTitle>
            <DialogContent className={styles.form}>
              {held.message && <Text>{held.message}</Text>}
              {held.policies.map((candidate) => (
                <Text key={candidate.roleId}>
                  {props.roleName(candidate.roleId)}: {policyInWords(candidate, props.roleName)}.
                </Text>
              ))}
              <Text>Nothing changes until it is approved.</Text>
              <GrantReasonFields policy={policy} draft={draft} onChange={setDraft} errors={{ ...held.errors, ...local }} />
            </DialogContent>
            <DialogActions>
              <Button onClick={props.onCancel}>Cancel</Button>
              <Button type="submit" appearance="primary" disabled={props.busy}>
                Ask for approval
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
