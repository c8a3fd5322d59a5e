/**
 * Workflows: configuration (Owner or the `workflows` permission), dry runs, manual
 * runs, run history, dead letters, templates and the case workflow; plus the
 * caller's own tasks and the workflow runs on a record they may read.
 */
import { Type } from "typebox";
import type { Static } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { FastifyRequest } from "fastify";
import { invalidInput } from "../../errors/app-error.js";
import type { CrmServices } from "../../services/create-services.js";
import { CaseWorkflowBody, checkWorkflowInput, WorkflowBody } from "../../workflows/schema.js";
import type { WorkflowInput } from "../../workflows/schema.js";
import { actorOf, sendWithEtag } from "../context.js";
import { EntityName, ListOf, PageOf, PageSize, Token } from "../schemas.js";
import {
  CaseWorkflowOutput,
  DeadLetterOutput,
  DryRunOutput,
  RunNowOutput,
  RunOutput,
  StoredNotificationOutput,
  TaskOutput,
  TemplateOptionsBody,
  WorkflowOutput,
  WorkflowSummaryOutput,
  WorkflowTemplateOutput,
} from "../contract/workflows.js";
import type { Router } from "./router.js";
import { errorResponses, noContent } from "./router.js";

const WorkflowParams = Type.Object({ id: Type.String({ pattern: "^[0-9a-z]{19}$" }) }, { additionalProperties: false });
const RecordRef = Type.Object({ recordId: Type.String({ pattern: "^[0-9a-z]{19}$" }) }, { additionalProperties: false });
const PageQuery = Type.Object({ pageSize: Type.Optional(PageSize), continuationToken: Type.Optional(Token) }, { additionalProperties: false });
const ifMatch = (request: FastifyRequest): string | undefined => {
  const value = request.headers["if-match"];
  return typeof value === "string" && value !== "*" ? value : undefined;
};

/** The body's outline passed the route schema; now each trigger and action against its own type. */
function workflowInput(body: Static<typeof WorkflowBody>): WorkflowInput {
  const checked = checkWorkflowInput(body);
  if ("problems" in checked) throw invalidInput(checked.problems, "The workflow cannot be saved.");
  return checked.input;
}

