/** Starting an access review: whose access, who reviews, by when, and what happens to people nobody decided about. */
import { Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Radio, RadioGroup, Switch, makeStyles } from "@fluentui/react-components";
import { useState } from "react";
import { ApiError, describeError } from "../../api/client";
import type { Role } from "../../api/types";
import type { AccessReview, AccessReviewInput } from "./reviews-api";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: "12px" },
  roles: { display: "flex", flexWrap: "wrap", gap: "0 12px", paddingLeft: "24px" },
});

interface StartReviewDialogProps {
  roles: readonly Role[];
  start: (input: AccessReviewInput) => Promise<AccessReview>;
  onStarted: (review: AccessReview) => void;
  onClose: () => void;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export function StartReviewDialog(props: StartReviewDialogProps) {
  const styles = useStyles();
  const [name, setName] = useState(`Access review ${new Date().toLocaleDateString(undefined, { month: "long", year: "numeric" })}`);
  const [everyone, setEveryone] = useState(true);
  const [scopeRoles, setScopeRoles] = useState<string[]>([]);
  const [byOwners, setByOwners] = useState(true);
  const [reviewerRoles, setReviewerRoles] = useState<string[]>([]);
  const [dueAt, setDueAt] = useState(inDays(14));
  const [whenUndecided, setWhenUndecided] = useState<"keep" | "remove">("keep");
  const [repeatQuarterly, setRepeatQuarterly] = useState(false);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const choosable = props.roles.filter((role) => role.id !== "member");

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    setProblems({});
    try {
      const review = await props.start({
        name,
        scope: everyone ? { kind: "allUsers" } : { kind: "roles", roleIds: scopeRoles },
        reviewers: byOwners ? { kind: "owners" } : { kind: "roles", roleIds: reviewerRoles },
        // The end of the chosen day, where the reviewer is.
        dueAt: new Date(`${dueAt}T23:59:00`).toISOString(),
        whenUndecided,
        repeatQuarterly,
      });
      props.onStarted(review);
    } catch (problem) {
      const fields = problem instanceof ApiError ? problem.fields : [];
      if (fields.length > 0) setProblems(Object.fromEntries(fields.map((field) => [field.field.split(".")[0]!, field.message])));
      else setError(describeError(problem));
    } finally {
      setBusy(false);
    }
  };

  const rolePicker = (label: string, chosen: string[], choose: (next: string[]) => void) => (
    <div className={styles.roles} role="group" aria-label={label}>
      {choosable.map((role) => (
        <Checkbox key={role.id} label={role.name} checked={chosen.includes(role.id)} onChange={(_, data) => choose(data.checked ? [...chosen, role.id] : chosen.filter((id) => id !== role.id))} />
      ))}
    </div>
  );

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Start an access review</DialogTitle>
          <DialogContent className={styles.form}>
            <Field label="Name" required validationMessage={problems.name}>
              <Input value={name} maxLength={120} onChange={(_, data) => setName(data.value)} />
            </Field>
            <Field label="Whose access" validationMessage={problems.scope}>
              <RadioGroup value={everyone ? "all" : "roles"} onChange={(_, data) => setEveryone(data.value === "all")}>
                <Radio value="all" label="Everyone" />
                <Radio value="roles" label="Holders of these roles" />
              </RadioGroup>
              {!everyone && rolePicker("Roles to review", scopeRoles, setScopeRoles)}
            </Field>
            <Field label="Who reviews" validationMessage={problems.reviewers}>
              <RadioGroup value={byOwners ? "owners" : "roles"} onChange={(_, data) => setByOwners(data.value === "owners")}>
                <Radio value="owners" label="Owners" />
                <Radio value="roles" label="Holders of these roles" />
              </RadioGroup>
              {!byOwners && rolePicker("Reviewer roles", reviewerRoles, setReviewerRoles)}
            </Field>
            <Field label="Decide by" required validationMessage={problems.dueAt}>
              <Input type="date" value={dueAt} onChange={(_, data) => setDueAt(data.value)} />
            </Field>
            <Field label="People nobody decided about by then">
              <RadioGroup value={whenUndecided} onChange={(_, data) => setWhenUndecided(data.value as "keep" | "remove")}>
                <Radio value="keep" label="Keep their access" />
                <Radio value="remove" label="Lose the reviewed roles (Owners are always kept)" />
              </RadioGroup>
            </Field>
            <Switch label="Start the next review like this one every quarter" checked={repeatQuarterly} onChange={(_, data) => setRepeatQuarterly(data.checked)} />
            {error && <div role="alert">The review did not start: {error}</div>}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={props.onClose}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={busy} onClick={() => void submit()}>
              {busy ? "Starting…" : "Start review"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
