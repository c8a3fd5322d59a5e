import { Type } from "typebox";
import { requires } from "../../policy/requirement.js";
import type { UserRecord } from "../../storage/config-repository.js";
import type { CrmServices } from "../../services/create-services.js";
import { actorOf, ifMatchOf, sendWithEtag } from "../context.js";
import { UserAddInput, UserChangeInput, UserOutput } from "../contract/people.js";
import { ListOf, UserId } from "../schemas.js";
import type { Router } from "./router.js";
import { errorResponses, noContent } from "./router.js";

const publicUser = ({ changeIds: _c, tenantId: _t, ...user }: UserRecord & { lastSeenAt?: string }) => user;

export function registerUserRoutes(app: Router, services: CrmServices): void {
  const tags = ["users"];
  app.get(
    "/api/users",
    { config: { requires: requires.signedIn() }, schema: { tags, summary: "Users of the tenant", response: { 200: ListOf(UserOutput), ...errorResponses(401) } } },
    async (request) => {
      const { actor } = actorOf(request);
      const users = await services.configuration.usersFor(actor);
      return { items: users.map(publicUser) };
    },
  );

  app.post(
    "/api/users",
    {
      config: { requires: requires.stepUp(requires.config("usersAndRoles", "user.add"), { whenBodySets: ["roleIds"] }) },
      schema: {
        tags,
        summary: "Add a user",
        body: UserAddInput,
        response: { 201: UserOutput, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = await services.configuration.addUser(actorOf(request).actor, request.body);
      return sendWithEtag(reply, 201, user.etag, publicUser(user));
    },
  );

  app.patch(
    "/api/users/:userId",
    {
      config: { requires: requires.stepUp(requires.config("usersAndRoles", "user.update"), { whenBodySets: ["roleIds", "active"] }) },
      schema: {
        tags,
        summary: "Change a user's roles, teams or active state",
        params: Type.Object({ userId: UserId }, { additionalProperties: false }),
        body: UserChangeInput,
        response: { 200: UserOutput, ...errorResponses(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const user = await services.configuration.updateUser(actorOf(request).actor, request.params.userId, request.body, ifMatchOf(request));
      return sendWithEtag(reply, 200, user.etag, publicUser(user));
    },
  );

  app.delete(
    "/api/users/:userId",
    {
      config: { requires: requires.config("usersAndRoles", "user.remove") },
      schema: {
        tags,
        summary: "Remove a user (their records stay)",
        params: Type.Object({ userId: UserId }, { additionalProperties: false }),
        response: { ...noContent("Removed"), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await services.configuration.removeUser(actorOf(request).actor, request.params.userId);
      return reply.code(204).send();
    },
  );
}
