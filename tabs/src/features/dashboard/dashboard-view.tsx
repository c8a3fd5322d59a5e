/**
 * Charts from the server's reports (`/api/reports/*`), within what the viewer may read:
 * pipeline by stage, weighted forecast, leads by status and source, cases by priority and status.
 */
import { Caption1, Card, CardHeader, Field, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Spinner, Text, Title3, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import { describeError } from "../../api/client";
import type { EntityType, ForecastReport, PipelineReport, ReportOwner, SummaryReport } from "../../api/types";
import { canDo, scopeOf } from "../../app/permissions";
import { useSession } from "../../app/session";
import { money } from "../opportunities/board/board-model";
import { BarChart } from "./bar-chart";
import type { Series } from "./dashboard-model";
import { countSeries, forecastSeries, stageSeries } from "./dashboard-model";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "1200px", margin: "0 auto" },
  titleRow: { display: "flex", flexWrap: "wrap", gap: "8px 16px", alignItems: "end", justifyContent: "space-between" },
  controls: { display: "flex", flexWrap: "wrap", gap: "8px 16px", alignItems: "end" },
  grid: { display: "grid", gap: "12px", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 340px), 1fr))" },
  figures: { display: "flex", flexWrap: "wrap", gap: "4px 24px", margin: 0, color: tokens.colorNeutralForeground1 },
  figure: { display: "flex", flexDirection: "column" },
  term: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  value: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

const entities = ["lead", "opportunity", "case"] as const;

interface ChartSpec {
  title: string;
  series: Series;
  horizontal?: boolean;
  counts?: boolean;
}

