/** One access request in words: role, for whom, who asked, why, until when, the decisions so far, and what the viewer may do with it. */
import { Badge, Body1, Button, Caption1, Card, CardHeader, Field, Text, Textarea, makeStyles, tokens } from "@fluentui/react-components";
import { useId, useState } from "react";
import type { AccessRequest } from "./access-api";
import { readableDate, statusWords } from "./access-words";

const useStyles = makeStyles({
  card: { maxWidth: "720px" },
  facts: { display: "grid", gridTemplateColumns: "max-content 1fr", gap: "4px 12px", margin: 0, "@media (max-width: 480px)": { gridTemplateColumns: "1fr" } },
  term: { color: tokens.colorNeutralForeground2, fontWeight: tokens.fontWeightSemibold },
  detail: { margin: 0, overflowWrap: "anywhere" },
  decisions: { margin: 0, paddingLeft: "20px" },
  actions: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" },
});

const badgeColor: Record<AccessRequest["status"], "informative" | "success" | "danger" | "subtle"> = {
  pending: "informative",
  approved: "success",
  denied: "danger",
  expired: "subtle",
  withdrawn: "subtle",
};

interface RequestActions {
  onDecide?: (request: AccessRequest, outcome: "approve" | "deny", comment: string) => Promise<void>;
  onWithdraw?: (request: AccessRequest) => Promise<void>;
}

export function RequestCard(props: { request: AccessRequest; busy: boolean } & RequestActions) {
  const styles = useStyles();
  const { request } = props;
  const [comment, setComment] = useState("");
  const titleId = useId();
  const forSomeoneElse = request.subject.id !== request.requester.id;
  return (
    <Card className={styles.card} role="article" aria-labelledby={titleId}>
      <CardHeader
        header={
          <Text weight="semibold" id={titleId}>
            {request.roleName} for {request.subject.name}
          </Text>
        }
        action={<Badge color={badgeColor[request.status]}>{statusWords[request.status]}</Badge>}
      />
      <dl className={styles.facts}>
        <dt className={styles.term}>Asked by</dt>
        <dd className={styles.detail}>
          {request.requester.name}
          {forSomeoneElse ? "" : " (for themselves)"} on {readableDate(request.createdAt)}
        </dd>
        <dt className={styles.term}>Why</dt>
        <dd className={styles.detail}>{request.justification || "No reason given."}</dd>
        <dt className={styles.term}>Until</dt>
        <dd className={styles.detail}>{request.endsAt ? readableDate(request.endsAt) : "Permanent"}</dd>
        {request.exceptionTo && request.exceptionTo.length > 0 && (
          <>
            <dt className={styles.term}>Exception to</dt>
            <dd className={styles.detail}>{request.exceptionTo.join(", ")}</dd>
          </>
        )}
        {request.appliedAt && (
          <>
            <dt className={styles.term}>Given</dt>
            <dd className={styles.detail}>
              {request.subject.name} holds {request.roleName} since {readableDate(request.appliedAt)}
            </dd>
          </>
        )}
        <dt className={styles.term}>Approvals</dt>
        <dd className={styles.detail}>
          {request.approvalsNeeded === 1 ? "One approval needed" : `${request.approvalsNeeded} approvals needed`}
          {request.status === "pending" ? `; waits until ${readableDate(request.expiresAt)}` : request.closedAt ? `; settled on ${readableDate(request.closedAt)}` : ""}
        </dd>
      </dl>
      {request.decisions.length > 0 ? (
        <div>
          <Caption1>Decisions so far</Caption1>
          <ul className={styles.decisions}>
            {request.decisions.map((decision) => (
              <li key={`${decision.approverId}-${decision.at}`}>
                <Body1>
                  {decision.approverName} {decision.outcome === "approve" ? "approved" : "denied"} on {readableDate(decision.at)}
                  {decision.comment ? `: “${decision.comment}”` : ""}
                </Body1>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <Caption1>No decisions yet.</Caption1>
      )}
      {request.canDecide && props.onDecide && (
        <div className={styles.actions}>
          <Field label="Comment (optional)" style={{ flexGrow: 1, minWidth: "200px" }}>
            <Textarea value={comment} maxLength={500} onChange={(_, data) => setComment(data.value)} resize="vertical" />
          </Field>
          <Button appearance="primary" disabled={props.busy} onClick={() => void props.onDecide?.(request, "approve", comment.trim())} aria-describedby={titleId}>
            Approve
          </Button>
          <Button disabled={props.busy} onClick={() => void props.onDecide?.(request, "deny", comment.trim())} aria-describedby={titleId}>
            Deny
          </Button>
        </div>
      )}
      {request.canWithdraw && props.onWithdraw && (
        <div className={styles.actions}>
          <Button disabled={props.busy} onClick={() => void props.onWithdraw?.(request)} aria-describedby={titleId}>
            Withdraw
          </Button>
        </div>
      )}
    </Card>
  );
}
