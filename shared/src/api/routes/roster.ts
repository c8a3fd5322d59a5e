/**
 * The Teams roster and leavers' work over HTTP: linking teams, pausing sync, the
 * reassignment rule and what is still being reassigned. All need "manage users",
 * declared here and enforced before validation; the services ask again.
 */
import { requires } from "../../policy/requirement.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { GroupParams, LinkTeamInput, LinkedTeamOutput, ReassignRuleOutput, ReassignRuleSchema, ReassignmentOutput, RosterStatusOutput, RosterSyncInput, RosterSyncOutput } from "../contract/roster.js";
import { ListOf } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses, noContent } from "./router.js";

export function registerRosterRoutes(app: Router, services: CrmServices): void {
  const tags = ["roster"];
  const users = (action: string) => requires.config("usersAndRoles", action);

  app.get(
    "/api/roster",
    {
      config: { requires: users("roster.read") },
      schema: { tags, summary: "Linked Teams teams, whether sync is paused, and whether reconciliation runs", response: { 200: RosterStatusOutput, ...errorResponses(401, 403) } },
    },
    async (request) => {
      const { settingsEtag: _etag, ...status } = await services.roster.status(actorOf(request).actor);
      return { ...status, reconciliation: services.rosterReconciliation.status() };
    },
  );

  app.post(
    "/api/roster/teams",
    // Linking brings a whole team in as users, as an import does: a sensitive action.
    {
      config: { requires: requires.stepUp(users("roster.link")) },
      schema: { tags, summary: "Link a Teams team: its members become the CRM's users", body: LinkTeamInput, response: { 201: LinkedTeamOutput, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => reply.code(201).send(await services.roster.linkTeam(actorOf(request).actor, request.body)),
  );

  app.delete(
    "/api/roster/teams/:groupId",
    {
      config: { requires: users("roster.unlink") },
      schema: { tags, summary: "Stop following a Teams team (its members stay)", params: GroupParams, response: { ...noContent("Unlinked"), ...errorResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      await services.roster.unlinkTeam(actorOf(request).actor, request.params.groupId);
      return reply.code(204).send();
    },
  );

  app.put(
    "/api/roster/sync",
    {
      config: { requires: users("roster.pause") },
      schema: { tags, summary: "Pause or resume roster sync", body: RosterSyncInput, response: { 200: RosterSyncOutput, ...errorResponses(400, 401, 403) } },
    },
    async (request) => services.roster.setPaused(actorOf(request).actor, request.body.paused),
  );

  app.get(
    "/api/roster/reassignment-rule",
    { config: { requires: users("reassign.rule.read") }, schema: { tags, summary: "Who gets a leaver's open records and tasks", response: { 200: ReassignRuleOutput, ...errorResponses(401, 403) } } },
    async (request, reply) => {
      const { etag, ...rule } = await services.leavers.rule(actorOf(request).actor);
      return sendWithEtag(reply, 200, etag, rule);
    },
  );

  app.put(
    "/api/roster/reassignment-rule",
    {
      config: { requires: users("reassign.rule.save") },
      schema: { tags, summary: "Set who gets a leaver's open records and tasks", body: ReassignRuleSchema, response: { 200: ReassignRuleOutput, ...errorResponses(400, 401, 403, 412) } },
    },
    async (request, reply) => {
      const { etag, ...rule } = await services.leavers.setRule(actorOf(request).actor, request.body, ifMatchOf(request));
      return sendWithEtag(reply, 200, etag, rule);
    },
  );

  app.get(
    "/api/roster/reassignments",
    {
      config: { requires: users("reassign.read") },
      schema: { tags, summary: "Leavers whose records are still being reassigned or wait in the Owners' queue", response: { 200: ListOf(ReassignmentOutput), ...errorResponses(401, 403) } },
    },
    async (request) => ({ items: await services.leavers.pending(actorOf(request).actor) }),
  );
}
