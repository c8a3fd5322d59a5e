/**
 * Settings → Users: the Teams roster. Whether the CRM follows the linked teams (a pause
 * switch), which teams, whether the scheduled catch-up runs, and leavers whose records
 * are still being reassigned or wait for an Owner (`/api/roster...`).
 */
import { Caption1, Card, MessageBar, MessageBarBody, Subtitle2, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles } from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import type { Reassignment, RosterStatus } from "@crm/shared/api-types";
import { describeError } from "../../../api/client";
import type { Page } from "../../../api/types";
import { useSession } from "../../../app/session";
import { readableDate } from "../../approvals/access-words";

const useStyles = makeStyles({ wrap: { overflowX: "auto" }, column: { display: "flex", flexDirection: "column", gap: "8px" } });

const statusWords: Record<Reassignment["status"], string> = {
  running: "Being reassigned",
  waiting: "Waits for an Owner to reassign",
  done: "Done",
};

/** What the panel shows, given what the API answered; `onPause` changes the switch. */
export function RosterSummary(props: { status: RosterStatus; pending: Reassignment[]; busy: boolean; onPause: (paused: boolean) => void }) {
  const styles = useStyles();
  const { status, pending } = props;
  return (
    <div className={styles.column}>
      <Switch label={status.paused ? "Roster sync is paused" : "Follow the Teams roster"} checked={!status.paused} disabled={props.busy} onChange={(_event, data) => props.onPause(!data.checked)} />
      <Caption1>{status.teams.length === 0 ? "No Teams team is linked yet." : `Linked teams: ${status.teams.map((team) => team.name).join(", ")}.`}</Caption1>
      <Caption1>
        {status.reconciliation.enabled ? "The CRM checks the teams and Microsoft Entra every 15 minutes for changes it missed." : (status.reconciliation.reason ?? "Reconciliation is off.")}
      </Caption1>
      <Subtitle2>Pending reassignments</Subtitle2>
      {pending.length === 0 ? (
        <Caption1>Nobody's records wait for a new owner.</Caption1>
      ) : (
        <div className={styles.wrap}>
          <Table size="small" aria-label="Pending reassignments">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Leaver</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Moved</TableHeaderCell>
                <TableHeaderCell>Since</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {pending.map((item) => (
                <TableRow key={item.userId}>
                  <TableCell>{item.displayName}</TableCell>
                  <TableCell>{statusWords[item.status]}</TableCell>
                  <TableCell>{`${item.moved} records, ${item.tasksMoved} tasks`}</TableCell>
                  <TableCell>{readableDate(item.startedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </div>
  );
}

export function RosterPanel() {
  const { api } = useSession();
  const [status, setStatus] = useState<RosterStatus>();
  const [pending, setPending] = useState<Reassignment[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reload = useCallback(async () => {
    try {
      const [next, list] = await Promise.all([api.request<RosterStatus>("GET", "/api/roster"), api.request<Page<Reassignment>>("GET", "/api/roster/reassignments")]);
      setStatus(next);
      setPending(list.items);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const pause = async (paused: boolean) => {
    setBusy(true);
    try {
      await api.request("PUT", "/api/roster/sync", { body: { paused } });
      await reload();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card>
      <Subtitle2>Teams roster</Subtitle2>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {status && <RosterSummary status={status} pending={pending} busy={busy} onPause={(paused) => void pause(paused)} />}
    </Card>
  );
}
