/** `my role`: the caller's roles and what they allow, straight from the policy. */
import { configLabels, effectivePermissions, entityLabels, entityTypes, recordActions } from "@crm/shared/policy";
import { renderRoleCard } from "../cards/role-card.js";
import type { Command } from "../chat/command.js";

const scopeWords = { all: "all", team: "team's", own: "own", none: "" } as const;

export const myRoleCommand: Command = {
  name: "my role",
  aliases: ["my roles", "whoami", "who am i"],
  usage: "my role",
  summary: "Your roles and what they let you do.",
  readOnly: true,
  async run(context) {
    const permissions = effectivePermissions(context.actor);
    const entities: [string, string][] = entityTypes.map((entity) => {
      const grants = recordActions.filter((action) => permissions.entities[entity][action] !== "none").map((action) => `${action} (${scopeWords[permissions.entities[entity][action]]})`);
      return [entityLabels[entity].many, grants.join(", ") || "nothing"];
    });
    return [
      renderRoleCard({
        userName: context.user.displayName,
        roles: context.actor.roles.map((role) => ({ name: role.name, description: role.description })),
        entities,
        configuration: permissions.config.map((permission) => configLabels[permission]),
      }),
    ];
  },
};
