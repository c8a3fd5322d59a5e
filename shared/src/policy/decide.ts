/**
 * The role policy: pure functions from (actor, action, resource) to a decision
 * with its reason. No I/O, no clock, no globals. Deny by default; the union of the
 * actor's roles applies.
 */
import type { Actor, ConfigPermission, Decision, EntityType, FieldAccess, RecordAction, ResourceRef, RoleDefinition, Scope } from "./model.js";
import { configLabels, entityLabels, entityTypes, fieldAccessLevels, recordActions, scopeRank } from "./model.js";

const accessRank = (access: FieldAccess): number => fieldAccessLevels.indexOf(access);

const roleNames = (roles: readonly RoleDefinition[]): string => (roles.length === 0 ? "no role" : roles.map((role) => role.name).join(", "));

/** The widest scope any of the actor's roles grants for this action, and the role that grants it. */
export function grantedScope(actor: Actor, action: RecordAction, entity: EntityType): { scope: Scope; role?: RoleDefinition } {
  let best: { scope: Scope; role?: RoleDefinition } = { scope: "none" };
  for (const role of actor.roles) {
    const scope = role.entities[entity][action];
    if (scopeRank(scope) > scopeRank(best.scope)) best = { scope, role };
  }
  return best;
}

function inactive(actor: Actor): Decision | undefined {
  if (actor.active) return undefined;
  return { allowed: false, scope: "none", reason: "the user is deactivated in this tenant" };
}

/**
 * May the actor do `action` on records of `entity` at all (create, or list within
 * their scope)? Use `decideOnRecord` once a specific record is known.
 */
export function decideOnEntity(actor: Actor, action: RecordAction, entity: EntityType): Decision {
  const off = inactive(actor);
  if (off) return off;
  const label = entityLabels[entity];
  const { scope, role } = grantedScope(actor, action, entity);
  if (scope === "none") {
    return { allowed: false, scope, reason: `no role of this user (${roleNames(actor.roles)}) allows ${action} on ${label.many}` };
  }
  return {
    allowed: true,
    scope,
    reason: `role ${role!.name} allows ${action} on ${scopeText(scope, label.many)}`,
    roleName: role!.name,
  };
}

/** May the actor do `action` on this particular record? */
export function decideOnRecord(actor: Actor, action: RecordAction, entity: EntityType, resource: ResourceRef): Decision {
  const off = inactive(actor);
  if (off) return off;
  const label = entityLabels[entity];
  if (resource.tenantId !== actor.tenantId) {
    return { allowed: false, scope: "none", reason: `the ${label.one} belongs to another tenant` };
  }
  const relation = relationTo(actor, resource);
  let granting: RoleDefinition | undefined;
  let widest: Scope = "none";
  for (const role of actor.roles) {
    const scope = role.entities[entity][action];
    if (scopeRank(scope) > scopeRank(widest)) widest = scope;
    if (!granting && covers(scope, relation)) granting = role;
  }
  if (granting) {
    return {
      allowed: true,
      scope: widest,
      reason: `role ${granting.name} allows ${action} on ${scopeText(granting.entities[entity][action], label.many)} and this ${label.one} is ${relationText(relation)}`,
      roleName: granting.name,
    };
  }
  if (widest === "none") {
    return { allowed: false, scope: widest, reason: `no role of this user (${roleNames(actor.roles)}) allows ${action} on ${label.many}` };
  }
  return {
    allowed: false,
    scope: widest,
    reason: `the roles of this user allow ${action} only on ${scopeText(widest, label.many)}, and this ${label.one} is ${relationText(relation)}`,
  };
}

type Relation = "own" | "team" | "other";

function relationTo(actor: Actor, resource: ResourceRef): Relation {
  if (resource.ownerId === actor.userId) return "own";
  if (resource.teamIds.some((team) => actor.teamIds.includes(team))) return "team";
  return "other";
}

function covers(scope: Scope, relation: Relation): boolean {
  switch (scope) {
    case "all":
      return true;
    case "team":
      return relation !== "other";
    case "own":
      return relation === "own";
    case "none":
      return false;
  }
}

function scopeText(scope: Scope, many: string): string {
  switch (scope) {
    case "all":
      return `all ${many}`;
    case "team":
      return `their team's ${many}`;
    case "own":
      return `their own ${many}`;
    case "none":
      return `no ${many}`;
  }
}

function relationText(relation: Relation): string {
  switch (relation) {
    case "own":
      return "their own";
    case "team":
      return "owned by their team";
    case "other":
      return "owned by someone else";
  }
}

export function decideConfig(actor: Actor, permission: ConfigPermission): Decision {
  const off = inactive(actor);
  if (off) return off;
  const role = actor.roles.find((candidate) => candidate.config.includes(permission));
  if (!role) {
    return { allowed: false, scope: "none", reason: `no role of this user (${roleNames(actor.roles)}) may ${configLabels[permission]}` };
  }
  return { allowed: true, scope: "all", reason: `role ${role.name} may ${configLabels[permission]}`, roleName: role.name };
}

