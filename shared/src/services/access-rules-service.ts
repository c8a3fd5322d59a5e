/**
 * The rules of access governance, as a tenant sets them: which roles need an approved
 * request (approval policies) and which powers must not meet in one person
 * (separation-of-duties rules), with the report of conflicts people hold today.
 * Setting either needs the "approve access" permission; the decisions themselves are
 * the policy library's pure functions.
 */
import { AppError, forbidden, invalidInput, notFound } from "../errors/app-error.js";
import type { FieldProblem } from "../errors/app-error.js";
import { newId } from "../domain/ids.js";
import type { ApprovalPolicy } from "../policy/access-approval.js";
import { checkApprovalPolicy } from "../policy/access-approval.js";
import { decideConfig } from "../policy/decide.js";
import type { Actor, Decision, RoleDefinition } from "../policy/model.js";
import { configPermissions } from "../policy/model.js";
import { builtInRoles } from "../policy/roles.js";
import type { Conflict, ConflictRule, GrantCheck, Power } from "../policy/separation-of-duties.js";
import { checkRoleGrant, conflictExamples, conflictsOf, describePower } from "../policy/separation-of-duties.js";
import type { AccessRepository, Stored } from "../storage/access-repository.js";
import type { ChangeWriter } from "../storage/change-writer.js";
import type { ConfigRepository } from "../storage/config-repository.js";
import { auditDenial } from "./audit-context.js";
import type { Clock } from "./clock.js";
import { configChange } from "./config-change.js";

/** A rule as the tenant sees it: a ready example (saved or not) or its own. */
export interface TenantConflictRule extends ConflictRule {
  example: boolean;
  etag?: string;
}

type RuleInput = Omit<ConflictRule, "id">;
type PolicyInput = Omit<ApprovalPolicy, "roleId">;

/** Someone holding conflicting powers now: who, which rule, through which roles. */
interface HeldConflict {
  userId: string;
  displayName: string;
  ruleId: string;
  ruleName: string;
  why: string;
  powers: [string, string];
  through: [string, string];
}

export class AccessRulesService {
  constructor(
    private readonly access: AccessRepository,
    private readonly config: ConfigRepository,
    private readonly changes: ChangeWriter,
    private readonly clock: Clock,
  ) {}

  /** Only holders of "approve access" set the rules; a refusal is audited. */
  private async requireApprover(actor: Actor, action: string): Promise<void> {
    const decision = decideConfig(actor, "approveAccess");
    if (decision.allowed) return;
    await this.refuse(actor, action, decision);
  }

  async refuse(actor: Actor, action: string, decision: Decision): Promise<never> {
    await auditDenial(this.changes.audit, this.clock, actor, action, decision);
    throw forbidden(decision.reason);
  }

  private async roles(tenantId: string): Promise<RoleDefinition[]> {
    return [...builtInRoles, ...(await this.config.listRoles(tenantId))];
  }

  // ---- approval policies ----

  policies(tenantId: string): Promise<Stored<ApprovalPolicy>[]> {
    return this.access.listPolicies(tenantId);
  }

  policyFor(tenantId: string, roleId: string): Promise<Stored<ApprovalPolicy> | undefined> {
    return this.access.getPolicy(tenantId, roleId);
  }

  async savePolicy(actor: Actor, roleId: string, input: PolicyInput, etag?: string): Promise<Stored<ApprovalPolicy>> {
    await this.requireApprover(actor, "access.policy.save");
    const roles = await this.roles(actor.tenantId);
    if (!roles.some((role) => role.id === roleId)) throw notFound("role");
    const policy: ApprovalPolicy = {
      roleId,
      approvers: input.approvers.kind === "owners" ? { kind: "owners" } : { kind: "roles", roleIds: [...new Set(input.approvers.roleIds)] },
      approvalsNeeded: input.approvalsNeeded,
      ...(input.maxDays !== undefined ? { maxDays: input.maxDays } : {}),
      justificationRequired: input.justificationRequired,
      expiresAfterDays: input.expiresAfterDays,
    };
    const problems = checkApprovalPolicy(policy, (id) => roles.some((role) => role.id === id));
    if (problems.length > 0) throw invalidInput(problems, "The approval policy cannot be saved.");
    const existing = await this.access.getPolicy(actor.tenantId, roleId);
    if (existing && etag && etag !== existing.etag) throw stale();
    const { etag: _e, changeIds: _c, ...before } = existing ?? { etag: "", changeIds: "" };
    const newEtag = await this.access.savePolicy(actor.tenantId, policy, configChange(this.clock, actor, "access.policy.save", existing ? before : undefined, policy, existing));
    return { ...policy, etag: newEtag ?? "", changeIds: "" };
  }

  async deletePolicy(actor: Actor, roleId: string): Promise<void> {
    await this.requireApprover(actor, "access.policy.delete");
    const existing = await this.access.getPolicy(actor.tenantId, roleId);
    if (!existing) throw notFound("approval policy");
    const { etag: _e, changeIds: _c, ...before } = existing;
    await this.access.deletePolicy(actor.tenantId, roleId, configChange(this.clock, actor, "access.policy.delete", before, undefined, existing));
  }

  // ---- separation-of-duties rules ----

  /** The ready examples (as saved, or off) followed by the tenant's own rules. */
  async rules(tenantId: string): Promise<TenantConflictRule[]> {
    const stored = await this.access.listRules(tenantId);
    const byId = new Map(stored.map((rule) => [rule.id, rule]));
    const examples = conflictExamples.map((example) => {
      const saved = byId.get(example.id);
      return saved ? { ...publicRule(saved), example: true } : { ...example, example: true };
    });
    const own = stored.filter((rule) => !conflictExamples.some((example) => example.id === rule.id)).map((rule) => ({ ...publicRule(rule), example: false }));
    return [...examples, ...own];
  }

