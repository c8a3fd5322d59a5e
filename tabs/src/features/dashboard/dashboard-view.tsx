/** Charts of what the viewer may read: pipeline by stage, leads by status and source, cases by priority, forecast. */
import { Caption1, Card, CardHeader, MessageBar, MessageBarBody, Spinner, Text, Title3, makeStyles, useFluent } from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import { describeError } from "../../api/client";
import type { CrmRecord, EntityType } from "../../api/types";
import { canDo, canSeeAll } from "../../app/permissions";
import { useSession } from "../../app/session";
import { BarChart } from "./bar-chart";
import type { Series } from "./dashboard-model";
import { countBy, pipelineValueByStage, weightedForecastByMonth } from "./dashboard-model";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: "12px", maxWidth: "1200px", margin: "0 auto" },
  grid: { display: "grid", gap: "12px", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 340px), 1fr))" },
});

type Data = Partial<Record<EntityType, CrmRecord[]>>;

export default function DashboardView() {
  const styles = useStyles();
  const { api, me, forms, pipelines } = useSession();
  const { targetDocument } = useFluent();
  const [data, setData] = useState<Data>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const readable = (["lead", "opportunity", "case"] as const).filter((entity) => canDo(me, entity, "read"));
    Promise.all(readable.map(async (entity) => [entity, await api.listAll(entity, canSeeAll(me, entity) ? { owner: "all" } : {})] as const)).then(
      (entries) => setData(Object.fromEntries(entries)),
      (failure) => setError(describeError(failure)),
    );
  }, [api, me]);

  const charts = useMemo(() => {
    if (!data || !pipelines) return [];
    const list: { title: string; series: Series; horizontal?: boolean; counts?: boolean }[] = [];
    const pipeline = pipelines.find((candidate) => candidate.isDefault) ?? pipelines[0];
    if (data.opportunity && pipeline) list.push({ title: `Pipeline value by stage (${pipeline.name})`, series: pipelineValueByStage(data.opportunity, pipeline), horizontal: true });
    if (data.opportunity) list.push({ title: "Weighted forecast by close month", series: weightedForecastByMonth(data.opportunity, pipelines) });
    const options = (entity: EntityType, key: string) => forms?.[entity].fields.find((field) => field.key === key)?.options ?? [];
    if (data.lead) list.push({ title: "Leads by status", series: countBy(data.lead, "status", options("lead", "status")), counts: true });
    if (data.lead) list.push({ title: "Leads by source", series: countBy(data.lead, "source", options("lead", "source")), counts: true });
    if (data.case) list.push({ title: "Cases by priority", series: countBy(data.case, "priority", options("case", "priority")), counts: true });
    return list;
  }, [data, pipelines, forms]);

  const scope = (["lead", "opportunity", "case"] as const).some((entity) => canSeeAll(me, entity)) ? "everyone's records" : "your records";
  const themeKey = targetDocument?.body ? getComputedStyle(targetDocument.body).color : "";

  return (
    <section className={styles.page} aria-labelledby="dashboard-title">
      <div>
        <Title3 as="h1" block id="dashboard-title">
          Dashboard
        </Title3>
        <Caption1 as="p" style={{ margin: 0 }}>
          Based on {scope}.
        </Caption1>
      </div>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {!data && !error && <Spinner label="Loading the dashboard…" />}
      {data && charts.length === 0 && <Text>Nothing to chart yet.</Text>}
      <div className={styles.grid}>
        {charts.map((chart) => (
          <Card key={chart.title}>
            <CardHeader header={<Text weight="semibold">{chart.title}</Text>} />
            <BarChart title={chart.title} series={chart.series} themeKey={themeKey} {...(chart.horizontal ? { horizontal: true } : {})} {...(chart.counts ? { counts: true } : {})} />
          </Card>
        ))}
      </div>
    </section>
  );
}
