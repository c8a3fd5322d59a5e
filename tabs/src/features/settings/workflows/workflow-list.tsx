/** The tenant's workflows: on/off, what starts each, the last run and failures; new ones from scratch or a template. */
import {
  Badge,
  Button,
  Caption1,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Subtitle2,
  Switch,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { ApiError, describeError } from "../../../api/client";
import { entityLabels } from "../../../api/types";
import { useSession } from "../../../app/session";
import { CheckboxGroup, RoleSelect, invalid } from "./controls";
import { FieldErrors, describeTrigger, namesFor, runStatusText } from "./describe";
import type { Workflow, WorkflowApi, WorkflowSummaryItem, WorkflowTemplate } from "./workflow-api";

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", justifyContent: "space-between" },
  buttons: { display: "flex", flexWrap: "wrap", gap: "8px" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  row: {
    display: "grid",
    gridTemplateColumns: "minmax(0, 1fr) auto",
    gap: "4px 12px",
    padding: "10px 0",
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    alignItems: "center",
  },
  main: { display: "flex", flexDirection: "column", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  meta: { display: "flex", flexWrap: "wrap", gap: "4px 12px", alignItems: "center", color: tokens.colorNeutralForeground3 },
  templates: { display: "flex", flexDirection: "column", gap: "4px" },
  templateText: { display: "block", color: tokens.colorNeutralForeground3, marginLeft: "32px", marginTop: "-6px", marginBottom: "6px" },
  options: { display: "flex", flexDirection: "column", gap: "8px", marginTop: "8px" },
});

interface Row {
  workflow: Workflow;
  lastRun?: WorkflowSummaryItem["lastRun"];
  failures: number;
}

export function WorkflowList(props: { calls: WorkflowApi; onOpen: (id: string, notice?: string) => void }) {
  const styles = useStyles();
  const { calls } = props;
  const { forms, pipelines, userName } = useSession();
  const [rows, setRows] = useState<Row[]>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<{ intent: "success" | "error"; text: string }>();
  const [busy, setBusy] = useState<string>();
  const [choosing, setChoosing] = useState(false);

  const load = useCallback(async () => {
    setError(undefined);
    try {
      // One request: each workflow comes with its last run and open failures.
      const { items } = await calls.list();
      setRows([...items].sort((a, b) => a.name.localeCompare(b.name)).map(({ lastRun, openDeadLetters, ...workflow }) => ({ workflow, lastRun, failures: openDeadLetters ?? 0 })));
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [calls]);
  useEffect(() => {
    void load();
  }, [load]);

  const toggle = async (workflow: Workflow, enabled: boolean) => {
    setBusy(workflow.id);
    setNotice(undefined);
    try {
      const saved = await calls.setEnabled(workflow.id, enabled);
      setRows((current) => current?.map((row) => (row.workflow.id === workflow.id ? { ...row, workflow: saved } : row)));
      setNotice({ intent: "success", text: `“${workflow.name}” is ${enabled ? "on" : "off"}.` });
    } catch (failure) {
      const fields = failure instanceof ApiError ? failure.fields.map((problem) => problem.message).join(" ") : "";
      setNotice({ intent: "error", text: `“${workflow.name}” was not turned ${enabled ? "on" : "off"}: ${fields || describeError(failure)}` });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card>
      <div className={styles.bar}>
        <Subtitle2 as="h2">Workflows</Subtitle2>
        <div className={styles.buttons}>
          <Button appearance="primary" onClick={() => setChoosing(true)}>
            Start from a template
          </Button>
          <Button onClick={() => props.onOpen("new")}>New workflow</Button>
        </div>
      </div>
      {notice && (
        <MessageBar intent={notice.intent} role={notice.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>The workflows could not be loaded: {error}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => void load()}>Try again</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {!rows && !error && <Spinner label="Loading workflows…" />}
      {rows && rows.length === 0 && <Text>No workflows yet. Start from a template (round-robin new leads, stalled deal reminders, case escalation, won deals to a channel) or build one.</Text>}
      {rows && rows.length > 0 && (
        <ul className={styles.list} aria-label="Workflows">
          {rows.map(({ workflow, lastRun, failures }) => {
            const names = namesFor(forms?.[workflow.entity]?.fields ?? [], pipelines ?? [], userName, []);
            const status = lastRun ? runStatusText[lastRun.status] : undefined;
            return (
              <li key={workflow.id} className={styles.row}>
                <div className={styles.main}>
                  <Link as="button" onClick={() => props.onOpen(workflow.id)} style={{ textAlign: "start" }}>
                    {workflow.name}
                  </Link>
                  <Caption1>
                    {entityLabels[workflow.entity].many} · {describeTrigger(workflow.trigger, names)} · {workflow.actions.length} {workflow.actions.length === 1 ? "action" : "actions"}
                  </Caption1>
                  <div className={styles.meta}>
                    <Caption1>
                      Last run:{" "}
                      {lastRun && status ? (
                        <>
                          <Badge appearance="tint" size="small" color={status.color}>
                            {status.label}
                          </Badge>{" "}
                          <time dateTime={lastRun.finishedAt}>{new Date(lastRun.finishedAt || lastRun.causedAt).toLocaleString()}</time>
                        </>
                      ) : (
                        "never"
                      )}
                    </Caption1>
                    <Caption1>
                      {failures > 0 ? (
                        <Badge appearance="filled" size="small" color="danger">
                          {failures} failed {failures === 1 ? "run" : "runs"}
                        </Badge>
                      ) : (
                        "No failures"
                      )}
                    </Caption1>
                  </div>
                </div>
                <Switch
                  aria-label={`${workflow.name} is on`}
                  checked={workflow.enabled}
                  disabled={busy === workflow.id}
                  onChange={(_, data) => void toggle(workflow, data.checked)}
                  label={workflow.enabled ? "On" : "Off"}
                />
              </li>
            );
          })}
        </ul>
      )}
      {choosing && <TemplateDialog calls={calls} onClose={() => setChoosing(false)} onCreated={(id, notice) => props.onOpen(id, notice)} />}
    </Card>
  );
}

function TemplateDialog(props: { calls: WorkflowApi; onClose: () => void; onCreated: (id: string, notice: string) => void }) {
  const styles = useStyles();
  const { api, users } = useSession();
  const [templates, setTemplates] = useState<WorkflowTemplate[]>();
  const [roles, setRoles] = useState<{ id: string; name: string }[]>([]);
  const [chosen, setChosen] = useState<string>("");
  const [userIds, setUserIds] = useState<string[]>([]);
  const [roleId, setRoleId] = useState("");
  const [channelId, setChannelId] = useState("");
  const [enabled, setEnabled] = useState(true);
  const [errors, setErrors] = useState(new FieldErrors());
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    props.calls
      .templates()
      .then((page) => {
        setTemplates(page.items);
        setChosen((current) => current || page.items[0]?.id || "");
      })
      .catch((failure: unknown) => setMessage(describeError(failure)));
    api
      .roles()
      .then((page) => setRoles(page.items))
      .catch(() =>
        setRoles([
          { id: "owner", name: "Owner" },
          { id: "member", name: "Member" },
        ]),
      );
  }, [api, props.calls]);

  const template = templates?.find((candidate) => candidate.id === chosen);
  const create = async () => {
    if (!template) return;
    setBusy(true);
    setMessage(undefined);
    setErrors(new FieldErrors());
    try {
      const options: { userIds?: string[]; roleId?: string; channelId?: string; enabled: boolean } = { enabled };
      if (template.id === "round-robin-new-leads") {
        if (userIds.length > 0) options.userIds = userIds;
        else options.roleId = roleId || "member";
      }
      if (template.id === "escalate-unanswered-cases" && roleId) options.roleId = roleId;
      if (template.id === "deal-won-to-channel" || template.needs.includes("channelId")) options.channelId = channelId;
      const created = await props.calls.fromTemplate(template.id, options);
      props.onCreated(created.id, `“${created.name}” is created from the template${created.enabled ? " and on" : " (off)"}. Adjust it below if you like.`);
    } catch (failure) {
      if (failure instanceof ApiError && failure.fields.length > 0) {
        // Template choices map onto the template's actions: name them by what the Owner picked.
        const mapped = failure.fields.map((problem) => ({
          field: /pool\.userIds/.test(problem.field) ? "userIds" : /pool\.roleId|to\.roleId/.test(problem.field) ? "roleId" : /channelId/.test(problem.field) ? "channelId" : problem.field,
          message: problem.message,
        }));
        setErrors(new FieldErrors(mapped));
        const shown = new Set(["userIds", "roleId", "channelId"]);
        const rest = mapped.filter((problem) => !shown.has(problem.field.replace(/\[\d+\]$/, "")));
        setMessage(rest.length > 0 ? rest.map((problem) => problem.message).join(" ") : failure.message);
      } else setMessage(describeError(failure));
      setBusy(false);
    }
  };

  const active = users.filter((user) => user.active);
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && props.onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Start from a template</DialogTitle>
          <DialogContent>
            {message && (
              <MessageBar intent="error" role="alert">
                <MessageBarBody>{message}</MessageBarBody>
              </MessageBar>
            )}
            {!templates && !message && <Spinner label="Loading templates…" />}
            {templates && (
              <Field label="Template">
                <RadioGroup value={chosen} onChange={(_, data) => setChosen(data.value)} className={styles.templates}>
                  {templates.map((candidate) => (
                    <div key={candidate.id}>
                      <Radio value={candidate.id} label={candidate.name} aria-describedby={`template-${candidate.id}`} />
                      <Caption1 id={`template-${candidate.id}`} className={styles.templateText}>
                        {candidate.description}
                      </Caption1>
                    </div>
                  ))}
                </RadioGroup>
              </Field>
            )}
            {template && (
              <div className={styles.options}>
                {template.id === "round-robin-new-leads" && (
                  <>
                    <CheckboxGroup
                      id="template-users"
                      label="Spread new leads among"
                      hint="Pick the people, or leave empty to use everyone with the role below."
                      options={active.map((user) => ({ value: user.userId, label: user.displayName }))}
                      chosen={userIds}
                      onChange={setUserIds}
                      error={errors.at("userIds")}
                    />
                    {userIds.length === 0 && <RoleSelect id="template-role" label="Everyone with the role" value={roleId || "member"} roles={roles} onChange={setRoleId} error={errors.at("roleId")} />}
                  </>
                )}
                {template.id === "escalate-unanswered-cases" && (
                  <RoleSelect id="template-role" label="Tell everyone with the role" value={roleId || "owner"} roles={roles} onChange={setRoleId} error={errors.at("roleId")} />
                )}
                {(template.id === "deal-won-to-channel" || template.needs.includes("channelId")) && (
                  <Field label="Teams channel id" required hint="From the channel's link in Teams (19:…@thread.tacv2)." {...invalid(errors.at("channelId"))}>
                    <Input value={channelId} onChange={(_, data) => setChannelId(data.value.trim())} />
                  </Field>
                )}
                <Switch label="Turn it on now" checked={enabled} onChange={(_, data) => setEnabled(data.checked)} />
              </div>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={props.onClose}>Cancel</Button>
            <Button appearance="primary" disabled={!template || busy} onClick={() => void create()}>
              {busy ? "Creating…" : "Create workflow"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
