/** The case workflow: statuses, which role may move a case where, and an SLA per priority with its escalation. */
import { Button, Caption1, Card, Field, MessageBar, MessageBarActions, MessageBarBody, Select, Spinner, Subtitle2, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { Role } from "../../../api/types";
import { useSession } from "../../../app/session";
import { CheckboxGroup, DurationInput, ErrorSummary, UserSelect, invalid } from "./controls";
import { FieldErrors, controlId } from "./describe";
import type { CaseWorkflow, StoredCaseWorkflow, WorkflowApi } from "./workflow-api";
import { RecipientPicker } from "./recipient-picker";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", gap: "8px 12px", alignItems: "end" },
  item: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: "8px 12px 12px", margin: 0, minWidth: 0, display: "flex", flexDirection: "column", gap: "8px" },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: "0 4px" },
  muted: { color: tokens.colorNeutralForeground3 },
  buttons: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center" },
});

const strip = ({ statuses, unansweredStatuses, transitions, sla }: CaseWorkflow): CaseWorkflow => ({ statuses, unansweredStatuses, transitions, sla });

export default function CaseWorkflowEditor(props: { calls: WorkflowApi; roles: readonly Pick<Role, "id" | "name">[] }) {
  const styles = useStyles();
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
      setDraft(strip(current));
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
  const allStatuses = [...statusOptions, ...draft.statuses.filter((status) => !statusOptions.includes(status))];
  const error = (path: string) => errors.at(path);
  const dirty = JSON.stringify(strip(stored)) !== JSON.stringify(draft) || !stored.configured;
  const set = (change: Partial<CaseWorkflow>) => setDraft({ ...draft, ...change });

  const save = async () => {
    setBusy(true);
    setNotice(undefined);
    setErrors(new FieldErrors());
    try {
      const saved = await calls.saveCaseWorkflow(draft, stored.etag);
      setStored(saved);
      setDraft(strip(saved));
      setNotice({ intent: "success", text: "The case workflow is saved. Status changes now follow it, for the tab, the bot and the API." });
    } catch (failure) {
      if (failure instanceof ApiError && failure.fields.length > 0) {
        setErrors(new FieldErrors(failure.fields));
        requestAnimationFrame(() => {
          const element = document.getElementById(controlId(failure.fields[0]!.field));
          (element?.matches("input, select, textarea, button") ? element : (element?.querySelector<HTMLElement>("input, select, textarea, button") ?? element))?.focus();
        });
      } else if (failure instanceof ApiError && failure.isConflict) setNotice({ intent: "warning", text: "Someone else changed the case workflow since you opened it. Reload it, then apply your change again." });
      else setNotice({ intent: "error", text: `Not saved: ${describeError(failure)}` });
    } finally {
      setBusy(false);
    }
  };

  const roleOptions = roles.map((role) => ({ value: role.id, label: role.name }));
  return (
    <div className={styles.page}>
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
        <CheckboxGroup
          id={controlId("statuses")}
          label="Statuses in use"
          options={allStatuses.map((status) => ({ value: status, label: status }))}
          chosen={draft.statuses}
          error={error("statuses")}
          onChange={(chosen) => {
            const statuses = allStatuses.filter((status) => chosen.includes(status));
            set({ statuses, unansweredStatuses: draft.unansweredStatuses.filter((status) => statuses.includes(status)) });
          }}
        />
        <CheckboxGroup
          id={controlId("unansweredStatuses")}
          label="Not answered yet while in"
          hint="The SLA clock runs while a case is in one of these."
          options={draft.statuses.map((status) => ({ value: status, label: status }))}
          chosen={draft.unansweredStatuses}
          error={error("unansweredStatuses")}
          onChange={(unansweredStatuses) => set({ unansweredStatuses: draft.statuses.filter((status) => unansweredStatuses.includes(status)) })}
        />
      </Card>

      <Card>
        <Subtitle2 as="h2">Allowed moves</Subtitle2>
        <Caption1>A status change is refused unless a move below allows it for one of the person's roles. A new case may start in any status.</Caption1>
        {draft.transitions.length === 0 && <Text className={styles.muted}>No moves: nobody can change a case's status.</Text>}
        {draft.transitions.map((transition, index) => {
          const at = `transitions[${index}]`;
          const update = (change: Partial<typeof transition>) => set({ transitions: draft.transitions.map((candidate, position) => (position === index ? { ...candidate, ...change } : candidate)) });
          return (
            <fieldset key={index} className={styles.item}>
              <legend className={styles.legend}>Move {index + 1}</legend>
              <div className={styles.row}>
                <Field label={`Move ${index + 1}: from`} {...invalid(error(`${at}.from`) ?? errors.problems.find((problem) => problem.field === at)?.message)}>
                  <Select id={controlId(`${at}.from`)} value={transition.from} onChange={(_, data) => update({ from: data.value })}>
                    <option value="*">Any status</option>
                    {draft.statuses.map((status) => (
                      <option key={status} value={status}>
                        {status}
                      </option>
                    ))}
                    {transition.from !== "*" && !draft.statuses.includes(transition.from) && <option value={transition.from}>{transition.from}</option>}
                  </Select>
                </Field>
                <Field label={`Move ${index + 1}: to`} {...invalid(error(`${at}.to`))}>
                  <Select id={controlId(`${at}.to`)} value={transition.to} onChange={(_, data) => update({ to: data.value })}>
                    {draft.statuses.map((status) => (
                      <option key={status} value={status}>
                        {status}
                      </option>
                    ))}
                    {!draft.statuses.includes(transition.to) && <option value={transition.to}>{transition.to}</option>}
                  </Select>
                </Field>
                <Button appearance="subtle" aria-label={`Remove move ${index + 1}`} onClick={() => set({ transitions: draft.transitions.filter((_, position) => position !== index) })}>
                  Remove
                </Button>
              </div>
              <CheckboxGroup id={controlId(`${at}.roleIds`)} label={`Move ${index + 1}: who may`} options={roleOptions} chosen={transition.roleIds} error={error(`${at}.roleIds`)} onChange={(roleIds) => update({ roleIds })} />
            </fieldset>
          );
        })}
        <div>
          <Button onClick={() => set({ transitions: [...draft.transitions, { from: "*", to: draft.statuses[0] ?? "", roleIds: ["owner"] }] })} disabled={draft.transitions.length >= 200}>
            Add move
          </Button>
        </div>
      </Card>

      <Card>
        <Subtitle2 as="h2">Response times (SLA)</Subtitle2>
        <Caption1>A case of this priority still not answered this long after it was opened is escalated.</Caption1>
        {draft.sla.length === 0 && <Text className={styles.muted}>No SLA: cases are never escalated automatically.</Text>}
        {draft.sla.map((rule, index) => {
          const at = `sla[${index}]`;
          const update = (change: Partial<typeof rule>) => set({ sla: draft.sla.map((candidate, position) => (position === index ? { ...candidate, ...change } : candidate)) });
          const escalate = (change: Partial<typeof rule.escalate>) => {
            const next = { ...rule.escalate, ...change };
            for (const key of Object.keys(next) as (keyof typeof next)[]) if (next[key] === undefined || next[key] === "") delete next[key];
            update({ escalate: next });
          };
          return (
            <fieldset key={index} className={styles.item}>
              <legend className={styles.legend}>SLA {index + 1}</legend>
              <div className={styles.row}>
                <Field label={`SLA ${index + 1}: priority`} {...invalid(error(`${at}.priority`))}>
                  <Select id={controlId(`${at}.priority`)} value={rule.priority} onChange={(_, data) => update({ priority: data.value })}>
                    {priorityOptions.map((priority) => (
                      <option key={priority} value={priority}>
                        {priority}
                      </option>
                    ))}
                    {!priorityOptions.includes(rule.priority) && <option value={rule.priority}>{rule.priority}</option>}
                  </Select>
                </Field>
                <Button appearance="subtle" aria-label={`Remove SLA ${index + 1}`} onClick={() => set({ sla: draft.sla.filter((_, position) => position !== index) })}>
                  Remove
                </Button>
              </div>
              <DurationInput path={`${at}.respondWithin`} label={`SLA ${index + 1}: answer within`} value={rule.respondWithin} error={error} onChange={(respondWithin) => update({ respondWithin })} />
              <div id={controlId(`${at}.escalate`)}>
                {error(`${at}.escalate`) && errors.problems.some((problem) => problem.field === `${at}.escalate`) && (
                  <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
                    {errors.problems.filter((problem) => problem.field === `${at}.escalate`).map((problem) => problem.message).join(" ")}
                  </Text>
                )}
                <RecipientPicker
                  path={`${at}.escalate.notify`}
                  label={`SLA ${index + 1}: notify`}
                  allowNone
                  value={rule.escalate.notify}
                  context={{ users, roles, errors }}
                  onChange={(notify) => escalate({ notify })}
                />
                <div className={styles.row}>
                  <UserSelect
                    id={controlId(`${at}.escalate.reassignToUserId`)}
                    label={`SLA ${index + 1}: reassign to`}
                    placeholder="Nobody (keep the owner)"
                    value={rule.escalate.reassignToUserId ?? ""}
                    users={users}
                    error={error(`${at}.escalate.reassignToUserId`)}
                    onChange={(reassignToUserId) => escalate({ reassignToUserId })}
                  />
                  <Field label={`SLA ${index + 1}: set status`} {...invalid(error(`${at}.escalate.setStatus`))}>
                    <Select id={controlId(`${at}.escalate.setStatus`)} value={rule.escalate.setStatus ?? ""} onChange={(_, data) => escalate({ setStatus: data.value })}>
                      <option value="">Leave as is</option>
                      {draft.statuses.map((status) => (
                        <option key={status} value={status}>
                          {status}
                        </option>
                      ))}
                    </Select>
                  </Field>
                </div>
              </div>
            </fieldset>
          );
        })}
        <div>
          <Button
            onClick={() => set({ sla: [...draft.sla, { priority: priorityOptions.find((priority) => !draft.sla.some((rule) => rule.priority === priority)) ?? priorityOptions[0] ?? "", respondWithin: { amount: 4, unit: "hours" }, escalate: { notify: { kind: "role", roleId: "owner" } } }] })}
            disabled={draft.sla.length >= 20}
          >
            Add SLA
          </Button>
        </div>
      </Card>
      <div className={styles.buttons}>
        <Button appearance="primary" onClick={() => void save()} disabled={busy || !dirty}>
          {busy ? "Saving…" : "Save case workflow"}
        </Button>
        {stored.configured && dirty && (
          <Button onClick={() => (setDraft(strip(stored)), setErrors(new FieldErrors()))} disabled={busy}>
            Undo changes
          </Button>
        )}
      </div>
    </div>
  );
}