export default function DashboardView() {
  const styles = useStyles();
  const { api, me, forms, pipelines } = useSession();
  const readable = (entity: EntityType) => canDo(me, entity, "read");
  const readsLeads = readable("lead");
  const readsCases = readable("case");
  const readsOpportunities = readable("opportunity");
  const readsLeadsOrCases = readsLeads || readsCases;
  // Beyond "own", the viewer can narrow the figures to their own records.
  const wideScopes = entities.filter((entity) => readable(entity) && scopeOf(me, entity, "read") !== "own").map((entity) => scopeOf(me, entity, "read"));
  const mayChooseOwner = wideScopes.length > 0;
  const othersLabel = wideScopes.includes("all") ? "Everyone" : "My teams";
  const [owner, setOwner] = useState<ReportOwner>("all");
  const [pipelineId, setPipelineId] = useState<string>();
  const pipeline = pipelines?.find((candidate) => candidate.id === pipelineId) ?? pipelines?.find((candidate) => candidate.isDefault) ?? pipelines?.[0];

  const [stages, setStages] = useState<PipelineReport>();
  const [forecast, setForecast] = useState<ForecastReport>();
  const [summary, setSummary] = useState<SummaryReport>();
  const [error, setError] = useState<string>();

  const pipelineKey = pipeline?.id;
  useEffect(() => {
    if (!readsOpportunities || !pipelineKey) return;
    let current = true;
    setStages(undefined);
    api.pipelineReport({ pipelineId: pipelineKey, owner }).then(
      (report) => current && setStages(report),
      (failure) => current && setError(describeError(failure)),
    );
    return () => {
      current = false;
    };
  }, [api, owner, pipelineKey, readsOpportunities]);

  useEffect(() => {
    let current = true;
    setForecast(undefined);
    setSummary(undefined);
    if (readsOpportunities)
      api.forecastReport({ owner }).then(
        (report) => current && setForecast(report),
        (failure) => current && setError(describeError(failure)),
      );
    if (readsLeadsOrCases)
      api.summaryReport({ owner }).then(
        (report) => current && setSummary(report),
        (failure) => current && setError(describeError(failure)),
      );
    return () => {
      current = false;
    };
  }, [api, owner, readsOpportunities, readsLeadsOrCases]);

  const charts = useMemo(() => {
    const list: ChartSpec[] = [];
    const options = (entity: EntityType, key: string) => forms?.[entity].fields.find((field) => field.key === key)?.options ?? [];
    if (stages) list.push({ title: `Pipeline value by stage (${stages.name})`, series: stageSeries(stages), horizontal: true });
    if (forecast) list.push({ title: "Weighted forecast by close month", series: forecastSeries(forecast) });
    if (summary && readsLeads) {
      list.push({ title: "Leads by status", series: countSeries(summary.leadsByStatus, options("lead", "status")), counts: true });
      list.push({ title: "Leads by source", series: countSeries(summary.leadsBySource, options("lead", "source")), counts: true });
    }
    if (summary && readsCases) {
      list.push({ title: "Cases by priority", series: countSeries(summary.casesByPriority, options("case", "priority")), counts: true });
      list.push({ title: "Cases by status", series: countSeries(summary.casesByStatus, options("case", "status")), counts: true });
    }
    return list;
  }, [stages, forecast, summary, forms, readsLeads, readsCases]);

  const loading = (readsOpportunities && (!stages || !forecast)) || (readsLeadsOrCases && !summary);
  const truncated = Boolean(stages?.truncated || forecast?.truncated || summary?.truncated);
  const currencies = stages?.currencies ?? [];
  const scope = !mayChooseOwner || owner === "me" ? "your records" : othersLabel === "Everyone" ? "everyone's records" : "your teams' records";

  return (
    <section className={styles.page} aria-labelledby="dashboard-title">
      <div className={styles.titleRow}>
        <div>
          <Title3 as="h1" block id="dashboard-title">
            Dashboard
          </Title3>
          <Caption1 as="p" style={{ margin: 0 }}>
            Based on {scope}.
          </Caption1>
        </div>
        <div className={styles.controls}>
          {mayChooseOwner && (
            <Field label="Show">
              <RadioGroup
                layout="horizontal"
                value={owner}
                onChange={(_, data) => {
                  setError(undefined);
                  setOwner(data.value as ReportOwner);
                }}
              >
                <Radio value="me" label="Mine" />
                <Radio value="all" label={othersLabel} />
              </RadioGroup>
            </Field>
          )}
          {readsOpportunities && pipelines && pipelines.length > 1 && pipeline && (
            <Field label="Pipeline">
              <Select
                value={pipeline.id}
                onChange={(_, data) => {
                  setError(undefined);
                  setPipelineId(data.value);
                }}
              >
                {pipelines.map((candidate) => (
                  <option key={candidate.id} value={candidate.id}>
                    {candidate.name}
                  </option>
                ))}
              </Select>
            </Field>
          )}
        </div>
      </div>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {currencies.length > 1 && (
        <MessageBar intent="warning">
          <MessageBarBody>These deals are in several currencies ({currencies.join(", ")}). Amounts are added as they are, without conversion, so the totals mix currencies.</MessageBarBody>
        </MessageBar>
      )}
      {truncated && (
        <MessageBar intent="warning">
          <MessageBarBody>There are more records than a report reads at once: these figures cover only part of them.</MessageBarBody>
        </MessageBar>
      )}
      {stages && (
        <dl className={styles.figures} aria-label="Pipeline totals">
          <div className={styles.figure}>
            <dt className={styles.term}>Open deals</dt>
            <dd className={styles.value}>
              {stages.open.count} · {money(stages.open.amount)} · weighted {money(stages.open.weighted)}
            </dd>
          </div>
          <div className={styles.figure}>
            <dt className={styles.term}>Won</dt>
            <dd className={styles.value}>
              {stages.won.count} · {money(stages.won.amount)}
            </dd>
          </div>
        </dl>
      )}
      {loading && !error && <Spinner label="Loading the dashboard…" />}
      {!loading && charts.length === 0 && <Text>Nothing to chart yet.</Text>}
      <div className={styles.grid}>
        {charts.map((chart) => (
          <Card key={chart.title}>
            <CardHeader header={<Text weight="semibold">{chart.title}</Text>} />
            <BarChart title={chart.title} series={chart.series} {...(chart.horizontal ? { horizontal: true } : {})} {...(chart.counts ? { counts: true } : {})} />
          </Card>
        ))}
      </div>
    </section>
  );
}
