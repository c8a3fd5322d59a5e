/** Leads, opportunities and cases: the same routes for each entity, under the role policy. */
import { Type } from "typebox";
import { toFlatRecord } from "../../domain/records.js";
import type { EntityType } from "../../policy/model.js";
import { requires } from "../../policy/requirement.js";
import { entityPaths, entityTypes } from "../../policy/model.js";
import type { CrmServices } from "../../services/create-services.js";
import type { VisibleRecord } from "../../services/record-service.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { IdParams, PageOf, PageSize, RecordInput, RecordOutput, Token } from "../schemas.js";
import { AssignInput, ConversionOutput, HistoryEntryOutput, NoteInput, NoteOutput, RecordExportQuery, RecordListQuery, RecordPage } from "../contract/records.js";
import type { Router } from "./router.js";
import { errorResponses, noContent } from "./router.js";

const IfMatch = Type.Object({ "if-match": Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: true });
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
        querystring: RecordListQuery,
        response: { 200: RecordPage, ...errorResponses(400, 401, 403) },
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
        querystring: RecordExportQuery,
        response: { 200: { description: "CSV, one row per record, a column per field the caller may see.", content: { "text/csv": { schema: Type.String() } } }, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { owner, q, ...filters } = request.query;
      const { csv, truncated } = await records.exportCsv(actorOf(request).actor, entity, { ...(owner ? { owner } : {}), ...(q ? { search: q } : {}), filters });
      reply.type("text/csv; charset=utf-8").header("Content-Disposition", `attachment; filename="${entityPaths[entity]}.csv"`).header("X-Export-Truncated", String(truncated));
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
      schema: { tags, summary: `Delete a ${entity}`, params: IdParams, headers: IfMatch, response: { ...noContent("Deleted"), ...errorResponses(401, 403, 404, 412) } },
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
      schema: { tags, summary: `Notes on a ${entity}, newest first`, params: IdParams, querystring: PageQuery, response: { 200: PageOf(NoteOutput), ...errorResponses(400, 401, 404) } },
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
      schema: { tags, summary: `Add a note to a ${entity}`, params: IdParams, body: NoteInput, response: { 201: NoteOutput, ...errorResponses(400, 401, 403, 404) } },
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
      schema: {
        tags,
        summary: `What happened to a ${entity}, from the audit log`,
        params: IdParams,
        querystring: PageQuery,
        response: { 200: PageOf(HistoryEntryOutput), ...errorResponses(400, 401, 404) },
      },
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
          response: { 201: ConversionOutput, ...errorResponses(400, 401, 403, 404, 409) },
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
