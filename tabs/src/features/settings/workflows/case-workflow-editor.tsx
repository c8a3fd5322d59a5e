/**
 * The case workflow: statuses, which role may move a case where, and an SLA per priority
 * with its escalation. This file loads and saves (with the ETag, a 412 offering to
 * reload); the parts are case-statuses, case-transition-row and case-sla-rule, and the
 * pure steps case-workflow-draft.
 */
import { Button, Caption1, Card, MessageBar, MessageBarActions, MessageBarBody, Spinner, Subtitle2, Text } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { Role } from "../../../api/types";
import { useSession } from "../../../app/session";
import { CaseSlaRule } from "./case-sla-rule";
import { CaseStatuses } from "./case-statuses";
import { CaseTransitionRow } from "./case-transition-row";
import { draftOf, isDirty, maxSlaRules, maxTransitions, newSlaRule, newTransition, removeAt, replaceAt, statusChoices } from "./case-workflow-draft";
import { ErrorSummary } from "./controls";
import { FieldErrors, controlId } from "./describe";
import { useEditorStyles } from "./editor-styles";
import type { CaseWorkflow, StoredCaseWorkflow, WorkflowApi } from "./workflow-api";

export default function CaseWorkflowEditor(props: { calls: WorkflowApi; roles: readonly Pick<Role, "id" | "name">[] }) {
  const styles = useEditorStyles();
  const { calls, roles } = props;
  const { forms, users } = useSession();
  const [stored, setStored] = useState<StoredCaseWorkflow>();
  const [draft, setDraft] = useState<CaseWorkflow>();
  const [loadError, setLoadError] = useState<string>();
  const [errors, setErrors] = useState(new FieldErrors());
  const [notice, setNotice] = useState<{ intent: "success" | "error" | "warning"; text: string }>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setLoadError(undefined);
    try {
      const current = await calls.caseWorkflow();
      setStored(current);
      setDraft(draftOf(current));
      setErrors(new FieldErrors());
    } catch (failure) {
      setLoadError(describeError(failure));
    }
  }, [calls]);
  useEffect(() => {
    void load();
  }, [load]);

  if (loadError) {
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>The case workflow could not be loaded: {loadError}</MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => void load()}>Try again</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (!draft || !stored || !forms) return <Spinner label="Loading the case workflow…" />;

  const caseFields = forms.case?.fields ?? [];
  const statusOptions = caseFields.find((field) => field.key === "status")?.options ?? [];
  const priorityOptions = caseFields.find((field) => field.key === "priority")?.options ?? [];
  const dirty = isDirty(stored, draft);
  const set = (change: Partial<CaseWorkflow>) => setDraft({ ...draft, ...change });

  const save = async () => {
    setBusy(true);
    setNotice(undefined);
    setErrors(new FieldErrors());
    try {
      const saved = await calls.saveCaseWorkflow(draft, stored.etag);
      setStored(saved);
      setDraft(draftOf(saved));
      setNotice({ intent: "success", text: "The case workflow is saved. Status changes now follow it, for the tab, the bot and the API." });
    } catch (failure) {
      if (failure instanceof ApiError && failure.fields.length > 0) {
        setErrors(new FieldErrors(failure.fields));
        requestAnimationFrame(() => {
          const element = document.getElementById(controlId(failure.fields[0]!.field));
          (element?.matches("input, select, textarea, button") ? element : (element?.querySelector<HTMLElement>("input, select, textarea, button") ?? element))?.focus();
        });
      } else if (failure instanceof ApiError && failure.isConflict)
        setNotice({ intent: "warning", text: "Someone else changed the case workflow since you opened it. Reload it, then apply your change again." });
      else setNotice({ intent: "error", text: `Not saved: ${describeError(failure)}` });
    } finally {
      setBusy(false);
    }
  };

  const roleOptions = roles.map((role) => ({ value: role.id, label: role.name }));
  return (
    <div className={styles.form}>
      {!stored.configured && (
        <MessageBar intent="info">
          <MessageBarBody>No case workflow is saved yet, so any status change is allowed. Below is a suggested start: save it to enforce it.</MessageBarBody>
        </MessageBar>
      )}
      {notice && (
        <MessageBar intent={notice.intent} role={notice.intent === "success" ? "status" : "alert"}>
          <MessageBarBody>{notice.text}</MessageBarBody>
          {notice.intent === "warning" && (
            <MessageBarActions>
              <Button onClick={() => void load()}>Reload</Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
      <ErrorSummary title="The case workflow cannot be saved yet:" problems={errors.problems} />
      <Card>
        <Subtitle2 as="h2">Statuses</Subtitle2>
        <Caption1>Statuses are the options of the case form's Status field; add new ones in Settings → Forms.</Caption1>
        <CaseStatuses draft={draft} choices={statusChoices(statusOptions, draft)} errors={errors} onChange={setDraft} />
      </Card>

      <Card>
        <Subtitle2 as="h2">Allowed moves</Subtitle2>
        <Caption1>A status change is refused unless a move below allows it for one of the person's roles. A new case may start in any status.</Caption1>
        {draft.transitions.length === 0 && <Text className={styles.muted}>No moves: nobody can change a case's status.</Text>}
        {draft.transitions.map((transition, index) => (
          <CaseTransitionRow
            key={index}
            index={index}
            transition={transition}
            statuses={draft.statuses}
            roles={roleOptions}
            errors={errors}
            onChange={(changed) => set({ transitions: replaceAt(draft.transitions, index, changed) })}
            onRemove={() => set({ transitions: removeAt(draft.transitions, index) })}
          />
        ))}
        <div>
          <Button onClick={() => set({ transitions: [...draft.transitions, newTransition(draft)] })} disabled={draft.transitions.length >= maxTransitions}>
            Add move
          </Button>
        </div>
      </Card>

      <Card>
        <Subtitle2 as="h2">Response times (SLA)</Subtitle2>
        <Caption1>A case of this priority still not answered this long after it was opened is escalated.</Caption1>
        {draft.sla.length === 0 && <Text className={styles.muted}>No SLA: cases are never escalated automatically.</Text>}
        {draft.sla.map((rule, index) => (
          <CaseSlaRule
            key={index}
            index={index}
            rule={rule}
            priorities={priorityOptions}
            statuses={draft.statuses}
            users={users}
            roles={roles}
            errors={errors}
            onChange={(changed) => set({ sla: replaceAt(draft.sla, index, changed) })}
            onRemove={() => set({ sla: removeAt(draft.sla, index) })}
          />
        ))}
        <div>
          <Button onClick={() => set({ sla: [...draft.sla, newSlaRule(draft, priorityOptions)] })} disabled={draft.sla.length >= maxSlaRules}>
            Add SLA
          </Button>
        </div>
      </Card>
      <div className={styles.buttons}>
        <Button appearance="primary" onClick={() => void save()} disabled={busy || !dirty}>
          {busy ? "Saving…" : "Save case workflow"}
        </Button>
        {stored.configured && dirty && (
          <Button onClick={() => (setDraft(draftOf(stored)), setErrors(new FieldErrors()))} disabled={busy}>
            Undo changes
          </Button>
        )}
      </div>
    </div>
  );
}