/**
 * May the actor hand out this role (define it, or give it to someone)? Nobody grants
 * more than they hold, so managing users and roles never widens one's own access.
 */
export function decideGrant(actor: Actor, role: Pick<RoleDefinition, "name" | "entities" | "config"> & { fields?: RoleDefinition["fields"] }): Decision {
  const off = inactive(actor);
  if (off) return off;
  for (const entity of entityTypes) {
    for (const action of recordActions) {
      const wanted = role.entities[entity][action];
      if (scopeRank(wanted) > scopeRank(grantedScope(actor, action, entity).scope)) {
        return { allowed: false, scope: "none", reason: `role ${role.name} allows ${action} on ${scopeText(wanted, entityLabels[entity].many)}, more than this user holds` };
      }
    }
  }
  const beyond = role.config.find((permission) => !decideConfig(actor, permission).allowed);
  if (beyond) return { allowed: false, scope: "none", reason: `role ${role.name} may ${configLabels[beyond]}, which this user may not` };
  // Field rules too: a field hidden from (or read-only for) the actor stays so in what they grant.
  for (const entity of entityTypes) {
    const restricted = new Set(actor.roles.flatMap((held) => Object.keys(held.fields[entity] ?? {})));
    for (const field of restricted) {
      const mine = fieldAccess(actor, entity, field);
      const granted: FieldAccess = role.entities[entity].read === "none" ? "hidden" : (role.fields?.[entity]?.[field] ?? "write");
      if (accessRank(granted) > accessRank(mine)) {
        return {
          allowed: false,
          scope: "none",
          reason: `role ${role.name} may ${granted} the ${entityLabels[entity].one} field "${field}", which this user ${mine === "hidden" ? "may not see" : "may only read"}`,
        };
      }
    }
  }
  return { allowed: true, scope: "all", reason: `every grant of role ${role.name} is within this user's own permissions` };
}

/**
 * May the actor move this user between teams? Team scope follows teams, so only
 * an Owner changes their own teams or adds someone to a team the actor is not in.
 */
export function decideTeamChange(actor: Actor, target: { userId: string; teamIds: readonly string[] }, next: readonly string[]): Decision {
  const off = inactive(actor);
  if (off) return off;
  if (actor.roles.some((role) => role.id === "owner" && role.builtIn)) return { allowed: true, scope: "all", reason: "an Owner may change anyone's teams" };
  const added = next.filter((team) => !target.teamIds.includes(team));
  if (target.userId === actor.userId && (added.length > 0 || next.length !== target.teamIds.length)) {
    return { allowed: false, scope: "none", reason: "only an Owner may change their own teams" };
  }
  const foreign = added.find((team) => !actor.teamIds.includes(team));
  if (foreign) return { allowed: false, scope: "none", reason: `only an Owner may add someone to team ${foreign}, which this user is not in` };
  return { allowed: true, scope: "all", reason: "every team added is one of this user's own" };
}

/**
 * May the actor change or remove this user? Managing users needs the users-and-roles
 * permission (checked by the caller); an Owner, in addition, is only changed by an Owner.
 */
export function decideManageUser(actor: Actor, target: { userId: string; roleIds: readonly string[] }): Decision {
  const off = inactive(actor);
  if (off) return off;
  const targetIsOwner = target.roleIds.includes("owner");
  const actorIsOwner = actor.roles.some((role) => role.id === "owner" && role.builtIn);
  if (targetIsOwner && !actorIsOwner && target.userId !== actor.userId) {
    return { allowed: false, scope: "none", reason: "only an Owner may change or remove another Owner" };
  }
  return { allowed: true, scope: "all", reason: targetIsOwner ? "an Owner may change another Owner" : "this user is not an Owner" };
}

/** The most any role grants on one field: the union of roles, "write" where no rule names it. */
export function fieldAccess(actor: Actor, entity: EntityType, field: string): FieldAccess {
  let best: FieldAccess = "hidden";
  for (const role of actor.roles) {
    if (role.entities[entity].read === "none") continue;
    const access = role.fields[entity]?.[field] ?? "write";
    if (accessRank(access) > accessRank(best)) best = access;
  }
  return best;
}

/** Keys of `fields` the actor may not see. */
export function hiddenFields(actor: Actor, entity: EntityType, fields: Iterable<string>): string[] {
  return [...fields].filter((field) => fieldAccess(actor, entity, field) === "hidden");
}

/** Keys of `fields` the actor may not write. */
export function readOnlyFields(actor: Actor, entity: EntityType, fields: Iterable<string>): string[] {
  return [...fields].filter((field) => fieldAccess(actor, entity, field) !== "write");
}

export interface EffectivePermissions {
  entities: { [E in EntityType]: { [A in RecordAction]: Scope } };
  config: ConfigPermission[];
}
