/** Leads, opportunities and cases: the same routes for each entity, under the role policy. */
import { Type } from "typebox";
import { toFlatRecord } from "../../domain/records.js";
import type { EntityType } from "../../policy/model.js";
import { requires } from "../../policy/requirement.js";
import { entityPaths, entityTypes } from "../../policy/model.js";
import type { CrmServices } from "../../services/create-services.js";
import type { VisibleRecord } from "../../services/record-service.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { IdParams, PageSize, RecordInput, RecordOutput, Token, UserId } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

const ListQuerySchema = Type.Object(
  {
    owner: Type.Optional(Type.String({ pattern: "^(me|all|[A-Za-z0-9._@-]{1,128})$", description: "me, all, or a user id." })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Records whose name/title starts with this text." })),
    status: Type.Optional(Type.String({ maxLength: 100 })),
    stageId: Type.Optional(Type.String({ maxLength: 100 })),
    pipelineId: Type.Optional(Type.String({ maxLength: 100 })),
    priority: Type.Optional(Type.String({ maxLength: 100 })),
    source: Type.Optional(Type.String({ maxLength: 100 })),
    sort: Type.Optional(Type.Enum(["newest", "oldest", "title", "updated"])),
    pageSize: Type.Optional(PageSize),
    continuationToken: Type.Optional(Token),
  },
  { additionalProperties: false },
);

const { pageSize: _pageSize, continuationToken: _token, sort: _sort, ...exportProperties } = ListQuerySchema.properties;
const ExportQuerySchema = Type.Object(exportProperties, { additionalProperties: false });

const IfMatch = Type.Object({ "if-match": Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true });
const NoteInput = Type.Object({ text: Type.String({ minLength: 1, maxLength: 10_000 }) }, { additionalProperties: false });
const AssignInput = Type.Object({ ownerId: UserId }, { additionalProperties: false });
const PageQuery = Type.Object({ pageSize: Type.Optional(PageSize), continuationToken: Type.Optional(Token) }, { additionalProperties: false });

const flat = (visible: VisibleRecord) => toFlatRecord(visible.record, visible.hidden);

export function registerRecordRoutes(app: Router, services: CrmServices): void {
  for (const entity of entityTypes) registerEntity(app, services, entity);
}

function registerEntity(app: Router, services: CrmServices, entity: EntityType): void {
  const base = `/api/${entityPaths[entity]}`;
  const tags = [entityPaths[entity]];
  const { records } = services;

  app.post(
    base,
    {
      config: { requires: requires.entity(entity, "create") },
      schema: { tags, summary: `Create a ${entity}`, body: RecordInput, response: { 201: RecordOutput, ...errorResponses(400, 401, 403, 413, 415) } },
    },
    async (request, reply) => {
      const created = await records.create(actorOf(request).actor, entity, request.body as Record<string, unknown>);
      return sendWithEtag(reply, 201, created.record.etag, flat(created));
    },
  );

  app.get(
    base,
    {
      config: { requires: requires.entity(entity, "read") },
      schema: {
        tags,
        summary: `List ${entityPaths[entity]} within the caller's scope`,
        querystring: ListQuerySchema,
        response: { 200: Type.Object({ items: Type.Array(RecordOutput), continuationToken: Type.Optional(Type.String()) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { owner, q, sort, pageSize, continuationToken, ...filters } = request.query;
      const page = await records.list(actorOf(request).actor, entity, {
        ...(owner ? { owner } : {}),
        ...(q ? { search: q } : {}),
        ...(sort ? { sort } : {}),
        ...(pageSize ? { pageSize: Number(pageSize) } : {}),
        ...(continuationToken ? { continuationToken } : {}),
        filters,
      });
      return { items: page.items.map(flat), ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
    },
  );

  app.get(
    `${base}/export`,
    {
      config: { requires: requires.entity(entity, "export") },
      schema: {
        tags,
        summary: `Download the ${entityPaths[entity]} the caller may export, as CSV`,
        querystring: ExportQuerySchema,
        response: errorResponses(400, 401, 403),
      },
    },
    async (request, reply) => {
      const { owner, q, ...filters } = request.query;
      const { csv, truncated } = await records.exportCsv(actorOf(request).actor, entity, { ...(owner ? { owner } : {}), ...(q ? { search: q } : {}), filters });
      reply
        .type("text/csv; charset=utf-8")
        .header("Content-Disposition", `attachment; filename="${entityPaths[entity]}.csv"`)
        .header("X-Export-Truncated", String(truncated));
      return csv;
    },
  );

  app.get(
    `${base}/:id`,
    {
      config: { requires: requires.record(entity, "read") },
      schema: { tags, summary: `Read one ${entity}`, params: IdParams, response: { 200: RecordOutput, ...errorResponses(400, 401, 404) } },
    },
    async (request, reply) => {
      const found = await records.get(actorOf(request).actor, entity, request.params.id, request.target);
      return sendWithEtag(reply, 200, found.record.etag, flat(found));
    },
  );

  app.patch(
    `${base}/:id`,
    {
      config: { requires: requires.record(entity, "update") },
      schema: {
        tags,
        summary: `Change a ${entity} (If-Match required)`,
        params: IdParams,
        headers: IfMatch,
        body: RecordInput,
        response: { 200: RecordOutput, ...errorResponses(400, 401, 403, 404, 412, 413, 415, 428) },
      },
    },
    async (request, reply) => {
      const updated = await records.update(actorOf(request).actor, entity, request.params.id, ifMatchOf(request), request.body as Record<string, unknown>, request.target);
      return sendWithEtag(reply, 200, updated.record.etag, flat(updated));
    },
  );

  app.delete(
    `${base}/:id`,
    {
      config: { requires: requires.record(entity, "delete") },
      schema: { tags, summary: `Delete a ${entity}`, params: IdParams, headers: IfMatch, response: errorResponses(401, 403, 404, 412) },
    },
    async (request, reply) => {
      await records.remove(actorOf(request).actor, entity, request.params.id, ifMatchOf(request), request.target);
      return reply.code(204).send();
    },
  );

  app.post(
    `${base}/:id/assign`,
    {
      config: { requires: requires.record(entity, "assign") },
      schema: { tags, summary: `Give a ${entity} to another user`, params: IdParams, headers: IfMatch, body: AssignInput, response: { 200: RecordOutput, ...errorResponses(400, 401, 403, 404, 412) } },
    },
    async (request, reply) => {
      const assigned = await records.assign(actorOf(request).actor, entity, request.params.id, request.body.ownerId, ifMatchOf(request), request.target);
      return sendWithEtag(reply, 200, assigned.record.etag, flat(assigned));
    },
  );

  app.get(
    `${base}/:id/notes`,
    {
      config: { requires: requires.record(entity, "read") },
      schema: { tags, summary: `Notes on a ${entity}, newest first`, params: IdParams, querystring: PageQuery, response: errorResponses(400, 401, 404) },
    },
    async (request) => {
      const { pageSize, continuationToken } = request.query;
      return records.listNotes(actorOf(request).actor, entity, request.params.id, Number(pageSize ?? 25), continuationToken, request.target);
    },
  );

  app.post(
    `${base}/:id/notes`,
    {
      config: { requires: requires.record(entity, "update") },
      schema: { tags, summary: `Add a note to a ${entity}`, params: IdParams, body: NoteInput, response: errorResponses(400, 401, 403, 404) },
    },
    async (request, reply) => {
      reply.code(201);
      return records.addNote(actorOf(request).actor, entity, request.params.id, request.body.text, request.target);
    },
  );

  app.get(
    `${base}/:id/history`,
    {
      config: { requires: requires.record(entity, "read") },
      schema: { tags, summary: `What happened to a ${entity}, from the audit log`, params: IdParams, querystring: PageQuery, response: errorResponses(400, 401, 404) },
    },
    async (request) => {
      const { pageSize, continuationToken } = request.query;
      return records.history(actorOf(request).actor, entity, request.params.id, Number(pageSize ?? 25), continuationToken, request.target);
    },
  );

  if (entity === "lead") {
    app.post(
      `${base}/:id/convert`,
      {
        config: { requires: requires.all(requires.record("lead", "update"), requires.entity("opportunity", "create")) },
        // Fastify validates a missing body as null, so an optional body needs a default before validation.
        preValidation: async (request) => {
          if (request.body === undefined) request.body = {};
        },
        schema: {
          tags,
          summary: "Convert a lead into an opportunity",
          params: IdParams,
          body: Type.Optional(RecordInput),
          response: { 201: Type.Object({ lead: RecordOutput, opportunity: RecordOutput }), ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        const result = await records.convertLead(actorOf(request).actor, request.params.id, (request.body ?? {}) as Record<string, unknown>, request.target);
        reply.code(201);
        return { lead: flat(result.lead), opportunity: flat(result.opportunity) };
      },
    );
  }
}
