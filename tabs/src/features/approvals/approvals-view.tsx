/**
 * Approvals, for everyone: what waits for your decision, what you asked for, and (for
 * who approves access or manages users) every request with its deciders and comments.
 */
import { MessageBar, MessageBarBody, Spinner, Tab, TabList, Text, Title3, makeStyles } from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import { describeError } from "../../api/client";
import { canConfigure } from "../../app/permissions";
import { navigate, routeHref } from "../../app/route";
import { useSession } from "../../app/session";
import type { AccessRequest, RequestView } from "./access-api";
import { accessApi } from "./access-api";
import { AskRoleButton } from "./ask-role-dialog";
import { RequestCard } from "./request-card";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "1200px", margin: "0 auto" },
  bar: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", justifyContent: "space-between" },
  tabs: { overflowX: "auto" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "12px" },
});

const views: { key: RequestView; label: string; empty: string }[] = [
  { key: "inbox", label: "To decide", empty: "Nothing waits for your decision." },
  { key: "mine", label: "My requests", empty: "You have not asked for a role." },
  { key: "all", label: "History", empty: "Nobody has asked for a role yet." },
];

export default function ApprovalsView(props: { ask?: boolean }) {
  const styles = useStyles();
  const { api, me, reloadUsers } = useSession();
  const access = useMemo(() => accessApi(api), [api]);
  const overseer = canConfigure(me, "approveAccess") || canConfigure(me, "usersAndRoles");
  const shown = views.filter((view) => view.key !== "all" || overseer);
  const [view, setView] = useState<RequestView>("inbox");
  const [requests, setRequests] = useState<AccessRequest[]>();
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (which: RequestView) => {
      setRequests(undefined);
      try {
        setRequests((await access.requests(which)).items);
      } catch (error) {
        setRequests([]);
        setMessage({ intent: "error", text: describeError(error) });
      }
    },
    [access],
  );
  useEffect(() => {
    void load(view);
  }, [load, view]);

  /** Runs an action; whatever the answer, the list is read again (a 409 means someone else decided meanwhile). */
  const act = async (action: () => Promise<AccessRequest>, done: (request: AccessRequest) => string) => {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage({ intent: "success", text: done(await action()) });
      void reloadUsers().catch(() => undefined);
    } catch (error) {
      setMessage({ intent: "error", text: describeError(error) });
    } finally {
      setBusy(false);
      await load(view);
    }
  };

  const current = shown.find((candidate) => candidate.key === view) ?? shown[0]!;
  return (
    <section className={styles.page} aria-labelledby="approvals-title">
      <div className={styles.bar}>
        <Title3 as="h1" block id="approvals-title">
          Approvals
        </Title3>
        <AskRoleButton
          open={props.ask ?? false}
          onClosed={() => props.ask && navigate(routeHref.approvals())}
          onAsked={(request) => {
            setMessage({ intent: "success", text: `You asked for ${request.roleName}. It waits for approval.` });
            if (view === "mine") void load("mine");
            else setView("mine");
          }}
        />
      </div>
      <TabList className={styles.tabs} selectedValue={current.key} onTabSelect={(_, data) => setView(data.value as RequestView)} aria-label="Approvals">
        {shown.map((candidate) => (
          <Tab key={candidate.key} value={candidate.key}>
            {candidate.label}
          </Tab>
        ))}
      </TabList>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      {!requests ? (
        <Spinner label="Loading requests…" />
      ) : requests.length === 0 ? (
        <Text>{current.empty}</Text>
      ) : (
        <ul className={styles.list} aria-label={current.label}>
          {requests.map((request) => (
            <li key={request.id}>
              <RequestCard
                request={request}
                busy={busy}
                {...(current.key === "inbox"
                  ? {
                      onDecide: (target, outcome, comment) =>
                        act(
                          () => access.decide(target.id, outcome, comment || undefined),
                          (decided) =>
                            outcome === "deny"
                              ? `You denied ${decided.roleName} for ${decided.subject.name}.`
                              : decided.status === "approved"
                                ? `${decided.subject.name} now has ${decided.roleName}.`
                                : `You approved ${decided.roleName} for ${decided.subject.name}; it needs one more approval.`,
                        ),
                    }
                  : {})}
                {...(current.key === "mine"
                  ? {
                      onWithdraw: (target) =>
                        act(
                          () => access.withdraw(target.id),
                          (withdrawn) => `Your request for ${withdrawn.roleName} is withdrawn.`,
                        ),
                    }
                  : {})}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
