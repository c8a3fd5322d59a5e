import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf } from "../context.js";
import { ForecastReportOutput, PipelineReportOutput, ReportOwner, SummaryReportOutput } from "../contract/reports.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

const Owner = Type.Optional(ReportOwner);

export function registerReportRoutes(app: Router, services: CrmServices): void {
  const tags = ["reports"];
  app.get(
    "/api/reports/pipeline",
    {
      config: { requires: requires.entity("opportunity", "read") },
      schema: {
        tags,
        summary: "Count, value and weighted value per stage of a pipeline",
        querystring: Type.Object({ pipelineId: Type.Optional(Type.String({ pattern: "^[a-z0-9-]{1,40}$" })), owner: Owner }, { additionalProperties: false }),
        response: { 200: PipelineReportOutput, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => services.reports.pipeline(actorOf(request).actor, request.query.pipelineId, request.query.owner),
  );
  app.get(
    "/api/reports/forecast",
    {
      config: { requires: requires.entity("opportunity", "read") },
      schema: {
        tags,
        summary: "Open opportunities by expected close month, weighted",
        querystring: Type.Object({ owner: Owner }, { additionalProperties: false }),
        response: { 200: ForecastReportOutput, ...errorResponses(400, 401) },
      },
    },
    async (request) => services.reports.forecast(actorOf(request).actor, request.query.owner),
  );
  app.get(
    "/api/reports/summary",
    {
      config: { requires: requires.signedIn("leads and cases within the caller's read scope; an entity they may not read is left out") },
      schema: {
        tags,
        summary: "Leads by status and source, cases by priority and status",
        querystring: Type.Object({ owner: Owner }, { additionalProperties: false }),
        response: { 200: SummaryReportOutput, ...errorResponses(400, 401) },
      },
    },
    async (request) => services.reports.summary(actorOf(request).actor, request.query.owner),
  );
}
