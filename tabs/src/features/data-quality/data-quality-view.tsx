/**
 * Data quality: the findings the reader may see (the server applies their record and
 * field rules), filtered by rule, owner and age, with counts per rule, a two-week trend,
 * dismiss with a reason, and a link to the record.
 */
import { Badge, Button, Card, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Text, Title3, makeStyles } from "@fluentui/react-components";
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from "react";
import { describeError } from "../../api/client";
import { routeHref } from "../../app/route";
import { useSession } from "../../app/session";
import { readableDate } from "../reviews/readable-date";
import type { FindingFilters, QualityFinding, QualityFindingList, RuleId } from "./data-quality-api";
import { dataQualityApi } from "./data-quality-api";

const BarChart = lazy(() => import("../dashboard/bar-chart").then((module) => ({ default: module.BarChart })));

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "1200px", margin: "0 auto" },
  toolbar: { display: "flex", flexWrap: "wrap", gap: "12px", alignItems: "end" },
  filter: { minWidth: "180px" },
  counts: { display: "flex", flexWrap: "wrap", gap: "8px" },
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "8px" },
  row: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "center", justifyContent: "space-between" },
  dismiss: { display: "flex", flexWrap: "wrap", gap: "8px", alignItems: "end" },
});

export const ruleNames: { readonly [R in RuleId]: string } = {
  duplicateEmail: "Same email",
  duplicatePhone: "Same phone",
  duplicateNameCompany: "Same name and company",
  requiredEmpty: "Required field empty",
  invalidValue: "Value no longer valid",
  staleLead: "Lead without activity",
  overdueOpportunity: "Opportunity past close date",
  unansweredCase: "Case unanswered",
};

const ages = [
  { value: "", label: "Any age" },
  { value: "7", label: "Open 7+ days" },
  { value: "30", label: "Open 30+ days" },
];

export default function DataQualityView() {
  const styles = useStyles();
  const { api, users } = useSession();
  const quality = useMemo(() => dataQualityApi(api), [api]);
  const [filters, setFilters] = useState<FindingFilters>({});
  const [list, setList] = useState<QualityFindingList>();
  const [message, setMessage] = useState<{ intent: "success" | "error"; text: string }>();
  const [failed, setFailed] = useState(false);

  const load = useCallback(async () => {
    setList(undefined);
    setFailed(false);
    try {
      setList(await quality.findings(filters));
    } catch (error) {
      setFailed(true);
      setMessage({ intent: "error", text: describeError(error) });
    }
  }, [quality, filters]);
  useEffect(() => {
    void load();
  }, [load]);

  const dismiss = async (finding: QualityFinding, reason: string) => {
    setMessage(undefined);
    try {
      await quality.dismiss(finding, reason);
      setMessage({ intent: "success", text: `Dismissed: ${finding.message}` });
    } catch (error) {
      setMessage({ intent: "error", text: describeError(error) });
    }
    await load();
  };

  const trend = useMemo(() => (list ? { labels: list.trend.map((day) => day.day.slice(5)), values: list.trend.map((day) => day.found) } : undefined), [list]);
  return (
    <section className={styles.page} aria-labelledby="quality-title">
      <Title3 as="h1" block id="quality-title">
        Data quality
      </Title3>
      <div className={styles.toolbar} role="search" aria-label="Filter findings">
        <Field label="Rule" className={styles.filter}>
          <Select value={filters.rule ?? ""} onChange={(_, data) => setFilters({ ...filters, rule: (data.value || undefined) as RuleId | undefined })}>
            <option value="">All rules</option>
            {(Object.keys(ruleNames) as RuleId[]).map((rule) => (
              <option key={rule} value={rule}>
                {ruleNames[rule]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Owner" className={styles.filter}>
          <Select value={filters.owner ?? ""} onChange={(_, data) => setFilters({ ...filters, owner: data.value || undefined })}>
            <option value="">Everyone I can see</option>
            <option value="me">Mine</option>
            {users.map((user) => (
              <option key={user.userId} value={user.userId}>
                {user.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Age" className={styles.filter}>
          <Select value={filters.olderThanDays ?? ""} onChange={(_, data) => setFilters({ ...filters, olderThanDays: data.value || undefined })}>
            {ages.map((age) => (
              <option key={age.value} value={age.value}>
                {age.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {message && (
        <MessageBar intent={message.intent} role={message.intent === "error" ? "alert" : "status"}>
          <MessageBarBody>{message.text}</MessageBarBody>
        </MessageBar>
      )}
      {failed ? null : !list ? (
        <Spinner label="Loading findings…" />
      ) : (
        <>
          <div className={styles.counts} role="list" aria-label="Open findings per rule">
            {(Object.keys(ruleNames) as RuleId[])
              .filter((rule) => (list.counts.byRule[rule] ?? 0) > 0)
              .map((rule) => (
                <Badge role="listitem" key={rule} appearance="tint" size="large">
                  {`${ruleNames[rule]}: ${list.counts.byRule[rule]}`}
                </Badge>
              ))}
          </div>
          {trend && (
            <Suspense fallback={<Spinner size="tiny" />}>
              <BarChart title="Findings found per day" series={trend} counts />
            </Suspense>
          )}
          {list.items.length === 0 ? (
            <Text>No open findings here. Data looks clean.</Text>
          ) : (
            <ul className={styles.list} aria-label={`${list.counts.total} findings`}>
              {list.items.map((finding) => (
                <li key={`${finding.entity}|${finding.recordId}|${finding.key}`}>
                  <FindingCard finding={finding} ownerName={users.find((user) => user.userId === finding.ownerId)?.displayName ?? finding.ownerId} onDismiss={dismiss} />
                </li>
              ))}
            </ul>
          )}
          {list.truncated && <Text size={200}>Only the first 5,000 findings are counted.</Text>}
        </>
      )}
    </section>
  );
}

function FindingCard(props: { finding: QualityFinding; ownerName: string; onDismiss: (finding: QualityFinding, reason: string) => Promise<void> }) {
  const styles = useStyles();
  const { finding } = props;
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const title = finding.recordTitle ?? `A ${finding.entity}`;
  return (
    <Card aria-label={`${finding.ruleLabel}: ${title}`} role="article">
      <div className={styles.row}>
        <div>
          <Text weight="semibold" block>
            <a href={routeHref.record(finding.entity, finding.recordId)}>{title}</a>
          </Text>
          <Text block>{finding.message}</Text>
          <Text size={200} block>{`${finding.ruleLabel} · found ${readableDate(finding.foundAt)} · owner ${props.ownerName}`}</Text>
        </div>
        {!asking && (
          <Button onClick={() => setAsking(true)} disabled={busy}>
            Dismiss
          </Button>
        )}
      </div>
      {asking && (
        <div className={styles.dismiss}>
          <Field label="Why is this not a problem?" required>
            <Input value={reason} maxLength={500} onChange={(_, data) => setReason(data.value)} />
          </Field>
          <Button
            appearance="primary"
            disabled={busy || reason.trim() === ""}
            onClick={() => {
              setBusy(true);
              void props.onDismiss(finding, reason.trim()).finally(() => setBusy(false));
            }}
          >
            Dismiss finding
          </Button>
          <Button onClick={() => setAsking(false)}>Cancel</Button>
        </div>
      )}
    </Card>
  );
}
