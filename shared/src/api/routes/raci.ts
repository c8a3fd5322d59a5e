/**
 * Responsibilities (RACI) over HTTP. Everyone signed in reads the chart (a Member sees
 * whom to ask); saving it needs the forms or the users and roles permission (declared
 * here, enforced before validation; the service also asks the Owner role for task
 * changes); marking a task's quarterly review done is the Accountable's, which the
 * service decides from the chart.
 */
import { requires } from "../../policy/requirement.js";
import { raciEditPermissions } from "../../services/raci-service.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { RaciChartInput, RaciChartOutput, RaciTaskOutput, TaskParams } from "../contract/raci.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

export function registerRaciRoutes(app: Router, services: CrmServices): void {
  const tags = ["responsibilities"];
  const { raci } = services;

  app.get(
    "/api/raci",
    {
      config: { requires: requires.signedIn("everyone may read the chart, to know whom to ask") },
      schema: { tags, summary: "The responsibilities chart: each CRM task, who is Responsible, Accountable, Consulted and Informed", response: { 200: RaciChartOutput, ...errorResponses(401) } },
    },
    async (request, reply) => {
      const view = await raci.read(actorOf(request).actor);
      return sendWithEtag(reply, 200, view.etag, view);
    },
  );

  app.put(
    "/api/raci",
    {
      config: { requires: requires.anyConfig(raciEditPermissions, "raci.save") },
      schema: {
        tags,
        summary: "Save the responsibilities chart (send the ETag you read as If-Match; adding, renaming or removing tasks needs the Owner role)",
        body: RaciChartInput,
        response: { 200: RaciChartOutput, ...errorResponses(400, 401, 403, 412) },
      },
    },
    async (request, reply) => {
      const view = await raci.save(actorOf(request).actor, request.body, ifMatchOf(request));
      return sendWithEtag(reply, 200, view.etag, view);
    },
  );

  app.post(
    "/api/raci/tasks/:taskKey/review",
    {
      config: { requires: requires.signedIn("the service lets only the task's Accountable mark its review done") },
      schema: { tags, summary: "Mark this quarter's review of a task done (its Accountable)", params: TaskParams, response: { 200: RaciTaskOutput, ...errorResponses(401, 403, 404) } },
    },
    async (request) => raci.markReviewed(actorOf(request).actor, request.params.taskKey),
  );
}