export function registerWorkflowRoutes(app: Router, services: CrmServices): void {
  const workflows = services.workflows;
  const tags = ["workflows"];
  const workflowsAs = (action: string) => ({ requires: requires.config("workflows", action) });

  app.get(
    "/api/config/workflows",
    { config: workflowsAs("workflow.list"), schema: { tags, summary: "The tenant's workflows", response: { 200: ListOf(WorkflowSummaryOutput), ...errorResponses(401, 403) } } },
    async (request) => ({
      items: await workflows.list(actorOf(request).actor),
    }),
  );

  app.post(
    "/api/config/workflows",
    {
      config: workflowsAs("workflow.create"),
      schema: { tags, summary: "Create a workflow (checked against the current forms)", body: WorkflowBody, response: { 201: WorkflowOutput, ...errorResponses(400, 401, 403, 409) } },
    },
    async (request, reply) => {
      const created = await workflows.create(actorOf(request).actor, workflowInput(request.body));
      return sendWithEtag(reply, 201, created.etag, created);
    },
  );

  app.post(
    "/api/config/workflows/dry-run",
    {
      config: workflowsAs("workflow.dryRun"),
      schema: {
        tags,
        summary: "What an unsaved workflow would do to a record (changes nothing)",
        body: Type.Object({ workflow: WorkflowBody, recordId: RecordRef.properties.recordId }, { additionalProperties: false }),
        response: { 200: DryRunOutput, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => workflows.dryRunDraft(actorOf(request).actor, workflowInput(request.body.workflow), request.body.recordId),
  );

  app.get(
    "/api/config/workflows/:id",
    { config: workflowsAs("workflow.read"), schema: { tags, summary: "One workflow", params: WorkflowParams, response: { 200: WorkflowOutput, ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      const workflow = await workflows.get(actorOf(request).actor, request.params.id);
      return sendWithEtag(reply, 200, workflow.etag, workflow);
    },
  );

  app.put(
    "/api/config/workflows/:id",
    {
      config: workflowsAs("workflow.update"),
      schema: { tags, summary: "Replace a workflow", params: WorkflowParams, body: WorkflowBody, response: { 200: WorkflowOutput, ...errorResponses(400, 401, 403, 404, 412) } },
    },
    async (request, reply) => {
      const saved = await workflows.update(actorOf(request).actor, request.params.id, workflowInput(request.body), ifMatch(request));
      return sendWithEtag(reply, 200, saved.etag, saved);
    },
  );

  app.delete(
    "/api/config/workflows/:id",
    {
      config: workflowsAs("workflow.delete"),
      schema: { tags, summary: "Delete a workflow (its run history stays)", params: WorkflowParams, response: { ...noContent("Deleted"), ...errorResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      await workflows.remove(actorOf(request).actor, request.params.id);
      return reply.code(204).send();
    },
  );

  for (const [path, enabled] of [
    ["enable", true],
    ["disable", false],
  ] as const) {
    app.post(
      `/api/config/workflows/:id/${path}`,
      {
        config: workflowsAs(enabled ? "workflow.enable" : "workflow.disable"),
        schema: { tags, summary: `${enabled ? "Enable" : "Disable"} a workflow`, params: WorkflowParams, response: { 200: WorkflowOutput, ...errorResponses(400, 401, 403, 404) } },
      },
      async (request, reply) => {
        const saved = await workflows.setEnabled(actorOf(request).actor, request.params.id, enabled);
        return sendWithEtag(reply, 200, saved.etag, saved);
      },
    );
  }

  app.post(
    "/api/config/workflows/:id/dry-run",
    {
      config: workflowsAs("workflow.dryRun"),
      schema: {
        tags,
        summary: "What the workflow would do to a record now (changes nothing)",
        params: WorkflowParams,
        body: RecordRef,
        response: { 200: DryRunOutput, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => workflows.dryRunSaved(actorOf(request).actor, request.params.id, request.body.recordId),
  );

  app.post(
    "/api/config/workflows/:id/run",
    {
      config: workflowsAs("workflow.run"),
      schema: { tags, summary: "Run the workflow on a record now", params: WorkflowParams, body: RecordRef, response: { 202: RunNowOutput, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      reply.code(202);
      return workflows.runNow(actorOf(request).actor, request.params.id, request.body.recordId);
    },
  );

  app.get(
    "/api/config/workflows/:id/runs",
    {
      config: workflowsAs("workflow.runs"),
      schema: { tags, summary: "The workflow's runs, newest first", params: WorkflowParams, querystring: PageQuery, response: { 200: PageOf(RunOutput), ...errorResponses(400, 401, 403) } },
    },
    async (request) => workflows.runsOfWorkflow(actorOf(request).actor, request.params.id, Number(request.query.pageSize ?? 25), request.query.continuationToken),
  );

  app.get(
    "/api/config/workflow-templates",
    { config: workflowsAs("workflow.templates"), schema: { tags, summary: "Ready workflows to start from", response: { 200: ListOf(WorkflowTemplateOutput), ...errorResponses(401, 403) } } },
    async (request) => ({
      items: await workflows.templates(actorOf(request).actor),
    }),
  );

  app.post(
    "/api/config/workflow-templates/:templateId",
    {
      config: workflowsAs("workflow.create"),
      schema: {
        tags,
        summary: "Create a workflow from a template",
        params: Type.Object({ templateId: Type.String({ pattern: "^[a-z0-9-]{1,60}$" }) }, { additionalProperties: false }),
        body: TemplateOptionsBody,
        response: { 201: WorkflowOutput, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const created = await workflows.createFromTemplate(actorOf(request).actor, request.params.templateId, request.body);
      return sendWithEtag(reply, 201, created.etag, created);
    },
  );

  app.get(
    "/api/config/workflow-dead-letters",
    {
      config: workflowsAs("workflow.deadLetters"),
      schema: { tags, summary: "Workflow jobs that kept failing, with the reason", response: { 200: ListOf(DeadLetterOutput), ...errorResponses(401, 403) } },
    },
    async (request) => ({
      items: await workflows.deadLetters(actorOf(request).actor),
    }),
  );

  const LetterParams = Type.Object({ id: Type.String({ pattern: "^[0-9a-f]{32}$" }) }, { additionalProperties: false });
  app.post(
    "/api/config/workflow-dead-letters/:id/retry",
    {
      config: workflowsAs("workflow.retry"),
      schema: { tags, summary: "Put a failed job back in the queue", params: LetterParams, response: { 200: DeadLetterOutput, ...errorResponses(401, 403, 404) } },
    },
    async (request) => workflows.retryDeadLetter(actorOf(request).actor, request.params.id),
  );

  app.delete(
    "/api/config/workflow-dead-letters/:id",
    { config: workflowsAs("workflow.discard"), schema: { tags, summary: "Discard a failed job", params: LetterParams, response: { ...noContent("Discarded"), ...errorResponses(401, 403, 404) } } },
    async (request, reply) => {
      await workflows.discardDeadLetter(actorOf(request).actor, request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/config/workflow-notifications",
    {
      config: workflowsAs("workflow.notifications"),
      schema: { tags, summary: "Notifications stored for delivery while no bot is connected", response: { 200: ListOf(StoredNotificationOutput), ...errorResponses(401, 403) } },
    },
    async (request) => ({ items: await workflows.pendingNotifications(actorOf(request).actor) }),
  );

  app.get(
    "/api/config/case-workflow",
    {
      config: { requires: requires.signedIn("everyone works under the case workflow") },
      schema: { tags, summary: "Case statuses, allowed transitions per role, SLAs", response: { 200: CaseWorkflowOutput, ...errorResponses(401) } },
    },
    async (request, reply) => {
      const caseWorkflow = await workflows.getCaseWorkflow(actorOf(request).actor);
      return sendWithEtag(reply, 200, "etag" in caseWorkflow ? caseWorkflow.etag : undefined, caseWorkflow);
    },
  );

  app.put(
    "/api/config/case-workflow",
    {
      config: workflowsAs("caseWorkflow.save"),
      schema: { tags, summary: "Save the case workflow", body: CaseWorkflowBody, response: { 200: CaseWorkflowOutput, ...errorResponses(400, 401, 403, 412) } },
    },
    async (request, reply) => {
      const saved = await workflows.saveCaseWorkflow(actorOf(request).actor, request.body, ifMatch(request));
      return sendWithEtag(reply, 200, saved.etag, saved);
    },
  );

  app.get(
    "/api/workflow-runs",
    {
      config: { requires: requires.record({ query: "entity" }, "read", { query: "recordId" }) },
      schema: {
        tags,
        summary: "Workflow runs on one record, newest first",
        querystring: Type.Object(
          { entity: EntityName, recordId: RecordRef.properties.recordId, pageSize: Type.Optional(PageSize), continuationToken: Type.Optional(Token) },
          { additionalProperties: false },
        ),
        response: { 200: PageOf(RunOutput), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { entity, recordId, pageSize, continuationToken } = request.query;
      return workflows.runsOfRecord(actorOf(request).actor, entity, recordId, Number(pageSize ?? 25), continuationToken);
    },
  );

  app.get(
    "/api/tasks",
    {
      config: { requires: requires.signedIn("their own tasks") },
      schema: { tags: ["tasks"], summary: "The caller's tasks and reminders", response: { 200: ListOf(TaskOutput), ...errorResponses(401) } },
    },
    async (request) => ({
      items: await workflows.tasksOf(actorOf(request).actor),
    }),
  );

  app.patch(
    "/api/tasks/:id",
    {
      config: { requires: requires.signedIn("their own tasks") },
      schema: {
        tags: ["tasks"],
        summary: "Mark one of the caller's tasks done (or open again)",
        params: Type.Object({ id: Type.String({ pattern: "^[0-9a-f]{32}$" }) }, { additionalProperties: false }),
        body: Type.Object({ done: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: TaskOutput, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => workflows.setTaskDone(actorOf(request).actor, request.params.id, request.body.done),
  );
}
