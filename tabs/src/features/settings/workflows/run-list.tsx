/** Workflow runs: what started each, how its conditions came out, what each action did (the server names the people). */
import { Badge, Button, Caption1, Link, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { routeHref } from "../../../app/route";
import { useSession } from "../../../app/session";
import { entityLabels, isEntityType, titleField } from "../../../api/types";
import type { EntityType } from "../../../api/types";
import { concealedText, runStatusText } from "./describe";
import type { RunRecord } from "./workflow-api";

const useStyles = makeStyles({
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  item: { borderTop: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: "8px", display: "flex", flexDirection: "column", gap: "2px", minWidth: 0, overflowWrap: "anywhere" },
  head: { display: "flex", flexWrap: "wrap", gap: "4px 8px", alignItems: "center" },
  actions: { margin: "2px 0 0", paddingLeft: "20px" },
  failed: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

const outcomeText = { done: "done", skipped: "skipped", failed: "failed" } as const;

const eventText: Record<string, string> = {
  "record.created": "created",
  "record.updated": "changed",
  "record.assigned": "given to someone",
  "record.statusChanged": "status changed",
  "opportunity.stageChanged": "stage changed",
};

/** The run's cause in words: "Started when the lead was created", "Started by a timer", "Run by hand by Olivia". */
function causeText(run: Pick<RunRecord, "cause" | "entity">, userName: (id: string) => string): string {
  const one = isEntityType(run.entity) ? entityLabels[run.entity].one.toLowerCase() : "record";
  const event = eventText[run.cause];
  if (event) return `Started when the ${one} was ${event}`;
  if (run.cause === "timer") return "Started by its timer";
  const manual = /^run by (.+)$/.exec(run.cause);
  if (manual) return `Run by hand by ${userName(manual[1]!)}`;
  return run.cause;
}

/** How the conditions came out, counting only those the viewer may see. */
function conditionsText(conditions: NonNullable<RunRecord["conditions"]>): string {
  const shown = conditions.results.filter((result) => result.passed !== null);
  const hidden = conditions.results.length - shown.length;
  const counted = `${shown.filter((result) => result.passed).length} of ${shown.length} shown true${hidden > 0 ? `, ${hidden} not shown` : ""}`;
  if (conditions.passed === null) return `Conditions: ${concealedText.toLowerCase()} (${counted})`;
  return `Conditions ${conditions.passed ? "met" : "not met"} (${hidden > 0 ? counted : `${shown.filter((result) => result.passed).length} of ${shown.length} true`})`;
}

/** Titles of the records runs touched (one read each, only when the list shows records). */
function useRecordTitles(runs: readonly RunRecord[], enabled: boolean): Map<string, string> {
  const { api } = useSession();
  const [titles, setTitles] = useState<Map<string, string>>(new Map());
  const wanted = enabled ? [...new Set(runs.filter((run) => isEntityType(run.entity)).map((run) => `${run.entity}/${run.recordId}`))].filter((key) => !titles.has(key)) : [];
  const wantedKey = wanted.join(",");
  useEffect(() => {
    if (!wantedKey) return;
    let cancelled = false;
    void Promise.all(
      wantedKey.split(",").map(async (key) => {
        const [entity, id] = key.split("/") as [EntityType, string];
        try {
          const record = await api.get(entity, id);
          return [key, String(record[titleField[entity]] ?? id)] as const;
        } catch {
          return [key, "(deleted or not visible)"] as const;
        }
      }),
    ).then((found) => !cancelled && setTitles((current) => new Map([...current, ...found])));
    return () => {
      cancelled = true;
    };
  }, [api, wantedKey]);
  return titles;
}

export function RunList(props: { runs: readonly RunRecord[]; showWorkflow?: boolean; showRecord?: boolean; continuation?: (() => void) | undefined; loadingMore?: boolean }) {
  const styles = useStyles();
  const { userName } = useSession();
  const titles = useRecordTitles(props.runs, Boolean(props.showRecord));
  return (
    <>
      <ul className={styles.list}>
        {props.runs.map((run) => {
          const status = runStatusText[run.status] ?? { label: run.status, color: "subtle" as const };
          return (
            <li key={run.id} className={styles.item}>
              <div className={styles.head}>
                <Badge appearance="tint" color={status.color}>
                  {status.label}
                </Badge>
                {props.showWorkflow && <Text weight="semibold">{run.workflowName}</Text>}
                <Caption1 className={styles.muted}>
                  <time dateTime={run.finishedAt}>{new Date(run.finishedAt || run.causedAt).toLocaleString()}</time>
                  {(run.attempts ?? 1) > 1 ? ` · ${run.attempts} attempts` : ""}
                </Caption1>
              </div>
              <Caption1>
                {run.cause ? causeText(run, userName) : run.trigger}
                {props.showRecord && (
                  <>
                    {": "}
                    {isEntityType(run.entity) ? (
                      <Link href={routeHref.record(run.entity, run.recordId)}>{titles.get(`${run.entity}/${run.recordId}`) ?? `${entityLabels[run.entity].one} ${run.recordId}`}</Link>
                    ) : (
                      `${run.entity} ${run.recordId}`
                    )}
                  </>
                )}
              </Caption1>
              {run.conditions && run.conditions.results.length > 0 && <Caption1>{conditionsText(run.conditions)}</Caption1>}
              {run.status === "concealed" && <Caption1 className={styles.muted}>{concealedText}: whether its conditions were met and what it did are not shown.</Caption1>}
              {run.actions.length > 0 && (
                <ul className={styles.actions}>
                  {run.actions.map((action, index) => (
                    <li key={index} className={action.outcome === "failed" ? styles.failed : undefined}>
                      <Text size={200}>
                        {action.description}: {outcomeText[action.outcome] ?? action.outcome}
                        {action.detail ? ` (${action.detail})` : ""}
                      </Text>
                    </li>
                  ))}
                </ul>
              )}
              {run.message && (
                <Text size={200} className={run.status === "failed" || run.status === "stopped" ? styles.failed : undefined}>
                  {run.message}
                </Text>
              )}
            </li>
          );
        })}
      </ul>
      {props.continuation && (
        <div>
          <Button size="small" onClick={props.continuation} disabled={props.loadingMore}>
            {props.loadingMore ? "Loading…" : "Load more runs"}
          </Button>
        </div>
      )}
    </>
  );
}
