/** One workflow: the editor, save/delete, a dry run on a chosen record, a manual run, and its run history. */
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
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Select,
  Spinner,
  Subtitle2,
  Text,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, describeError } from "../../../api/client";
import type { CrmRecord, EntityType, Role } from "../../../api/types";
import { entityLabels, titleField } from "../../../api/types";
import { canSeeAll } from "../../../app/permissions";
import { useSession } from "../../../app/session";
import { ErrorSummary } from "./controls";
import { FieldErrors, concealedText, controlId, namesFor } from "./describe";
import { RunList } from "./run-list";
import type { DryRunResult, RunRecord, Workflow, WorkflowApi, WorkflowInput } from "./workflow-api";
import { WorkflowEditor } from "./workflow-editor";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", minWidth: 0 },
  head: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", justifyContent: "space-between" },
  columns: { display: "grid", gap: "12px", alignItems: "start", gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)", "@media (max-width: 900px)": { gridTemplateColumns: "minmax(0, 1fr)" } },
  side: { display: "flex", flexDirection: "column", gap: "12px", minWidth: 0 },
  buttons: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center" },
  result: { margin: 0, paddingLeft: "20px", display: "flex", flexDirection: "column", gap: "4px", overflowWrap: "anywhere" },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  sticky: {
    position: "sticky",
    bottom: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: "8px 0",
    display: "flex",
    flexWrap: "wrap",
    gap: "8px",
    alignItems: "center",
  },
});

const blank: WorkflowInput = { name: "", description: "", entity: "lead", enabled: true, trigger: { type: "created" }, conditions: { match: "all", rules: [] }, actions: [], roleIds: [] };

const inputOf = (workflow: Workflow): WorkflowInput => ({
  name: workflow.name,
  description: workflow.description,
  entity: workflow.entity,
  enabled: workflow.enabled,
  trigger: workflow.trigger,
  conditions: workflow.conditions,
  actions: workflow.actions,
  roleIds: workflow.roleIds,
  ...(workflow.template ? { template: workflow.template } : {}),
});

