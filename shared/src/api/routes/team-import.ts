import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import { AppError } from "../../errors/app-error.js";
import type { CrmServices } from "../../services/create-services.js";
import type { TeamDirectory } from "../../services/team-directory.js";
import { actorOf } from "../context.js";
import { TeamImportEntryOutput } from "../contract/people.js";
import { ListOf, UserId } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses } from "./router.js";

const ImportBody = Type.Object(
  {
    teamId: Type.String({ pattern: "^[A-Za-z0-9:@._-]{1,200}$", description: "The Teams team (group) id." }),
    ownerIds: Type.Optional(Type.Array(UserId, { maxItems: 100, uniqueItems: true, description: "Team owners confirmed as CRM Owners." })),
  },
  { additionalProperties: false },
);

/** Owners import the members of a Teams team as CRM users: preview first, then apply. */
export function registerTeamImportRoutes(app: Router, services: CrmServices, directory: TeamDirectory | undefined): void {
  const tags = ["users"];
  for (const apply of [false, true]) {
    app.post(
      apply ? "/api/users/import" : "/api/users/import/preview",
      {
        config: { requires: apply ? requires.stepUp(requires.config("usersAndRoles", "user.import")) : requires.config("usersAndRoles", "user.importPreview") },
        schema: {
          tags,
          summary: apply ? "Import a Teams team's members as users (updates, never duplicates)" : "Who an import from this team would add or update",
          body: ImportBody,
          response: { 200: ListOf(TeamImportEntryOutput), ...errorResponses(400, 401, 403, 404, 503) },
        },
      },
      async (request) => {
        const loadMembers = async () => {
          if (!directory) throw new AppError("unavailable", "Importing from Teams needs the app's Entra registration (AAD_APP_CLIENT_ID and AAD_APP_CLIENT_SECRET).");
          return directory.listMembers(request.identity!, request.body.teamId);
        };
        const items = await services.configuration.importTeam(actorOf(request).actor, loadMembers, request.body.ownerIds ?? [], apply);
        return { items };
      },
    );
  }
}
