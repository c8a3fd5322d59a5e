/**
 * Responsibilities (RACI): CRM tasks × roles, one letter a cell. Everyone reads it, with
 * whom to ask for each task; holders of forms or users and roles edit cells; Owners
 * add, rename and remove tasks. The matrix is one keyboard stop: arrow keys (and Home,
 * End) move between cells, R, A, C or I sets the focused cell, Delete clears it, Enter
 * opens the cell's menu. Changes are saved together with the ETag read (412: reload).
 */
import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Text,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { KeyboardEvent } from "react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ApiError, describeError } from "../../api/client";
import { useSession } from "../../app/session";
import type { DraftTask, Letter, RaciChart } from "./raci-api";
import { draftOf, inputOf, keyFor, letterNames, letters, raciApi } from "./raci-api";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px" },
  head: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", justifyContent: "space-between" },
  scroll: { overflowX: "auto" },
  table: { borderCollapse: "collapse", minWidth: "100%" },
  th: { padding: "6px 8px", textAlign: "left", verticalAlign: "bottom", fontWeight: tokens.fontWeightSemibold, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  rowHead: { padding: "6px 8px", textAlign: "left", verticalAlign: "top", minWidth: "220px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  cell: { padding: "2px", textAlign: "center", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  cellButton: { minWidth: "40px", width: "40px", fontWeight: tokens.fontWeightBold },
  meta: { display: "flex", flexDirection: "column", gap: "2px", color: tokens.colorNeutralForeground2 },
  actions: { display: "flex", gap: "4px", flexWrap: "wrap", marginTop: "4px" },
  add: { display: "flex", gap: "8px", alignItems: "end", flexWrap: "wrap" },
});

