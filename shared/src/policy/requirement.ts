/**
 * What a route requires of its caller. Each route declares one Requirement; one
 * hook enforces it before the body is validated, and the permission-surface
 * snapshot prints the same declaration, so what is listed is what is enforced.
 * Pure: the parts that need a stored record (`record`) are decided by the
 * caller once the record is loaded, with `decideOnRecord`.
 */
import { decideConfig, decideOnEntity } from "./decide.js";
import type { Actor, ConfigPermission, Decision, EntityType, RecordAction } from "./model.js";
import { configLabels } from "./model.js";

/** Where a route finds a value it names: a path parameter or a query-string parameter. */
export type RequestValue = { params: string } | { query: string };

export type Requirement =
  /** No token: health, OpenAPI, dev sign-in (dev mode only), the bot (Bot Framework auth). */
  | { kind: "public"; why: string }
  /** Any signed-in user of the tenant; the service narrows what they get to what is theirs. */
  | { kind: "signedIn"; why?: string }
  /** A configuration permission; `action` names the attempt in the audit log. */
  | { kind: "config"; permission: ConfigPermission; action: string }
  /** Any one of these configuration permissions (e.g. the RACI chart: forms or users and roles); `action` as for `config`. */
  | { kind: "anyConfig"; permissions: readonly ConfigPermission[]; action: string }
  /** The action on the entity at some scope (lists, create, export, reports); the service applies the scope. */
  | { kind: "entity"; entity: EntityType; action: RecordAction }
  /** The action on one stored record, loaded before validation: 404 when it may not be read, 403 when only the action is refused. */
  | { kind: "record"; entity: EntityType | RequestValue; id: RequestValue; action: RecordAction }
  /** Every one of these, in order. */
  | { kind: "all"; of: readonly Requirement[] }
  /** Signed in when the request is about the caller (the value absent or their own id); otherwise `others`. */
  | { kind: "selfOr"; user: RequestValue; others: Requirement }
  /**
   * `inner`, and then a recent multi-factor sign-in (the API's step-up policy, auth/step-up.ts).
   * With `whenBodySets`, only a body that sets one of these fields needs the step-up.
   */
  | { kind: "stepUp"; inner: Requirement; whenBodySets?: readonly string[] };

export const requires = {
  public: (why: string): Requirement => ({ kind: "public", why }),
  signedIn: (why?: string): Requirement => ({ kind: "signedIn", ...(why ? { why } : {}) }),
  config: (permission: ConfigPermission, action: string): Requirement => ({ kind: "config", permission, action }),
  anyConfig: (permissions: readonly [ConfigPermission, ...ConfigPermission[]], action: string): Requirement => ({ kind: "anyConfig", permissions, action }),
  entity: (entity: EntityType, action: RecordAction): Requirement => ({ kind: "entity", entity, action }),
  record: (entity: EntityType | RequestValue, action: RecordAction, id: RequestValue = { params: "id" }): Requirement => ({ kind: "record", entity, id, action }),
  all: (...of: Requirement[]): Requirement => ({ kind: "all", of }),
  selfOr: (user: RequestValue, others: Requirement): Requirement => ({ kind: "selfOr", user, others }),
  /**
   * A sensitive action: `inner` first (a caller who may not do it is refused as always, and
   * is not asked to sign in again for nothing), then a recent multi-factor sign-in, or 401
   * `step_up_required` with a claims challenge. E.g.
   * `requires.stepUp(requires.config("approveAccess", "access.decide"))`, or for a change that
   * is sensitive only in part, `requires.stepUp(inner, { whenBodySets: ["roleIds"] })`.
   */
  stepUp: (inner: Requirement, options: { whenBodySets?: readonly string[] } = {}): Requirement => ({
    kind: "stepUp",
    inner,
    ...(options.whenBodySets?.length ? { whenBodySets: options.whenBodySets } : {}),
  }),
};

/** The audit action of a refused entity-level attempt (a list is a read of many). */
export const entityAttempt = (entity: EntityType, action: RecordAction): string => `${entity}.${action === "read" ? "list" : action}`;

/** The audit action a refused attempt is written under: the first action the requirement names. */
export function attemptOf(requirement: Requirement): string {
  switch (requirement.kind) {
    case "config":
    case "anyConfig":
      return requirement.action;
    case "entity":
      return entityAttempt(requirement.entity, requirement.action);
    case "record":
      return typeof requirement.entity === "string" ? `${requirement.entity}.${requirement.action}` : `record.${requirement.action}`;
    case "all":
      return requirement.of[0] ? attemptOf(requirement.of[0]) : "signedIn";
    case "selfOr":
      return attemptOf(requirement.others);
    case "stepUp":
      return attemptOf(requirement.inner);
    case "public":
    case "signedIn":
      return "signedIn";
  }
}

/**
 * The decision for the parts of a requirement that need no stored record:
 * `signedIn`, `config`, `anyConfig` and `entity`. `record`, `all` and `selfOr` are walked by
 * the enforcing hook, which reads the request and loads the record; so is `stepUp`,
 * which needs the token's sign-in proof and the time.
 */
export function decideDeclared(actor: Actor, requirement: Extract<Requirement, { kind: "signedIn" | "config" | "anyConfig" | "entity" }>): Decision {
  switch (requirement.kind) {
    case "signedIn":
      return { allowed: true, scope: "own", reason: "any signed-in user of the tenant may ask" };
    case "config":
      return decideConfig(actor, requirement.permission);
    case "anyConfig":
      return decideAnyConfig(actor, requirement.permissions);
    case "entity":
      return decideOnEntity(actor, requirement.action, requirement.entity);
  }
}

/** Allowed by the first permission a role holds; refused with every permission named, in words. */
function decideAnyConfig(actor: Actor, permissions: readonly ConfigPermission[]): Decision {
  const decisions = permissions.map((permission) => decideConfig(actor, permission));
  const first = decisions[0];
  if (!first) return { allowed: false, scope: "none", reason: "no permission is named" };
  const allowed = decisions.find((decision) => decision.allowed);
  if (allowed) return allowed;
  if (!actor.active) return first;
  const others = permissions.slice(1).map((permission) => ` or ${configLabels[permission]}`);
  return { ...first, reason: `${first.reason}${others.join("")}` };
}

const valueText = (value: RequestValue): string => ("params" in value ? `:${value.params}` : `?${value.query}`);

/** The requirement in words, for the permission-surface snapshot and the API description. */
export function describeRequirement(requirement: Requirement): string {
  switch (requirement.kind) {
    case "public":
      return `public (${requirement.why})`;
    case "signedIn":
      return requirement.why ? `signed in (${requirement.why})` : "signed in";
    case "config":
      return `config:${requirement.permission}`;
    case "anyConfig":
      return requirement.permissions.map((permission) => `config:${permission}`).join(" or ");
    case "entity":
      return `${requirement.entity}:${requirement.action} at some scope`;
    case "record": {
      const entity = typeof requirement.entity === "string" ? requirement.entity : `<${valueText(requirement.entity)}>`;
      return `${entity}:${requirement.action} on the record ${valueText(requirement.id)}`;
    }
    case "all":
      return requirement.of.map(describeRequirement).join(" + ");
    case "selfOr":
      return `signed in (about themselves) / ${describeRequirement(requirement.others)} (about ${valueText(requirement.user)} someone else)`;
    case "stepUp": {
      const when = requirement.whenBodySets ? ` when the body sets ${requirement.whenBodySets.join(" or ")}` : "";
      return `${describeRequirement(requirement.inner)} + step-up sign-in${when}`;
    }
  }
}
