import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { PipelineOutput, StageDeletionOutput } from "../contract/configuration.js";
import { ListOf, PipelineInput } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses, noContent } from "./router.js";

const PipelineParams = Type.Object({ id: Type.String({ pattern: "^[a-z0-9-]{1,40}$" }) }, { additionalProperties: false });

export function registerPipelineRoutes(app: Router, services: CrmServices): void {
  const tags = ["configuration"];
  app.get(
    "/api/config/pipelines",
    { config: { requires: requires.signedIn() }, schema: { tags, summary: "All pipelines and their stages", response: { 200: ListOf(PipelineOutput), ...errorResponses(401) } } },
    async (request) => {
      const pipelines = await services.configuration.listPipelines(actorOf(request).actor.tenantId);
      return { items: pipelines.map(({ changeIds: _c, ...pipeline }) => pipeline) };
    },
  );

  app.post(
    "/api/config/pipelines",
    {
      config: { requires: requires.config("pipelines", "pipeline.save") },
      schema: { tags, summary: "Create a pipeline", body: PipelineInput, response: { 201: PipelineOutput, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => {
      const saved = await services.configuration.savePipeline(actorOf(request).actor, { ...request.body, isDefault: request.body.isDefault ?? false });
      return sendWithEtag(reply, 201, saved.etag, saved);
    },
  );

  app.put(
    "/api/config/pipelines/:id",
    {
      config: { requires: requires.config("pipelines", "pipeline.save") },
      schema: {
        tags,
        summary: "Rename, reorder or add stages (removing a stage has its own route)",
        params: PipelineParams,
        body: PipelineInput,
        response: { 200: PipelineOutput, ...errorResponses(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const saved = await services.configuration.savePipeline(actorOf(request).actor, { ...request.body, id: request.params.id, isDefault: request.body.isDefault ?? false }, ifMatchOf(request));
      return sendWithEtag(reply, 200, saved.etag, saved);
    },
  );

  app.delete(
    "/api/config/pipelines/:id",
    {
      config: { requires: requires.config("pipelines", "pipeline.delete") },
      schema: { tags, summary: "Delete an unused pipeline", params: PipelineParams, response: { ...noContent("Deleted"), ...errorResponses(401, 403, 404, 409) } },
    },
    async (request, reply) => {
      await services.configuration.deletePipeline(actorOf(request).actor, request.params.id);
      return reply.code(204).send();
    },
  );

  app.delete(
    "/api/config/pipelines/:id/stages/:stageId",
    {
      config: { requires: requires.config("pipelines", "pipeline.deleteStage") },
      schema: {
        tags,
        summary: "Delete a stage, moving its opportunities to a target stage",
        params: Type.Object({ id: Type.String({ pattern: "^[a-z0-9-]{1,40}$" }), stageId: Type.String({ pattern: "^[a-z0-9-]{1,40}$" }) }, { additionalProperties: false }),
        querystring: Type.Object({ targetStageId: Type.Optional(Type.String({ pattern: "^[a-z0-9-]{1,40}$" })) }, { additionalProperties: false }),
        response: { 200: StageDeletionOutput, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      return services.configuration.deleteStage(actorOf(request).actor, request.params.id, request.params.stageId, request.query.targetStageId);
    },
  );
}
