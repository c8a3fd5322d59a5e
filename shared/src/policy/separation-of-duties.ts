/**
 * Separation of duties: rules saying that two powers must not meet in one person
 * (who configures workflows does not also approve access). A rule names two
 * powers; a user breaks it when their roles, together, give both. Pure: the roles
 * and the rules come in, conflicts and decisions go out, each with its words.
 *
 * The built-in Owner role holds every power by design (it is the organisation's
 * break-glass role), so it is left out of conflict checks; keeping Owners few is
 * the access review's business.
 */
import type { ConfigPermission, EntityType, RecordAction, RoleDefinition, Scope } from "./model.js";
import { configLabels, entityLabels, scopeRank } from "./model.js";

/** A power a rule may name: a configuration permission, a record action from a scope up, or a role itself. */
export type Power =
  | { kind: "config"; permission: ConfigPermission }
  /** Without `entity`, on any kind of record. */
  | { kind: "record"; action: RecordAction; atLeast: Exclude<Scope, "none">; entity?: EntityType }
  | { kind: "role"; roleId: string };

export interface ConflictRule {
  id: string;
  name: string;
  /** Why the two must stay apart: shown when a grant is refused and in the report. */
  why: string;
  powers: readonly [Power, Power];
  /** A grant that breaks the rule may still be made through an approved request with a justification. */
  allowExceptions: boolean;
  enabled: boolean;
}

/** Ready rules an Owner can switch on (all off until they do). */
export const conflictExamples: readonly ConflictRule[] = [
  {
    id: "workflows-and-approvals",
    name: "Workflows and access approvals",
    why: "Whoever builds workflows could give a workflow roles and then approve their own access.",
    powers: [
      { kind: "config", permission: "workflows" },
      { kind: "config", permission: "approveAccess" },
    ],
    allowExceptions: false,
    enabled: false,
  },
  {
    id: "delete-all-and-audit",
    name: "Deleting any record and reading the audit log",
    why: "Whoever may delete every record should not also be the one who checks the log of deletions.",
    powers: [
      { kind: "record", action: "delete", atLeast: "all" },
      { kind: "config", permission: "audit" },
    ],
    allowExceptions: true,
    enabled: false,
  },
  {
    id: "users-and-approvals",
    name: "Managing users and approving access",
    why: "Whoever gives people roles should not also approve those grants.",
    powers: [
      { kind: "config", permission: "usersAndRoles" },
      { kind: "config", permission: "approveAccess" },
    ],
    allowExceptions: true,
    enabled: false,
  },
];

const isOwnerRole = (role: Pick<RoleDefinition, "id" | "builtIn">): boolean => role.builtIn && role.id === "owner";

/** The first of these roles that gives the power (the Owner role never counts), or undefined. */
export function roleGiving(roles: readonly RoleDefinition[], power: Power): RoleDefinition | undefined {
  return roles.find((role) => !isOwnerRole(role) && gives(role, power));
}

function gives(role: RoleDefinition, power: Power): boolean {
  switch (power.kind) {
    case "config":
      return role.config.includes(power.permission);
    case "record": {
      const entities = power.entity ? [power.entity] : (Object.keys(role.entities) as EntityType[]);
      return entities.some((entity) => scopeRank(role.entities[entity][power.action]) >= scopeRank(power.atLeast));
    }
    case "role":
      return role.id === power.roleId;
  }
}

/** A power in plain words: "configure workflows", "delete every opportunity", "hold the role Auditor". */
export function describePower(power: Power, roleName: (roleId: string) => string = (roleId) => roleId): string {
  switch (power.kind) {
    case "config":
      return configLabels[power.permission];
    case "record": {
      const what = power.entity ? entityLabels[power.entity].many : "records";
      const scope = power.atLeast === "all" ? `every one of the ${what}` : power.atLeast === "team" ? `the team's ${what}` : `their own ${what}`;
      return `${power.action} ${scope}`;
    }
    case "role":
      return `hold the role ${roleName(power.roleId)}`;
  }
}

export interface Conflict {
  rule: ConflictRule;
  /** The roles that give each of the rule's two powers. */
  through: readonly [string, string];
}

/** The enabled rules these roles break together, with the role behind each power. */
export function conflictsOf(roles: readonly RoleDefinition[], rules: readonly ConflictRule[]): Conflict[] {
  return rules.flatMap((rule) => {
    if (!rule.enabled) return [];
    const first = roleGiving(roles, rule.powers[0]);
    const second = roleGiving(roles, rule.powers[1]);
    return first && second ? [{ rule, through: [first.name, second.name] as const }] : [];
  });
}

export type GrantCheck =
  | { outcome: "allowed"; reason: string }
  /** Every new conflict's rule allows exceptions: possible through an approved request with a justification. */
  | { outcome: "needsException"; conflicts: Conflict[]; reason: string }
  | { outcome: "refused"; conflicts: Conflict[]; reason: string };

/**
 * May someone who holds `held` be given `added` (a role, or a role's new definition)?
 * Only conflicts the grant creates count: ones the person had already are the
 * report's, not this grant's. One rule without exceptions refuses the grant.
 */
export function checkRoleGrant(held: readonly RoleDefinition[], added: RoleDefinition, rules: readonly ConflictRule[]): GrantCheck {
  const before = new Set(conflictsOf(held, rules).map((conflict) => conflict.rule.id));
  const created = conflictsOf([...held.filter((role) => role.id !== added.id), added], rules).filter((conflict) => !before.has(conflict.rule.id));
  if (created.length === 0) return { outcome: "allowed", reason: `role ${added.name} breaks no separation-of-duties rule` };
  const names = created.map((conflict) => `"${conflict.rule.name}"`).join(", ");
  if (created.some((conflict) => !conflict.rule.allowExceptions)) {
    return { outcome: "refused", conflicts: created, reason: `role ${added.name} would break the separation-of-duties rule ${names}` };
  }
  return { outcome: "needsException", conflicts: created, reason: `role ${added.name} would break ${names}: only an approved exception with a justification allows it` };
}
