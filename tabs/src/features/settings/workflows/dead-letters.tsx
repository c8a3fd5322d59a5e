/** Workflow jobs that kept failing: the reason, and retry or discard for each. */
import {
  Button,
  Caption1,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { describeError } from "../../../api/client";
import { entityLabels, isEntityType } from "../../../api/types";
import type { EntityType } from "../../../api/types";
import { routeHref } from "../../../app/route";
import type { DeadLetter, WorkflowApi } from "./workflow-api";

const useStyles = makeStyles({
  list: { listStyle: "none", margin: 0, padding: 0 },
  item: { borderTop: `1px solid ${tokens.colorNeutralStroke2}`, padding: "10px 0", display: "flex", flexDirection: "column", gap: "4px", overflowWrap: "anywhere" },
  reason: { color: tokens.colorPaletteRedForeground1 },
  buttons: { display: "flex", flexWrap: "wrap", gap: "8px" },
});

const jobText: Record<string, string> = {
  event: "a record change",
  timer: "a timer",
  manual: "a manual run",
  schedule: "rescheduling a timer",
  reminder: "a reminder",
  backfill: "scheduling existing records",
};

function recordOf(letter: DeadLetter): { entity: EntityType; id: string } | undefined {
  const entity = letter.job.entity ?? letter.job.event?.entity;
  const id = letter.recordId ?? letter.job.recordId ?? letter.job.event?.recordId;
  return isEntityType(entity) && id ? { entity, id } : undefined;
}

export default function DeadLetters(props: { calls: WorkflowApi }) {
  const styles = useStyles();
  const { calls } = props;
  const [letters, setLetters] = useState<DeadLetter[]>();
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<{ intent: "success" | "error"; text: string }>();
  const [busy, setBusy] = useState<string>();
  const [discarding, setDiscarding] = useState<DeadLetter>();

  const load = useCallback(async () => {
    setError(undefined);
    try {
      const [page, workflows] = await Promise.all([calls.deadLetters(), calls.list().catch(() => ({ items: [] }))]);
      setNames(new Map(workflows.items.map((workflow) => [workflow.id, workflow.name])));
      setLetters([...page.items].sort((a, b) => b.failedAt.localeCompare(a.failedAt)));
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [calls]);
  useEffect(() => {
    void load();
  }, [load]);

  const workflowName = (letter: DeadLetter) => {
    const id = letter.workflowId ?? letter.job.workflowId;
    return id ? (names.get(id) ?? "A deleted workflow") : "A reminder";
  };

  const act = async (letter: DeadLetter, retry: boolean) => {
    setBusy(letter.id);
    setNotice(undefined);
    try {
      if (retry) await calls.retryDeadLetter(letter.id);
      else await calls.discardDeadLetter(letter.id);
      setLetters((current) => current?.filter((candidate) => candidate.id !== letter.id));
      setNotice({ intent: "success", text: retry ? `${workflowName(letter)}: queued again. Its next run shows in the run history.` : `${workflowName(letter)}: the failed run was discarded.` });
    } catch (failure) {
      setNotice({ intent: "error", text: describeError(failure) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <Card>
      <div className={styles.buttons} style={{ justifyContent: "space-between", alignItems: "center" }}>
        <Subtitle2 as="h2">Failed runs</Subtitle2>
        <Button size="small" onClick={() => void load()}>
          Refresh
        </Button>
      </div>
      <Caption1>Runs that failed 5 times, or in a way a retry cannot fix (a user deactivated, a field removed). Fix the cause, then retry; or discard.</Caption1>
      {notice && (
        <MessageBar intent={notice.intent} role={notice.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>The failed runs could not be loaded: {error}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => void load()}>Try again</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {!letters && !error && <Spinner label="Loading failed runs…" />}
      {letters?.length === 0 && <Text>No failed runs. Everything the workflows started has finished.</Text>}
      {letters && letters.length > 0 && (
        <ul className={styles.list} aria-label="Failed runs">
          {letters.map((letter) => {
            const record = recordOf(letter);
            return (
              <li key={letter.id} className={styles.item}>
                <Text weight="semibold">{workflowName(letter)}</Text>
                <Caption1>
                  Started by {jobText[letter.job.kind] ?? letter.job.kind}
                  {record && (
                    <>
                      {" on "}
                      <Link href={routeHref.record(record.entity, record.id)}>
                        {entityLabels[record.entity]?.one.toLowerCase() ?? record.entity} {record.id}
                      </Link>
                    </>
                  )}
                  {` · failed ${new Date(letter.failedAt).toLocaleString()} after ${letter.attempts} ${letter.attempts === 1 ? "attempt" : "attempts"}`}
                </Caption1>
                <Text className={styles.reason}>{letter.reason}</Text>
                <div className={styles.buttons}>
                  <Button
                    size="small"
                    aria-label={`Retry: ${workflowName(letter)}, failed ${new Date(letter.failedAt).toLocaleString()}`}
                    disabled={busy === letter.id}
                    onClick={() => void act(letter, true)}
                  >
                    Retry
                  </Button>
                  <Button
                    size="small"
                    aria-label={`Discard: ${workflowName(letter)}, failed ${new Date(letter.failedAt).toLocaleString()}`}
                    disabled={busy === letter.id}
                    onClick={() => setDiscarding(letter)}
                  >
                    Discard
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {discarding && (
        <Dialog open onOpenChange={(_, data) => !data.open && setDiscarding(undefined)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Discard this failed run?</DialogTitle>
              <DialogContent>{workflowName(discarding)}: the actions it did not do are not done. Its run history stays.</DialogContent>
              <DialogActions>
                <Button onClick={() => setDiscarding(undefined)}>Cancel</Button>
                <Button
                  appearance="primary"
                  onClick={() => {
                    const letter = discarding;
                    setDiscarding(undefined);
                    void act(letter, false);
                  }}
                >
                  Discard
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </Card>
  );
}
