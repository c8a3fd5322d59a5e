/** A tenant's roles (built-in and custom) and people, read once to name things in an answer or a notice. */
import type { RoleDefinition } from "../policy/model.js";
import { builtInRoles } from "../policy/roles.js";
import type { ConfigRepository, UserRecord } from "../storage/config-repository.js";

export interface PeopleAndRoles {
  roles: Map<string, RoleDefinition>;
  users: Map<string, UserRecord>;
}

export async function readPeopleAndRoles(config: ConfigRepository, tenantId: string): Promise<PeopleAndRoles> {
  const [custom, users] = await Promise.all([config.listRoles(tenantId), config.listUsers(tenantId)]);
  return { roles: new Map([...builtInRoles, ...custom].map((role) => [role.id, role])), users: new Map(users.map((user) => [user.userId, user])) };
}
