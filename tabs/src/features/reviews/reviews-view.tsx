/**
 * Access reviews: the campaigns the user oversees or reviews in, with their progress;
 * whoever may start one (approve access and manage users) starts it here. One
 * campaign opens in ReviewDetail.
 */
import { Badge, Button, Caption1, Card, Link, MessageBar, MessageBarActions, MessageBarBody, ProgressBar, Spinner, Text, Title3, makeStyles } from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import { describeError } from "../../api/client";
import type { Role } from "../../api/types";
import { canConfigure } from "../../app/permissions";
import { routeHref } from "../../app/route";
import { useSession } from "../../app/session";
import { readableDate } from "./readable-date";
import { ReviewDetail } from "./review-detail";
import type { AccessReview } from "./reviews-api";
import { reviewsApi } from "./reviews-api";
import { StartReviewDialog } from "./start-review-dialog";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "900px", margin: "0 auto" },
  head: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", justifyContent: "space-between" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  card: { display: "flex", flexDirection: "column", gap: "4px" },
  meta: { display: "flex", flexWrap: "wrap", gap: "4px 12px", alignItems: "center" },
});

export default function ReviewsView({ reviewId }: { reviewId?: string }) {
  const { api, me } = useSession();
  if (reviewId) return <ReviewDetail key={reviewId} reviewId={reviewId} calls={reviewsApi(api)} me={me} />;
  return <ReviewList />;
}

function ReviewList() {
  const styles = useStyles();
  const { api, me } = useSession();
  const calls = useMemo(() => reviewsApi(api), [api]);
  const [reviews, setReviews] = useState<AccessReview[]>();
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string>();
  const [starting, setStarting] = useState(false);
  const [notice, setNotice] = useState<string>();
  const mayStart = canConfigure(me, "approveAccess") && canConfigure(me, "usersAndRoles");

  const load = useCallback(async () => {
    setError(undefined);
    try {
      setReviews((await calls.list()).items);
    } catch (problem) {
      setError(describeError(problem));
    }
  }, [calls]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (mayStart)
      void api.roles().then(
        (page) => setRoles(page.items),
        () => setRoles([]),
      );
  }, [api, mayStart]);

  return (
    <section className={styles.page} aria-labelledby="reviews-title">
      <div className={styles.head}>
        <Title3 as="h1" id="reviews-title">
          Access reviews
        </Title3>
        {mayStart && (
          <Button appearance="primary" onClick={() => setStarting(true)}>
            Start a review
          </Button>
        )}
      </div>
      <Text>Reviewers decide, for each person, whether they still need the roles they hold. Every decision is kept as evidence for audits.</Text>
      {notice && (
        <MessageBar intent="success">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>Access reviews could not be loaded: {error}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => void load()}>Try again</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {!reviews && !error && <Spinner label="Loading access reviews…" />}
      {reviews && reviews.length === 0 && <Text>No access reviews yet.{mayStart ? " Start one to check who still needs which roles." : " When you are asked to review access, it appears here."}</Text>}
      {reviews && reviews.length > 0 && (
        <ul className={styles.list} aria-label="Access reviews">
          {reviews.map((review) => (
            <li key={review.id}>
              <Card className={styles.card}>
                <Link href={routeHref.review(review.id)}>
                  <Text weight="semibold">{review.name}</Text>
                </Link>
                <div className={styles.meta}>
                  <Badge appearance="tint" color={review.status === "open" ? "brand" : "subtle"}>
                    {review.status === "open" ? "Open" : "Closed"}
                  </Badge>
                  <Caption1>
                    {review.status === "open" ? "Due" : "Was due"} {readableDate(review.dueAt)}
                  </Caption1>
                  <Caption1>
                    {review.progress.decided} of {review.progress.total} reviewed
                  </Caption1>
                  {review.repeatQuarterly && <Caption1>Repeats every quarter</Caption1>}
                </div>
                <ProgressBar
                  value={review.progress.total === 0 ? 1 : review.progress.decided / review.progress.total}
                  aria-label={`${review.name}: ${review.progress.decided} of ${review.progress.total} reviewed`}
                />
              </Card>
            </li>
          ))}
        </ul>
      )}
      {starting && (
        <StartReviewDialog
          roles={roles}
          start={calls.start}
          onClose={() => setStarting(false)}
          onStarted={(review) => {
            setStarting(false);
            setNotice(`“${review.name}” started: ${review.progress.total} people to review. Reviewers are told in Teams.`);
            void load();
          }}
        />
      )}
    </section>
  );
}
