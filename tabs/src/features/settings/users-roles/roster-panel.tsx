/**
 * Settings → Users: the Teams roster. Whether the CRM follows the linked teams (a pause
 * switch), which teams, whether the scheduled catch-up runs, and leavers whose records
 * are still being reassigned or wait for an Owner (`/api/roster...`).
 */
import {
  Button,
  Caption1,
  Card,
  Field,
  MessageBar,
  MessageBarBody,
  Select,
  Subtitle2,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import type { ReassignRule, Reassignment, RosterStatus } from "@crm/shared/api-types";
import { describeError } from "../../../api/client";
import type { Page } from "../../../api/types";
import { useSession } from "../../../app/session";
import { readableDate } from "../../approvals/access-words";

const useStyles = makeStyles({
  wrap: { overflowX: "auto" },
  column: { display: "flex", flexDirection: "column", gap: "8px" },
  rule: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "flex-end" },
});

const ruleKinds: Record<ReassignRule["kind"], string> = {
  ownersQueue: "The Owners' queue: an Owner reassigns them",
  user: "One person",
  roundRobin: "Taking turns among a role",
};

type Choice = { id: string; name: string };

/**
 * Who gets a leaver's open records and tasks. Saving needs a person or a role for
 * the kinds that name one; the API checks again (an inactive person, an unknown role).
 */
export function ReassignRuleEditor(props: { rule: ReassignRule; people: Choice[]; roles: Choice[]; busy: boolean; onSave: (rule: ReassignRule) => void }) {
  const styles = useStyles();
  const [kind, setKind] = useState<ReassignRule["kind"]>(props.rule.kind);
  const [userId, setUserId] = useState(props.rule.kind === "user" ? props.rule.userId : "");
  const [roleId, setRoleId] = useState(props.rule.kind === "roundRobin" ? props.rule.roleId : "");
  const draft: ReassignRule | undefined = kind === "ownersQueue" ? { kind } : kind === "user" ? (userId ? { kind, userId } : undefined) : roleId ? { kind, roleId } : undefined;
  const unchanged = JSON.stringify(draft) === JSON.stringify(props.rule);
  return (
    <div className={styles.rule}>
      <Field label="When someone leaves, their open records and tasks go to">
        <Select value={kind} onChange={(_event, data) => setKind(data.value as ReassignRule["kind"])}>
          {Object.entries(ruleKinds).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      {kind === "user" && (
        <Field label="Person">
          <Select value={userId} onChange={(_event, data) => setUserId(data.value)}>
            <option value="">Choose a person</option>
            {props.people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {kind === "roundRobin" && (
        <Field label="Role">
          <Select value={roleId} onChange={(_event, data) => setRoleId(data.value)}>
            <option value="">Choose a role</option>
            {props.roles.map((role) => (
              <option key={role.id} value={role.id}>
                {role.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Button appearance="primary" disabled={props.busy || !draft || unchanged} onClick={() => draft && props.onSave(draft)}>
        Save rule
      </Button>
    </div>
  );
}

const statusWords: Record<Reassignment["status"], string> = {
  running: "Being reassigned",
  waiting: "Waits for an Owner to reassign",
  done: "Done",
};

/**
 * Opened in a Teams team that is not linked yet: an Owner links it, and from then on its
 * joiners, movers and leavers follow (`POST /api/roster/teams`).
 */
export function LinkThisTeam(props: { team: { groupId: string; name: string }; status: RosterStatus; busy: boolean; onLink: () => void }) {
  if (props.status.teams.some((team) => team.groupId === props.team.groupId)) return null;
  return (
    <div>
      <Button disabled={props.busy} onClick={props.onLink}>{`Follow ${props.team.name}'s roster`}</Button>
      <Caption1 block>{`Its members become CRM users as Members, and whoever leaves ${props.team.name} is deactivated.`}</Caption1>
    </div>
  );
}

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
  const { api, users, team } = useSession();
  const [status, setStatus] = useState<RosterStatus>();
  const [pending, setPending] = useState<Reassignment[]>([]);
  const [rule, setRule] = useState<ReassignRule>();
  const [roles, setRoles] = useState<Choice[]>([]);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const reload = useCallback(async () => {
    try {
      const [next, list, current, roleList] = await Promise.all([
        api.request<RosterStatus>("GET", "/api/roster"),
        api.request<Page<Reassignment>>("GET", "/api/roster/reassignments"),
        api.request<ReassignRule>("GET", "/api/roster/reassignment-rule"),
        api.roles(),
      ]);
      setStatus(next);
      setPending(list.items);
      setRule(current);
      setRoles(roleList.items.map((role) => ({ id: role.id, name: role.name })));
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
  const saveRule = async (next: ReassignRule) => {
    setBusy(true);
    setSaved(false);
    try {
      setRule(await api.request<ReassignRule>("PUT", "/api/roster/reassignment-rule", { body: next }));
      setSaved(true);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  const link = async () => {
    if (!team) return;
    setBusy(true);
    try {
      await api.request("POST", "/api/roster/teams", { body: { groupId: team.groupId, name: team.name } });
      await reload();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  const people = users.filter((user) => user.active).map((user) => ({ id: user.userId, name: user.displayName }));
  return (
    <Card>
      <Subtitle2>Teams roster and leavers</Subtitle2>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {team && status && <LinkThisTeam team={team} status={status} busy={busy} onLink={() => void link()} />}
      {rule && <ReassignRuleEditor key={JSON.stringify(rule)} rule={rule} people={people} roles={roles} busy={busy} onSave={(next) => void saveRule(next)} />}
      {saved && <Caption1 role="status">Saved. The next leaver's work goes by this rule.</Caption1>}
      {status && <RosterSummary status={status} pending={pending} busy={busy} onPause={(paused) => void pause(paused)} />}
    </Card>
  );
}