  async enabledRules(tenantId: string): Promise<ConflictRule[]> {
    return (await this.rules(tenantId)).filter((rule) => rule.enabled);
  }

  /** Saves a rule: `ruleId` of an example or of the tenant's own; none creates a new one. */
  async saveRule(actor: Actor, input: RuleInput, ruleId?: string, etag?: string): Promise<TenantConflictRule> {
    await this.requireApprover(actor, "access.rule.save");
    const roles = await this.roles(actor.tenantId);
    const problems = checkRule(input, (id) => roles.some((role) => role.id === id));
    if (problems.length > 0) throw invalidInput(problems, "The rule cannot be saved.");
    const example = conflictExamples.find((candidate) => candidate.id === ruleId);
    const existing = ruleId ? await this.access.getRule(actor.tenantId, ruleId) : undefined;
    if (ruleId && !example && !existing) throw notFound("rule");
    if (existing && etag && etag !== existing.etag) throw stale();
    const rule: ConflictRule = {
      id: ruleId ?? `c${newId(this.clock.now().getTime())}`,
      name: input.name.trim(),
      why: input.why.trim(),
      powers: input.powers,
      allowExceptions: input.allowExceptions,
      enabled: input.enabled,
    };
    const others = (await this.rules(actor.tenantId)).filter((other) => other.id !== rule.id);
    if (others.some((other) => other.name.toLowerCase() === rule.name.toLowerCase())) throw invalidInput([{ field: "name", message: "Another rule already has this name." }]);
    const before = existing ? publicRule(existing) : example;
    const newEtag = await this.access.saveRule(actor.tenantId, rule, configChange(this.clock, actor, "access.rule.save", before, rule, existing));
    return { ...rule, example: example !== undefined, ...(newEtag ? { etag: newEtag } : {}) };
  }

  /** Deletes one of the tenant's own rules; for an example, puts it back as shipped (off). */
  async deleteRule(actor: Actor, ruleId: string): Promise<void> {
    await this.requireApprover(actor, "access.rule.delete");
    const existing = await this.access.getRule(actor.tenantId, ruleId);
    if (!existing) {
      if (conflictExamples.some((example) => example.id === ruleId)) return;
      throw notFound("rule");
    }
    await this.access.deleteRule(actor.tenantId, ruleId, configChange(this.clock, actor, "access.rule.delete", publicRule(existing), undefined, existing));
  }

  /** May someone holding `held` receive `added`, under the tenant's switched-on rules? */
  async checkGrant(tenantId: string, held: readonly RoleDefinition[], added: RoleDefinition): Promise<GrantCheck> {
    return checkRoleGrant(held, added, await this.enabledRules(tenantId));
  }

  /** Conflicts active users hold today, for the report and the explain view. */
  async conflictReport(actor: Actor): Promise<HeldConflict[]> {
    await this.requireApprover(actor, "access.conflicts");
    const rules = await this.enabledRules(actor.tenantId);
    if (rules.length === 0) return [];
    const roles = await this.roles(actor.tenantId);
    const roleName = (id: string) => roles.find((role) => role.id === id)?.name ?? "a removed role";
    const users = (await this.config.listUsers(actor.tenantId)).filter((user) => user.active && !user.removed);
    return users.flatMap((user) => {
      const held = roles.filter((role) => user.roleIds.includes(role.id));
      return conflictsOf(held, rules).map((conflict) => heldConflict(user, conflict, roleName));
    });
  }

  /** The conflicts of one user's roles (the explain view's answer). */
  async conflictsOfUser(tenantId: string, held: readonly RoleDefinition[]): Promise<Conflict[]> {
    return conflictsOf(held, await this.enabledRules(tenantId));
  }
}

const publicRule = ({ etag, changeIds: _c, ...rule }: Stored<ConflictRule>): ConflictRule & { etag: string } => ({ ...rule, etag });

function heldConflict(user: { userId: string; displayName: string }, conflict: Conflict, roleName: (id: string) => string): HeldConflict {
  return {
    userId: user.userId,
    displayName: user.displayName,
    ruleId: conflict.rule.id,
    ruleName: conflict.rule.name,
    why: conflict.rule.why,
    powers: [describePower(conflict.rule.powers[0], roleName), describePower(conflict.rule.powers[1], roleName)],
    through: [conflict.through[0], conflict.through[1]],
  };
}

function checkRule(input: RuleInput, roleExists: (roleId: string) => boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.name.trim().length === 0) problems.push({ field: "name", message: "Give the rule a name." });
  if (input.why.trim().length === 0) problems.push({ field: "why", message: "Say why the two must stay apart: people read it when a grant is refused." });
  input.powers.forEach((power, index) => problems.push(...checkPower(power, `powers.${index}`, roleExists)));
  if (JSON.stringify(input.powers[0]) === JSON.stringify(input.powers[1])) problems.push({ field: "powers", message: "A rule names two different powers." });
  return problems;
}

function checkPower(power: Power, field: string, roleExists: (roleId: string) => boolean): FieldProblem[] {
  if (power.kind === "config" && !(configPermissions as readonly string[]).includes(power.permission)) return [{ field, message: "There is no such permission." }];
  if (power.kind === "role" && !roleExists(power.roleId)) return [{ field, message: `There is no role "${power.roleId}".` }];
  if (power.kind === "role" && power.roleId === "owner") return [{ field, message: "The Owner role holds every power by design; rules leave it out." }];
  return [];
}

const stale = () => new AppError("precondition_failed", "Someone else changed this since you loaded it. Reload, then apply your change again.");