export default function WorkflowDetail(props: {
  id: string;
  calls: WorkflowApi;
  roles: readonly Pick<Role, "id" | "name">[];
  notice?: string;
  onClose: () => void;
  onOpen: (id: string, notice?: string) => void;
}) {
  const styles = useStyles();
  const { calls } = props;
  const { forms, pipelines, users, userName } = useSession();
  const isNew = props.id === "new";
  const [saved, setSaved] = useState<Workflow>();
  const [draft, setDraft] = useState<WorkflowInput | undefined>(isNew ? blank : undefined);
  const [loadError, setLoadError] = useState<string>();
  const [errors, setErrors] = useState(new FieldErrors());
  const [notice, setNotice] = useState<{ intent: "success" | "error" | "warning"; text: string } | undefined>(props.notice ? { intent: "success", text: props.notice } : undefined);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [historyVersion, setHistoryVersion] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    if (isNew) return;
    setLoadError(undefined);
    try {
      const workflow = await calls.get(props.id);
      setSaved(workflow);
      setDraft(inputOf(workflow));
    } catch (failure) {
      setLoadError(describeError(failure));
    }
  }, [calls, isNew, props.id]);
  useEffect(() => {
    void load();
  }, [load]);

  const names = useMemo(() => (draft ? namesFor(forms?.[draft.entity]?.fields ?? [], pipelines ?? [], userName, props.roles) : undefined), [draft, forms, pipelines, userName, props.roles]);

  if (loadError) {
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>The workflow could not be loaded: {loadError}</MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => void load()}>Try again</Button>
          <Button onClick={props.onClose}>Back to workflows</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (!draft || !forms || !names) return <Spinner label="Loading the workflow…" />;

  const dirty = !saved || JSON.stringify(inputOf(saved)) !== JSON.stringify(draft);
  const context = { forms, pipelines: pipelines ?? [], users, roles: props.roles, names, errors };

  const showProblems = (failure: unknown, what: string) => {
    if (failure instanceof ApiError && failure.fields.length > 0) {
      setErrors(new FieldErrors(failure.fields));
      setNotice(undefined);
      requestAnimationFrame(() => {
        const first = failure.fields[0]!.field;
        const element = document.getElementById(controlId(first)) ?? summaryRef.current?.querySelector<HTMLElement>("button");
        (element?.matches("input, select, textarea, button") ? element : (element?.querySelector<HTMLElement>("input, select, textarea, button") ?? element))?.focus();
      });
    } else if (failure instanceof ApiError && failure.isConflict) {
      setNotice({ intent: "warning", text: "Someone else changed this workflow since you opened it. Reload it, then apply your change again." });
    } else {
      setNotice({ intent: "error", text: `${what}: ${describeError(failure)}` });
    }
  };

  const save = async () => {
    setBusy(true);
    setNotice(undefined);
    setErrors(new FieldErrors());
    try {
      const result = isNew ? await calls.create(draft) : await calls.save(props.id, draft, saved?.etag);
      setSaved(result);
      setDraft(inputOf(result));
      const text = `“${result.name}” is saved${result.enabled ? " and on" : " (off)"}.`;
      setNotice({ intent: "success", text });
      if (isNew) props.onOpen(result.id, text);
    } catch (failure) {
      showProblems(failure, "Not saved");
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await calls.remove(props.id);
      props.onClose();
    } catch (failure) {
      setConfirmDelete(false);
      setNotice({ intent: "error", text: `Not deleted: ${describeError(failure)}` });
      setBusy(false);
    }
  };

  return (
    <div className={styles.page}>
      <div className={styles.head}>
        <Button onClick={props.onClose}>← All workflows</Button>
        {saved && (
          <Badge appearance="tint" color={saved.enabled ? "success" : "subtle"}>
            {saved.enabled ? "On" : "Off"}
          </Badge>
        )}
      </div>
      <Title3 as="h2" id="workflow-title">
        {isNew ? "New workflow" : saved?.name}
      </Title3>
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
      <div ref={summaryRef}>
        <ErrorSummary title="The workflow cannot be saved yet:" problems={errors.problems} />
      </div>
      <div className={styles.columns}>
        <form
          aria-labelledby="workflow-title"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <WorkflowEditor draft={draft} onChange={setDraft} context={context} />
          <div className={styles.sticky}>
            <Button appearance="primary" type="submit" disabled={busy || !dirty}>
              {busy ? "Saving…" : "Save workflow"}
            </Button>
            {!isNew && dirty && (
              <Button onClick={() => saved && (setDraft(inputOf(saved)), setErrors(new FieldErrors()))} disabled={busy}>
                Undo changes
              </Button>
            )}
            {!isNew && (
              <Button onClick={() => setConfirmDelete(true)} disabled={busy}>
                Delete
              </Button>
            )}
            {dirty && !isNew && <Caption1>Unsaved changes</Caption1>}
          </div>
        </form>
        <div className={styles.side}>
          <TryIt
            draft={draft}
            saved={isNew ? undefined : saved}
            dirty={dirty}
            calls={calls}
            onProblems={(failure) => showProblems(failure, "Dry run failed")}
            onQueued={() => setTimeout(() => setHistoryVersion((version) => version + 1), 2500)}
          />
          {!isNew && <RunHistory id={props.id} calls={calls} version={historyVersion} onRefresh={() => setHistoryVersion((version) => version + 1)} />}
        </div>
      </div>
      {confirmDelete && (
        <Dialog open onOpenChange={(_, data) => !data.open && setConfirmDelete(false)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Delete “{saved?.name}”?</DialogTitle>
              <DialogContent>It stops running at once. Its run history is kept, and the audit log keeps a trace.</DialogContent>
              <DialogActions>
                <Button onClick={() => setConfirmDelete(false)}>Cancel</Button>
                <Button appearance="primary" onClick={() => void remove()} disabled={busy}>
                  Delete workflow
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </div>
  );
}

/** Records to try the workflow on, newest changes first, with a search. */
function useRecordChoices(entity: EntityType, query: string) {
  const { api, me } = useSession();
  const [records, setRecords] = useState<CrmRecord[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    setRecords(undefined);
    setError(undefined);
    const timer = setTimeout(
      () => {
        api
          .list(entity, { pageSize: 50, sort: "updated", ...(canSeeAll(me, entity) ? { owner: "all" } : {}), ...(query.trim() ? { q: query.trim() } : {}) })
          .then((page) => !cancelled && setRecords(page.items))
          .catch((failure: unknown) => !cancelled && setError(describeError(failure)));
      },
      query ? 300 : 0,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, me, entity, query]);
  return { records, error };
}

function TryIt(props: { draft: WorkflowInput; saved: Workflow | undefined; dirty: boolean; calls: WorkflowApi; onProblems: (failure: unknown) => void; onQueued: () => void }) {
  const styles = useStyles();
  const { draft } = props;
  const [query, setQuery] = useState("");
  const { records, error } = useRecordChoices(draft.entity, query);
  const [recordId, setRecordId] = useState("");
  const [result, setResult] = useState<DryRunResult>();
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [busy, setBusy] = useState(false);
  const labels = entityLabels[draft.entity];
  const chosen = records?.find((record) => record.id === recordId) ? recordId : (records?.[0]?.id ?? "");

  useEffect(() => setResult(undefined), [draft]);

  const dryRun = async () => {
    if (!chosen) return;
    setBusy(true);
    setMessage(undefined);
    try {
      setResult(await props.calls.dryRunDraft({ ...draft, enabled: false }, chosen));
    } catch (failure) {
      setResult(undefined);
      if (failure instanceof ApiError && failure.fields.length > 0) props.onProblems(failure);
      else setMessage({ intent: "error", text: `Dry run failed: ${describeError(failure)}` });
    } finally {
      setBusy(false);
    }
  };

  const runNow = async () => {
    if (!chosen || !props.saved) return;
    setBusy(true);
    setMessage(undefined);
    try {
      await props.calls.runNow(props.saved.id, chosen);
      setMessage({ intent: "success", text: "Started: it runs within a few seconds. Its run appears in the history." });
      props.onQueued();
    } catch (failure) {
      setMessage({ intent: "error", text: `Not started: ${describeError(failure)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Subtitle2 as="h3">Try it on a {labels.one.toLowerCase()}</Subtitle2>
      <Caption1>A dry run shows what the workflow as edited would do now. It changes nothing.</Caption1>
      <Field label={`Search ${labels.many.toLowerCase()}`}>
        <Input type="search" value={query} onChange={(_, data) => setQuery(data.value)} />
      </Field>
      <Field label={labels.one} {...(error ? { validationState: "error" as const, validationMessage: error } : {})}>
        <Select value={chosen} disabled={!records || records.length === 0} onChange={(_, data) => setRecordId(data.value)}>
          {!records && <option value="">Loading…</option>}
          {records?.length === 0 && <option value="">No {labels.many.toLowerCase()} found</option>}
          {records?.map((record) => (
            <option key={record.id} value={record.id}>
              {String(record[titleField[draft.entity]] ?? record.id)}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.buttons}>
        <Button onClick={() => void dryRun()} disabled={busy || !chosen}>
          Dry run
        </Button>
        {props.saved && (
          <Button onClick={() => void runNow()} disabled={busy || !chosen} title={props.dirty ? "Runs the saved version, not your unsaved changes" : undefined}>
            Run now{props.dirty ? " (saved version)" : ""}
          </Button>
        )}
      </div>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      <div aria-live="polite">
        {result && (
          <section aria-label="Dry run result">
            <Text block weight="semibold">
              {result.wouldRun === null ? `Whether it would run: ${concealedText.toLowerCase()}.` : result.wouldRun ? "It would run:" : "It would not run: the conditions are not met."}
            </Text>
            <Caption1 block>{result.trigger}</Caption1>
            {result.conditions.results.length > 0 && (
              <ul className={styles.result} aria-label="Conditions">
                {result.conditions.results.map((condition, index) => (
                  <li key={index} className={condition.passed === null ? undefined : condition.passed ? styles.pass : styles.fail}>
                    {condition.passed === null ? "?" : condition.passed ? "✓" : "✗"} {result.conditions.described[index] ?? condition.field}
                    <Caption1>{condition.passed === null ? ` (${concealedText.toLowerCase()})` : ` (it has ${formatActual(condition.actual)})`}</Caption1>
                  </li>
                ))}
              </ul>
            )}
            <ol className={styles.result} aria-label="Actions">
              {result.actions.map((action, index) => (
                <li key={index}>
                  {action.description}
                  <Caption1 block>→ {action.preview}</Caption1>
                </li>
              ))}
            </ol>
          </section>
        )}
      </div>
    </Card>
  );
}

const formatActual = (value: unknown) =>
  value === undefined || value === null || value === ""
    ? "no value"
    : Array.isArray(value)
      ? value.join(", ")
      : typeof value === "string" || typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : JSON.stringify(value);

function RunHistory(props: { id: string; calls: WorkflowApi; version: number; onRefresh: () => void }) {
  const [runs, setRuns] = useState<RunRecord[]>();
  const [token, setToken] = useState<string>();
  const [error, setError] = useState<string>();
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let cancelled = false;
    setError(undefined);
    props.calls
      .runs(props.id, 10)
      .then((page) => {
        if (cancelled) return;
        setRuns(page.items);
        setToken(page.continuationToken);
      })
      .catch((failure: unknown) => !cancelled && setError(describeError(failure)));
    return () => {
      cancelled = true;
    };
  }, [props.calls, props.id, props.version]);

  const more = async () => {
    if (!token) return;
    setLoadingMore(true);
    try {
      const page = await props.calls.runs(props.id, 10, token);
      setRuns((current) => [...(current ?? []), ...page.items]);
      setToken(page.continuationToken);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Card>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 8, flexWrap: "wrap" }}>
        <Subtitle2 as="h3">Run history</Subtitle2>
        <Button size="small" onClick={props.onRefresh}>
          Refresh
        </Button>
      </div>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>The run history could not be loaded: {error}</MessageBarBody>
        </MessageBar>
      )}
      {!runs && !error && <Spinner size="small" label="Loading runs…" />}
      {runs?.length === 0 && <Text>No runs yet.</Text>}
      {runs && runs.length > 0 && (
        <div aria-label="Runs" role="region">
          <RunList runs={runs} showRecord continuation={token ? () => void more() : undefined} loadingMore={loadingMore} />
        </div>
      )}
    </Card>
  );
}
