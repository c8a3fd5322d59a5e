/**
 * One access review: its progress (overall and per reviewer) and each person under
 * review, with their reviewed roles, last activity and records; a reviewer decides
 * keep, remove roles or deactivate, with a comment. Overseers download the evidence.
 */
import {
  Badge,
  Button,
  Caption1,
  Card,
  Field,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  ProgressBar,
  Spinner,
  Subtitle2,
  Text,
  Textarea,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { describeError } from "../../api/client";
import type { Me } from "../../api/types";
import { canConfigure } from "../../app/permissions";
import { routeHref } from "../../app/route";
import type { AccessReviewDetail, AccessReviewItem, ReviewOutcome, reviewsApi } from "./reviews-api";
import { readableDate } from "./readable-date";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "900px", margin: "0 auto" },
  head: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", justifyContent: "space-between" },
  list: { listStyle: "none", margin: 0, padding: 0 },
  item: { display: "flex", flexDirection: "column", gap: "6px", padding: "10px 0", borderTop: `1px solid ${tokens.colorNeutralStroke2}`, overflowWrap: "anywhere" },
  meta: { display: "flex", flexWrap: "wrap", gap: "4px 12px", alignItems: "center" },
  actions: { display: "flex", flexWrap: "wrap", gap: "8px" },
  hidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" },
});

const outcomeWords: Record<ReviewOutcome, string> = { keep: "Kept", removeRoles: "Roles removed", deactivate: "Deactivated" };

interface ReviewDetailProps {
  reviewId: string;
  calls: ReturnType<typeof reviewsApi>;
  me: Me;
}

export function ReviewDetail({ reviewId, calls, me }: ReviewDetailProps) {
  const styles = useStyles();
  const [review, setReview] = useState<AccessReviewDetail>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(async () => {
    setError(undefined);
    try {
      setReview(await calls.get(reviewId));
    } catch (problem) {
      setError(describeError(problem));
    }
  }, [calls, reviewId]);
  useEffect(() => {
    void load();
  }, [load]);

  const download = async () => {
    try {
      const evidence = await calls.evidence(reviewId);
      const url = URL.createObjectURL(new Blob([JSON.stringify(evidence, null, 2)], { type: "application/json" }));
      const anchor = Object.assign(document.createElement("a"), { href: url, download: `${evidence.campaign.name}.json` });
      anchor.click();
      URL.revokeObjectURL(url);
    } catch (problem) {
      setNotice(`The evidence could not be downloaded: ${describeError(problem)}`);
    }
  };

  if (error) {
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>This access review could not be loaded: {error}</MessageBarBody>
        <MessageBarActions>
          <Button onClick={() => void load()}>Try again</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  if (!review) return <Spinner label="Loading the access review…" />;
  const { progress } = review;

  return (
    <section className={styles.page} aria-labelledby="review-title">
      <Link href={routeHref.reviews()}>All access reviews</Link>
      <div className={styles.head}>
        <Title3 as="h1" id="review-title">
          {review.name}
        </Title3>
        {canConfigure(me, "approveAccess") && <Button onClick={() => void download()}>Download evidence</Button>}
      </div>
      <div className={styles.meta}>
        <Badge appearance="tint" color={review.status === "open" ? "brand" : "subtle"}>
          {review.status === "open" ? "Open" : "Closed"}
        </Badge>
        <Caption1>
          {review.status === "open" ? "Due" : "Was due"} {readableDate(review.dueAt)}
        </Caption1>
        <Caption1>Reviewers: {review.reviewers.kind === "owners" ? "Owners" : review.reviewerRoles.join(", ")}</Caption1>
        <Caption1>Started by {review.createdBy.name}</Caption1>
        <Caption1>{review.whenUndecided === "remove" ? "Undecided people lose the reviewed roles" : "Undecided people keep their access"}</Caption1>
      </div>
      <ProgressBar value={progress.total === 0 ? 1 : progress.decided / progress.total} aria-label={`${progress.decided} of ${progress.total} reviewed`} />
      <Text>
        {progress.decided} of {progress.total} reviewed
        {progress.byReviewer.length > 0 ? ` (${progress.byReviewer.map((reviewer) => `${reviewer.name}: ${reviewer.decided}`).join(", ")})` : ""}
      </Text>
      <div aria-live="polite" className={styles.hidden}>
        {notice}
      </div>
      {notice && (
        <MessageBar intent="info">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <Card>
        <Subtitle2 as="h2">People</Subtitle2>
        {review.items.length === 0 ? (
          <Text>Nobody was in scope when this review started.</Text>
        ) : (
          <ul className={styles.list} aria-label="People under review">
            {review.items.map((item) => (
              <ReviewPerson
                key={item.userId}
                item={item}
                decide={async (outcome, comment) => {
                  try {
                    const decided = await calls.decide(reviewId, item.userId, outcome, comment);
                    setNotice(`${item.displayName}: ${decided.decision?.result ?? "decided"}.`);
                  } catch (problem) {
                    setNotice(`${item.displayName} was not changed: ${describeError(problem)}`);
                  }
                  await load();
                }}
              />
            ))}
          </ul>
        )}
      </Card>
    </section>
  );
}

function ReviewPerson({ item, decide }: { item: AccessReviewItem; decide: (outcome: ReviewOutcome, comment: string) => Promise<void> }) {
  const styles = useStyles();
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const act = async (outcome: ReviewOutcome) => {
    setBusy(true);
    await decide(outcome, comment);
    setBusy(false);
  };
  const labelId = `review-person-${item.userId}`;
  return (
    <li className={styles.item} aria-labelledby={labelId}>
      <div className={styles.meta}>
        <Text weight="semibold" id={labelId}>
          {item.displayName}
        </Text>
        {item.isOwner && <Badge appearance="outline">Owner</Badge>}
        {item.gone && (
          <Badge appearance="tint" color="subtle">
            No longer a user
          </Badge>
        )}
      </div>
      <div className={styles.meta}>
        <Caption1>Roles under review: {item.roles.length > 0 ? item.roles.join(", ") : "none beyond Member"}</Caption1>
        <Caption1>Last active: {item.lastActiveAt ? readableDate(item.lastActiveAt) : "never"}</Caption1>
        <Caption1>Owns {item.recordsOwned === 1 ? "1 record" : `${item.recordsOwned} records`}</Caption1>
      </div>
      {item.decision ? (
        <Text>
          {outcomeWords[item.decision.outcome]} by {item.decision.byName} on {readableDate(item.decision.at)}
          {item.decision.comment ? `: “${item.decision.comment}”` : ""}
        </Text>
      ) : item.canDecide ? (
        <>
          <Field label={`Comment about ${item.displayName}`}>
            <Textarea value={comment} maxLength={500} onChange={(_, data) => setComment(data.value)} />
          </Field>
          <div className={styles.actions} role="group" aria-label={`Decide about ${item.displayName}`}>
            <Button disabled={busy} onClick={() => void act("keep")}>
              Keep
            </Button>
            <Button disabled={busy || item.roles.length === 0} onClick={() => void act("removeRoles")}>
              Remove roles
            </Button>
            <Button disabled={busy} onClick={() => void act("deactivate")}>
              Deactivate
            </Button>
          </div>
        </>
      ) : (
        !item.gone && <Caption1>Not decided yet{item.decision ? "" : "."}</Caption1>
      )}
    </li>
  );
}
