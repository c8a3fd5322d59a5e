/** "My tasks": the follow-ups and reminders workflows gave the signed-in user; tick one off, open its record. */
import { Badge, Button, Caption1, Card, Checkbox, Link, MessageBar, MessageBarActions, MessageBarBody, Spinner, Subtitle2, Switch, Text, Title3, makeStyles, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import { describeError } from "../../api/client";
import { entityLabels } from "../../api/types";
import { routeHref } from "../../app/route";
import { useSession } from "../../app/session";
import type { WorkflowTask } from "./tasks-api";
import { tasksApi } from "./tasks-api";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "800px", margin: "0 auto" },
  head: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", justifyContent: "space-between" },
  list: { listStyle: "none", margin: 0, padding: 0 },
  item: { display: "grid", gridTemplateColumns: "auto minmax(0, 1fr)", gap: "0 4px", alignItems: "start", padding: "8px 0", borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  body: { display: "flex", flexDirection: "column", gap: "2px", paddingTop: "6px", minWidth: 0, overflowWrap: "anywhere" },
  meta: { display: "flex", flexWrap: "wrap", gap: "4px 8px", alignItems: "center" },
  overdue: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
  done: { textDecorationLine: "line-through", color: tokens.colorNeutralForeground3 },
  hidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
});

const day = 86_400_000;
function dueText(dueAt: string, now: number): { text: string; overdue: boolean } {
  const due = Date.parse(dueAt);
  const when = new Date(due).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  if (due < now) return { text: `Overdue: was due ${when}`, overdue: true };
  const startOfToday = new Date(now).setHours(0, 0, 0, 0);
  if (due < startOfToday + day) return { text: `Due today, ${new Date(due).toLocaleTimeString(undefined, { timeStyle: "short" })}`, overdue: false };
  if (due < startOfToday + 2 * day) return { text: `Due tomorrow, ${new Date(due).toLocaleTimeString(undefined, { timeStyle: "short" })}`, overdue: false };
  return { text: `Due ${when}`, overdue: false };
}

export default function TasksView() {
  const styles = useStyles();
  const { api } = useSession();
  const calls = useMemo(() => tasksApi(api), [api]);
  const [tasks, setTasks] = useState<WorkflowTask[]>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const [showDone, setShowDone] = useState(false);
  const [busy, setBusy] = useState<string>();
  // When the list was read: "overdue" and "due today" are measured from it, not from each render.
  const [now, setNow] = useState(Date.now);

  const load = useCallback(async () => {
    setError(undefined);
    try {
      setTasks((await calls.list()).items);
      setNow(Date.now());
    } catch (problem) {
      setError(describeError(problem));
    }
  }, [calls]);
  useEffect(() => {
    void load();
  }, [load]);

  const toggle = async (task: WorkflowTask, done: boolean) => {
    setBusy(task.id);
    setFailure(undefined);
    setTasks((current) => current?.map((candidate) => (candidate.id === task.id ? { ...candidate, done } : candidate)));
    try {
      const saved = await calls.setDone(task.id, done);
      setTasks((current) => current?.map((candidate) => (candidate.id === task.id ? saved : candidate)));
      setNotice(done ? `“${task.title}” is done.` : `“${task.title}” is open again.`);
    } catch (problem) {
      setTasks((current) => current?.map((candidate) => (candidate.id === task.id ? task : candidate)));
      setFailure(`“${task.title}” was not changed: ${describeError(problem)}`);
    } finally {
      setBusy(undefined);
    }
  };

  const open = (tasks ?? []).filter((task) => !task.done).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const done = (tasks ?? []).filter((task) => task.done).sort((a, b) => (b.doneAt ?? "").localeCompare(a.doneAt ?? ""));
  const overdue = open.filter((task) => Date.parse(task.dueAt) < now).length;

  const item = (task: WorkflowTask) => {
    const due = dueText(task.dueAt, now);
    return (
      <li key={task.id} className={styles.item}>
        <Checkbox aria-label={`${task.title}: done`} checked={task.done} disabled={busy === task.id} onChange={(_, data) => void toggle(task, Boolean(data.checked))} />
        <div className={styles.body}>
          <Text weight="semibold" className={task.done ? styles.done : undefined}>
            {task.title}
          </Text>
          <div className={styles.meta}>
            <Badge appearance="tint" size="small" color={task.kind === "reminder" ? "warning" : "brand"}>
              {task.kind === "reminder" ? "Reminder" : "Task"}
            </Badge>
            {task.done ? (
              <Caption1>Done{task.doneAt ? ` ${new Date(task.doneAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}` : ""}</Caption1>
            ) : (
              <Caption1 className={due.overdue ? styles.overdue : undefined}>
                <time dateTime={task.dueAt}>{due.text}</time>
              </Caption1>
            )}
            <Link href={routeHref.record(task.entity, task.recordId)}>Open the {entityLabels[task.entity]?.one.toLowerCase() ?? "record"}</Link>
          </div>
        </div>
      </li>
    );
  };

  return (
    <section className={styles.page} aria-labelledby="tasks-title">
      <div className={styles.head}>
        <Title3 as="h1" id="tasks-title">
          My tasks
        </Title3>
        <Button onClick={() => void load()}>Refresh</Button>
      </div>
      <div aria-live="polite" className={styles.hidden}>
        {notice}
      </div>
      {failure && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{failure}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>Your tasks could not be loaded: {error}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => void load()}>Try again</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {!tasks && !error && <Spinner label="Loading your tasks…" />}
      {tasks && (
        <Card>
          <Subtitle2 as="h2">
            To do ({open.length}){overdue > 0 ? ` · ${overdue} overdue` : ""}
          </Subtitle2>
          {open.length === 0 ? (
            <Text>Nothing to do. Follow-ups and reminders from workflows appear here, and reminders also in chat when they are due.</Text>
          ) : (
            <ul className={styles.list} aria-label="Open tasks">
              {open.map(item)}
            </ul>
          )}
          {done.length > 0 && <Switch label={`Show done (${done.length})`} checked={showDone} onChange={(_, data) => setShowDone(data.checked)} />}
          {showDone && done.length > 0 && (
            <ul className={styles.list} aria-label="Done tasks">
              {done.map(item)}
            </ul>
          )}
        </Card>
      )}
    </section>
  );
}
