import { requires } from "../../policy/requirement.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { DismissInput, FindingListOutput, FindingOutput, FindingParams, FindingQuery, QualityRulesOutput, QualityRulesSchema, ScanOutput } from "../contract/data-quality.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

const tags = ["data quality"];

export function registerDataQualityRoutes(app: Router, services: CrmServices): void {
  app.get(
    "/api/data-quality/findings",
    {
      config: { requires: requires.signedIn("findings on records the caller may read, about fields they may see") },
      schema: { tags, summary: "Findings with counts per rule and a two-week trend", querystring: FindingQuery, response: { 200: FindingListOutput, ...errorResponses(400, 401) } },
    },
    async (request) => {
      const { olderThanDays, pageSize, ...rest } = request.query;
      return services.dataQuality.list(actorOf(request).actor, {
        ...rest,
        ...(olderThanDays !== undefined ? { olderThanDays: Number(olderThanDays) } : {}),
        ...(pageSize !== undefined ? { pageSize: Number(pageSize) } : {}),
      });
    },
  );

  const onFinding = requires.record({ params: "entity" }, "update", { params: "recordId" });
  app.post(
    "/api/data-quality/findings/:entity/:recordId/:key/dismiss",
    {
      config: { requires: onFinding },
      schema: { tags, summary: "Dismiss an open finding, saying why", params: FindingParams, body: DismissInput, response: { 200: FindingOutput, ...errorResponses(400, 401, 403, 404, 409, 412) } },
    },
    async (request) => services.dataQuality.dismiss(actorOf(request).actor, request.params.entity, request.params.recordId, request.params.key, request.body.reason),
  );
  app.post(
    "/api/data-quality/findings/:entity/:recordId/:key/reopen",
    {
      config: { requires: onFinding },
      schema: { tags, summary: "Reopen a dismissed finding", params: FindingParams, response: { 200: FindingOutput, ...errorResponses(400, 401, 403, 404, 409, 412) } },
    },
    async (request) => services.dataQuality.reopen(actorOf(request).actor, request.params.entity, request.params.recordId, request.params.key),
  );

  app.get(
    "/api/data-quality/rules",
    {
      config: { requires: requires.config("forms", "dataQuality.rules.read") },
      schema: { tags, summary: "The data-quality rules: each on or off, with its threshold", response: { 200: QualityRulesOutput, ...errorResponses(401, 403) } },
    },
    async (request, reply) => {
      const rules = await services.dataQuality.getRules(actorOf(request).actor);
      return sendWithEtag(reply, 200, rules.etag, rules);
    },
  );
  app.put(
    "/api/data-quality/rules",
    {
      config: { requires: requires.config("forms", "dataQuality.rules.update") },
      schema: { tags, summary: "Replace the rules (thresholds in range); a scan follows", body: QualityRulesSchema, response: { 200: QualityRulesOutput, ...errorResponses(400, 401, 403, 412) } },
    },
    async (request, reply) => {
      const saved = await services.dataQuality.putRules(actorOf(request).actor, request.body, ifMatchOf(request));
      return sendWithEtag(reply, 200, saved.etag, saved);
    },
  );
  app.post(
    "/api/data-quality/scan",
    {
      config: { requires: requires.config("forms", "dataQuality.scan") },
      schema: { tags, summary: "Scan every record now (in the background)", response: { 202: ScanOutput, ...errorResponses(401, 403) } },
    },
    async (request, reply) => reply.code(202).send(await services.dataQuality.requestScan(actorOf(request).actor)),
  );
}