export default function RaciView() {
  const styles = useStyles();
  const { api, me } = useSession();
  const calls = useMemo(() => raciApi(api), [api]);
  const [chart, setChart] = useState<RaciChart>();
  const [draft, setDraft] = useState<DraftTask[]>([]);
  const [error, setError] = useState<string>();
  const [problems, setProblems] = useState<string[]>([]);
  const [stale, setStale] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [newName, setNewName] = useState("");
  const [focus, setFocus] = useState({ row: 0, col: 0 });
  const grid = useRef<HTMLTableElement>(null);

  const load = useCallback(async () => {
    setError(undefined);
    setStale(false);
    try {
      const read = await calls.get();
      setChart(read);
      setDraft(draftOf(read));
    } catch (problem) {
      setError(describeError(problem));
    }
  }, [calls]);
  useEffect(() => {
    void load();
  }, [load]);

  const changed = chart !== undefined && JSON.stringify(inputOf(draft)) !== JSON.stringify(inputOf(draftOf(chart)));
  if (error) return <MessageBar intent="error">{<MessageBarBody>{error}</MessageBarBody>}</MessageBar>;
  if (!chart) return <Spinner label="Loading responsibilities…" />;
  const roles = chart.roles;
  const canEdit = chart.canEdit;

  const setCell = (row: number, ref: string, letter: Letter | undefined) => {
    if (!canEdit) return;
    setDraft((tasks) =>
      tasks.map((task, index) => {
        if (index !== row) return task;
        const cells = { ...task.cells };
        if (letter) cells[ref] = letter;
        else delete cells[ref];
        return { ...task, cells };
      }),
    );
  };

  const moveTo = (row: number, col: number) => {
    const next = { row: Math.max(0, Math.min(draft.length - 1, row)), col: Math.max(0, Math.min(roles.length - 1, col)) };
    setFocus(next);
    grid.current?.querySelector<HTMLElement>(`[data-cell="${next.row}-${next.col}"]`)?.focus();
  };

  const onCellKey = (event: KeyboardEvent, row: number, col: number) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [row - 1, col],
      ArrowDown: [row + 1, col],
      ArrowLeft: [row, col - 1],
      ArrowRight: [row, col + 1],
      Home: [row, 0],
      End: [row, roles.length - 1],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      moveTo(move[0], move[1]);
      return;
    }
    const letter = event.key.toUpperCase();
    if ((letters as readonly string[]).includes(letter) && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      setCell(row, roles[col]!.ref, letter as Letter);
    } else if (event.key === "Delete" || event.key === "Backspace" || event.key === "-") {
      event.preventDefault();
      setCell(row, roles[col]!.ref, undefined);
    }
  };

  const save = async () => {
    setSaving(true);
    setProblems([]);
    setNotice(undefined);
    try {
      const saved = await calls.save(inputOf(draft), chart.etag);
      setChart(saved);
      setDraft(draftOf(saved));
      setNotice("Responsibilities saved.");
    } catch (problem) {
      if (problem instanceof ApiError && problem.isConflict) setStale(true);
      else if (problem instanceof ApiError && problem.fields.length > 0) setProblems(problem.fields.map((field) => field.message));
      else setProblems([describeError(problem)]);
    } finally {
      setSaving(false);
    }
  };

  const review = async (taskKey: string) => {
    try {
      const task = await calls.review(taskKey);
      setChart({ ...chart, tasks: chart.tasks.map((one) => (one.key === taskKey ? task : one)) });
      setNotice(`Review of ${task.name} marked done for this quarter.`);
    } catch (problem) {
      setProblems([describeError(problem)]);
    }
  };

  const addTask = () => {
    const name = newName.trim();
    if (!name) return;
    setDraft((tasks) => [
      ...tasks,
      {
        key: keyFor(
          name,
          tasks.map((task) => task.key),
        ),
        name,
        description: "",
        cells: {},
      },
    ]);
    setNewName("");
  };

  return (
    <section className={styles.page} aria-labelledby="raci-title">
      <div className={styles.head}>
        <Title3 id="raci-title">Responsibilities</Title3>
        {canEdit && (
          <div className={styles.actions}>
            <Button appearance="primary" disabled={!changed || saving} onClick={() => void save()}>
              {saving ? "Saving…" : "Save changes"}
            </Button>
            <Button disabled={!changed || saving} onClick={() => setDraft(draftOf(chart))}>
              Undo changes
            </Button>
          </div>
        )}
      </div>
      <Caption1>
        Who is Responsible (does the work), Accountable (makes the final call, exactly one), Consulted and Informed for each CRM task.
        {canEdit ? " Move with the arrow keys; press R, A, C or I to set a cell, Delete to clear it, Enter for its menu." : " Ask the people named under a task."}
      </Caption1>
      {stale && (
        <MessageBar intent="warning">
          <MessageBarBody>Someone else changed the responsibilities since you loaded them. Reload, then apply your change again.</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => void load()}>Reload</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {problems.length > 0 && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>
            {problems.map((problem) => (
              <div key={problem}>{problem}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.scroll}>
        <table className={styles.table} role="grid" aria-label="Responsibilities" ref={grid}>
          <thead>
            <tr>
              <th className={styles.th} scope="col">
                Task
              </th>
              {roles.map((role) => (
                <th key={role.ref} className={styles.th} scope="col">
                  {role.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {draft.map((task, row) => {
              const read = chart.tasks.find((one) => one.key === task.key);
              const mayReview = read?.accountable.some((holder) => holder.userId === me.user.id) ?? false;
              return (
                <tr key={task.key}>
                  <th className={styles.rowHead} scope="row">
                    {chart.canEditTasks ? (
                      <Input
                        aria-label={`Name of task ${row + 1}`}
                        value={task.name}
                        onChange={(_, data) => setDraft((tasks) => tasks.map((one, index) => (index === row ? { ...one, name: data.value } : one)))}
                      />
                    ) : (
                      <Text weight="semibold">{task.name}</Text>
                    )}
                    <div className={styles.meta}>
                      {task.description && <Caption1>{task.description}</Caption1>}
                      {read && <Caption1>Ask: {read.responsible.map((holder) => holder.displayName).join(", ") || "nobody yet"}</Caption1>}
                      {read && (
                        <Caption1>
                          Accountable: {read.accountable.map((holder) => holder.displayName).join(", ") || "nobody yet"}
                          {read.accountable.every((holder) => holder.fallback) ? " (as Owners)" : ""}
                        </Caption1>
                      )}
                      {read &&
                        (read.reviewDue ? (
                          <Badge appearance="tint" color="warning">
                            Quarterly review due
                          </Badge>
                        ) : (
                          <Badge appearance="tint" color="success">
                            Reviewed this quarter{read.lastReview ? ` by ${read.lastReview.by}` : ""}
                          </Badge>
                        ))}
                    </div>
                    <div className={styles.actions}>
                      {read && mayReview && read.reviewDue && (
                        <Button size="small" onClick={() => void review(task.key)}>
                          Mark reviewed
                        </Button>
                      )}
                      {chart.canEditTasks && (
                        <Button size="small" appearance="subtle" aria-label={`Remove ${task.name}`} onClick={() => setDraft((tasks) => tasks.filter((_, index) => index !== row))}>
                          Remove
                        </Button>
                      )}
                    </div>
                  </th>
                  {roles.map((role, col) => {
                    const letter = task.cells[role.ref];
                    const label = `${task.name}, ${role.name}: ${letter ? letterNames[letter] : "no part"}`;
                    const focused = focus.row === row && focus.col === col;
                    const button = (
                      <Button
                        className={styles.cellButton}
                        appearance={letter ? "outline" : "subtle"}
                        aria-label={label}
                        data-cell={`${row}-${col}`}
                        tabIndex={focused ? 0 : -1}
                        onFocus={() => setFocus({ row, col })}
                        onKeyDown={(event) => onCellKey(event, row, col)}
                      >
                        {letter ?? "·"}
                      </Button>
                    );
                    return (
                      <td key={role.ref} className={styles.cell} role="gridcell">
                        {canEdit ? (
                          <Menu>
                            <MenuTrigger disableButtonEnhancement>{button}</MenuTrigger>
                            <MenuPopover>
                              <MenuList>
                                {letters.map((one) => (
                                  <MenuItem key={one} onClick={() => setCell(row, role.ref, one)}>
                                    {one}: {letterNames[one]}
                                  </MenuItem>
                                ))}
                                <MenuItem onClick={() => setCell(row, role.ref, undefined)}>No part</MenuItem>
                              </MenuList>
                            </MenuPopover>
                          </Menu>
                        ) : (
                          button
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {chart.canEditTasks && (
        <div className={styles.add}>
          <Field label="New task">
            <Input value={newName} onChange={(_, data) => setNewName(data.value)} onKeyDown={(event) => event.key === "Enter" && addTask()} />
          </Field>
          <Button onClick={addTask} disabled={!newName.trim()}>
            Add task
          </Button>
        </div>
      )}
    </section>
  );
}
