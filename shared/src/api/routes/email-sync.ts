/**
 * Email sync over HTTP: settings, status and "sync now" need the emailSync
 * configuration permission (declared here, enforced before validation; the service
 * asks again); a record's emails are for whoever may read the record.
 */
import { entityPaths, entityTypes } from "../../policy/model.js";
import { requires } from "../../policy/requirement.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf } from "../context.js";
import { IdParams } from "../schemas.js";
import { EmailSyncRunOutput, EmailSyncSettingsInput, EmailSyncSettingsOutput, EmailSyncStatusOutput, RecordEmailsOutput } from "../contract/email-sync.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

export function registerEmailSyncRoutes(app: Router, services: CrmServices): void {
  const tags = ["email sync"];
  const mail = services.mail.service;

  app.get(
    "/api/email-sync/settings",
    {
      config: { requires: requires.config("emailSync", "emailSync.read") },
      schema: { tags, summary: "The tenant's email sync settings", response: { 200: EmailSyncSettingsOutput, ...errorResponses(401, 403) } },
    },
    async (request) => mail.settings(actorOf(request).actor),
  );

  app.put(
    "/api/email-sync/settings",
    {
      config: { requires: requires.config("emailSync", "emailSync.save") },
      schema: {
        tags,
        summary: "Turn email sync on or off and choose the shared mailboxes",
        body: EmailSyncSettingsInput,
        response: { 200: EmailSyncSettingsOutput, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => mail.saveSettings(actorOf(request).actor, request.body),
  );

  app.get(
    "/api/email-sync/status",
    {
      config: { requires: requires.config("emailSync", "emailSync.read") },
      schema: { tags, summary: "Each mailbox's last sync, last error and whether it needs reconnecting", response: { 200: EmailSyncStatusOutput, ...errorResponses(401, 403) } },
    },
    async (request) => mail.status(actorOf(request).actor),
  );

  app.post(
    "/api/email-sync/run",
    {
      config: { requires: requires.config("emailSync", "emailSync.run") },
      schema: { tags, summary: "Sync every shared mailbox now", response: { 202: EmailSyncRunOutput, ...errorResponses(401, 403, 409, 503) } },
    },
    async (request, reply) => reply.code(202).send({ queued: await mail.syncNow(actorOf(request).actor) }),
  );

  for (const entity of entityTypes) {
    app.get(
      `/api/${entityPaths[entity]}/:id/emails`,
      {
        config: { requires: requires.record(entity, "read") },
        schema: { tags, summary: `The emails linked to a ${entity}, newest first`, params: IdParams, response: { 200: RecordEmailsOutput, ...errorResponses(400, 401, 403, 404) } },
      },
      async (request) => ({ items: await mail.emailsOf(actorOf(request).actor, entity, request.params.id) }),
    );
  }
}
