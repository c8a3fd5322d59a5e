/** Dashboard and chat reports, always within what the caller may read. */
import { notFound } from "../errors/app-error.js";
import type { CrmRecord } from "../domain/records.js";
import type { ForecastMonth, PipelineReport } from "../domain/reports.js";
import { countBy, forecastByMonth, pipelineReport } from "../domain/reports.js";
import { fieldAccess } from "../policy/decide.js";
import type { Actor, EntityType } from "../policy/model.js";
import { grantedScope } from "../policy/decide.js";
import type { ConfigRepository } from "../storage/config-repository.js";
import type { RecordService } from "./record-service.js";

/** Whether a report stopped short of every record, and whether amounts the caller may not see counted as 0. */
interface ReportFlags {
  truncated: boolean;
  amountsHidden: boolean;
}

export class ReportService {
  constructor(
    private readonly records: RecordService,
    private readonly config: ConfigRepository,
  ) {}

  /** Records the actor may read, with the fields they may not see blanked out. */
  private async visibleRecords(actor: Actor, entity: EntityType, owner?: "me" | "all"): Promise<{ records: CrmRecord[]; truncated: boolean }> {
    if (grantedScope(actor, "read", entity).scope === "none" || !actor.active) return { records: [], truncated: false };
    const { records, truncated } = await this.records.scan(actor, entity, owner ? { owner } : {});
    const visible = records.map((record) => {
      const fields = Object.fromEntries(Object.entries(record.fields).filter(([key]) => fieldAccess(actor, entity, key) !== "hidden"));
      return { ...record, fields };
    });
    return { records: visible, truncated };
  }

  /** True when the actor's roles hide opportunity amounts: sums then count them as 0. */
  private amountsHidden(actor: Actor): boolean {
    return fieldAccess(actor, "opportunity", "amount") === "hidden";
  }

  /** Every pipeline's report from one read of the opportunities. */
  async pipelines(actor: Actor, owner?: "me" | "all"): Promise<{ pipelines: PipelineReport[] } & ReportFlags> {
    const pipelines = await this.config.listPipelines(actor.tenantId);
    const { records, truncated } = await this.visibleRecords(actor, "opportunity", owner);
    return { pipelines: pipelines.map((pipeline) => pipelineReport(pipeline, records)), truncated, amountsHidden: this.amountsHidden(actor) };
  }

  async pipeline(actor: Actor, pipelineId?: string, owner?: "me" | "all"): Promise<PipelineReport & ReportFlags> {
    const { pipelines, truncated, amountsHidden } = await this.pipelines(actor, owner);
    const report = pipelineId ? pipelines.find((candidate) => candidate.pipelineId === pipelineId) : pipelines[0];
    if (!report) throw notFound("pipeline");
    return { ...report, truncated, amountsHidden };
  }

  async forecast(actor: Actor, owner?: "me" | "all"): Promise<{ months: ForecastMonth[] } & ReportFlags> {
    const pipelines = await this.config.listPipelines(actor.tenantId);
    const { records, truncated } = await this.visibleRecords(actor, "opportunity", owner);
    return { months: forecastByMonth(pipelines, records), truncated, amountsHidden: this.amountsHidden(actor) };
  }

  async summary(actor: Actor, owner?: "me" | "all") {
    const [leads, cases] = await Promise.all([this.visibleRecords(actor, "lead", owner), this.visibleRecords(actor, "case", owner)]);
    return {
      leadsByStatus: countBy(leads.records, "status"),
      leadsBySource: countBy(leads.records, "source"),
      casesByPriority: countBy(cases.records, "priority"),
      casesByStatus: countBy(cases.records, "status"),
      truncated: leads.truncated || cases.truncated,
    };
  }
}
