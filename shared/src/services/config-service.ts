/**
 * Owner configuration: forms, pipelines, custom roles and users. Every method asks
 * the policy for the matching configuration permission first; every change is
 * audited with its before and after.
 */
import type { FieldProblem } from "../errors/app-error.js";
import { AppError, forbidden, invalidInput, notFound } from "../errors/app-error.js";
import type { FieldDefinition } from "../domain/forms.js";
import { checkFormDefinition } from "../domain/forms.js";
import { newId } from "../domain/ids.js";
import type { Pipeline } from "../domain/pipelines.js";
import { checkPipeline } from "../domain/pipelines.js";
import { decideConfig, decideGrant, decideManageUser, decideTeamChange, fieldAccess } from "../policy/decide.js";
import type { Actor, ConfigPermission, Decision, EntityType, RoleDefinition } from "../policy/model.js";
import { entityTypes } from "../policy/model.js";
import { builtInRoles, findPersonaTemplate, memberRole, ownerRole } from "../policy/roles.js";
import type { ChangeWriter, DomainEvent } from "../storage/change-writer.js";
import type { ConfigChange, ConfigRepository, UserRecord, UserSource } from "../storage/config-repository.js";
import type { RecordRepository } from "../storage/record-repository.js";
import { auditDenial } from "./audit-context.js";
import { configChange } from "./config-change.js";
import type { Clock } from "./clock.js";
import type { TeamMember } from "./team-directory.js";
import type { RecordService } from "./record-service.js";
import type { AccessRequestService, AccessRequestView, GrantReason, HeldGrant } from "./access-request-service.js";
import type { AccessRulesService } from "./access-rules-service.js";
import type { RaciService } from "./raci-service.js";

interface RoleInput {
  name: string;
  description?: string;
  template?: string;
  entities?: RoleDefinition["entities"];
  config?: ConfigPermission[];
  fields?: RoleDefinition["fields"];
}

interface UserInput {
  userId: string;
  displayName: string;
  email?: string;
  roleIds?: string[];
  teamIds?: string[];
  /** Why, for roles whose grant needs approval. */
  access?: GrantReason;
  /** Where the user comes from (by hand unless said otherwise). */
  source?: UserSource;
}

interface UserPatch {
  roleIds?: string[];
  teamIds?: string[];
  active?: boolean;
  displayName?: string;
  email?: string;
  access?: GrantReason;
}

/** A user as saved, with the requests opened for the roles held back for approval. */
type SavedUser = UserRecord & { pendingRequests: AccessRequestView[] };

export class ConfigService {
  constructor(
    private readonly config: ConfigRepository,
    private readonly records: RecordRepository,
    private readonly recordService: RecordService,
    private readonly changes: ChangeWriter,
    private readonly clock: Clock,
    private readonly governance: { rules: AccessRulesService; requests: AccessRequestService; raci: Pick<RaciService, "usesOfRole"> },
  ) {}

  async require(actor: Actor, permission: ConfigPermission, action: string): Promise<void> {
    await this.enforce(actor, action, decideConfig(actor, permission));
  }

  /** A refused decision is audited with its reason and answered 403. */
  private async enforce(actor: Actor, action: string, decision: Decision): Promise<void> {
    if (decision.allowed) return;
    await auditDenial(this.changes.audit, this.clock, actor, action, decision);
    throw forbidden(decision.reason);
  }

  private change(actor: Actor, action: string, before: unknown, after: unknown, previous?: { etag?: string; changeIds: string }, events: DomainEvent[] = []): ConfigChange {
    return configChange(this.clock, actor, action, before, after, previous, { events });
  }

  // ---- forms ----

  /**
   * A form as this actor may read it. Those who manage forms see every field (they edit them);
   * everyone else sees only the fields their roles show, so a hidden field's label and choices
   * do not appear either.
   */
  async formFor(actor: Actor, entity: EntityType) {
    const { changeIds: _c, ...form } = await this.config.getForm(actor.tenantId, entity);
    if (decideConfig(actor, "forms").allowed) return form;
    return { ...form, fields: form.fields.filter((field) => fieldAccess(actor, entity, field.key) !== "hidden") };
  }

  async formsFor(actor: Actor) {
    return Promise.all(entityTypes.map((entity) => this.formFor(actor, entity)));
  }

  async putForm(actor: Actor, entity: EntityType, fields: FieldDefinition[], etag?: string) {
    await this.require(actor, "forms", "form.update");
    const problems = checkFormDefinition(fields, entity);
    if (problems.length > 0) throw invalidInput(problems, "The form cannot be saved.");
    const current = await this.config.getForm(actor.tenantId, entity);
    if (etag && current.etag && etag !== current.etag) throw staleConfig();
    const ordered = [...fields].sort((a, b) => a.order - b.order).map((field, order) => ({ ...field, order }));
    const now = this.clock.now().toISOString();
    const newEtag = await this.config.saveForm(
      actor.tenantId,
      { entity, fields: ordered, updatedAt: now, updatedBy: actor.userId },
      this.change(actor, "form.update", current.fields, ordered, current),
    );
    return { entity, fields: ordered, updatedAt: now, updatedBy: actor.userId, etag: newEtag };
  }

  // ---- pipelines ----

  listPipelines(tenantId: string) {
    return this.config.listPipelines(tenantId);
  }

  async savePipeline(actor: Actor, input: Omit<Pipeline, "id" | "etag"> & { id?: string }, etag?: string): Promise<Pipeline> {
    await this.require(actor, "pipelines", "pipeline.save");
    const problems = checkPipeline(input);
    if (problems.length > 0) throw invalidInput(problems, "The pipeline cannot be saved.");
    const pipelines = await this.config.listPipelines(actor.tenantId);
    const existing = input.id ? pipelines.find((pipeline) => pipeline.id === input.id) : undefined;
    if (input.id && !existing) throw notFound("pipeline");
    if (existing && etag && existing.etag && etag !== existing.etag) throw staleConfig();
    if (existing) {
      const removed = existing.stages.filter((stage) => !input.stages.some((next) => next.id === stage.id));
      if (removed.length > 0) {
        throw invalidInput(
          removed.map((stage) => ({ field: "stages", message: `Stage "${stage.name}" would disappear: delete it with a target stage instead.` })),
          "Stages are removed one at a time, with a stage to move their opportunities to.",
        );
      }
    }
    const pipeline: Pipeline = { id: existing?.id ?? newId(this.clock.now().getTime()), name: input.name, stages: input.stages, isDefault: input.isDefault };
    await this.persistDefaultPipelineIfImplicit(actor, pipelines, pipeline);
    const newEtag = await this.config.savePipeline(actor.tenantId, pipeline, this.change(actor, "pipeline.save", existing, pipeline, existing));
    return { ...pipeline, ...(newEtag ? { etag: newEtag } : {}) };
  }

  /** The built-in default pipeline exists only in code until the tenant saves a pipeline; keep it when they do. */
  private async persistDefaultPipelineIfImplicit(actor: Actor, pipelines: (Pipeline & { changeIds: string })[], saving: Pipeline): Promise<void> {
    const implicit = pipelines.length === 1 && !pipelines[0]!.etag ? pipelines[0]! : undefined;
    if (!implicit || implicit.id === saving.id) return;
    const { changeIds: _changeIds, ...stored } = implicit;
    await this.config.savePipeline(actor.tenantId, stored, this.change(actor, "pipeline.save", undefined, stored));
  }

  /**
   * Removes a stage. Opportunities in it move to `targetStageId` first; without a
   * target, a stage in use cannot be removed.
   */
  async deleteStage(actor: Actor, pipelineId: string, stageId: string, targetStageId: string | undefined): Promise<{ pipeline: Pipeline; moved: number }> {
    await this.require(actor, "pipelines", "pipeline.deleteStage");
    const pipelines = await this.config.listPipelines(actor.tenantId);
    const pipeline = pipelines.find((candidate) => candidate.id === pipelineId);
    if (!pipeline) throw notFound("pipeline");
    if (!pipeline.stages.some((stage) => stage.id === stageId)) throw notFound("stage");
    if (pipeline.stages.length === 1) throw invalidInput([{ field: "stageId", message: "A pipeline keeps at least one stage." }]);
    if (targetStageId !== undefined && (targetStageId === stageId || !pipeline.stages.some((stage) => stage.id === targetStageId))) {
      throw invalidInput([{ field: "targetStageId", message: "The target must be another stage of the same pipeline." }]);
    }
    const inStage = [];
    let token: string | undefined;
    do {
      const page = await this.records.list(actor.tenantId, "opportunity", { filters: { pipelineId, stageId }, sort: "newest", pageSize: 100, ...(token ? { continuationToken: token } : {}) });
      inStage.push(...page.items);
      token = page.continuationToken;
    } while (token);
    if (inStage.length > 0 && targetStageId === undefined) {
      throw new AppError("conflict", `${inStage.length} opportunities are in this stage: choose a stage to move them to.`, {
        details: { fields: [{ field: "targetStageId", message: "Required while opportunities use this stage." }], inUse: inStage.length },
      });
    }
    for (const opportunity of inStage) {
      await this.recordService.update(actor, "opportunity", opportunity.id, opportunity.etag, { stageId: targetStageId });
    }
    const next: Pipeline = { id: pipeline.id, name: pipeline.name, isDefault: pipeline.isDefault, stages: pipeline.stages.filter((stage) => stage.id !== stageId) };
    await this.persistDefaultPipelineIfImplicit(actor, pipelines, next);
    const etag = await this.config.savePipeline(actor.tenantId, next, this.change(actor, "pipeline.deleteStage", pipeline, next, pipeline));
    return { pipeline: { ...next, ...(etag ? { etag } : {}) }, moved: inStage.length };
  }

  async deletePipeline(actor: Actor, pipelineId: string): Promise<void> {
    await this.require(actor, "pipelines", "pipeline.delete");
    const pipelines = await this.config.listPipelines(actor.tenantId);
    const pipeline = pipelines.find((candidate) => candidate.id === pipelineId);
    if (!pipeline) throw notFound("pipeline");
    if (pipelines.length === 1) throw new AppError("conflict", "The last pipeline cannot be deleted.");
    const used = await this.records.list(actor.tenantId, "opportunity", { filters: { pipelineId }, sort: "newest", pageSize: 1 });
    if (used.items.length > 0) throw new AppError("conflict", "Opportunities still use this pipeline: move them to another pipeline first.");
    await this.config.deletePipeline(actor.tenantId, pipelineId, this.change(actor, "pipeline.delete", pipeline, undefined, pipeline));
  }

  // ---- roles ----

  async listRoles(tenantId: string): Promise<RoleDefinition[]> {
    return [...builtInRoles, ...(await this.config.listRoles(tenantId))];
  }

  /** The role as saved, with its new ETag (the next change sends it as If-Match). */
  async saveRole(actor: Actor, input: RoleInput, roleId?: string, etag?: string): Promise<RoleDefinition & { etag?: string }> {
    await this.require(actor, "usersAndRoles", "role.save");
    if (roleId && builtInRoles.some((role) => role.id === roleId)) throw forbidden("the built-in Owner and Member roles cannot be changed");
    const existing = roleId ? await this.config.getRole(actor.tenantId, roleId) : undefined;
    if (roleId && !existing) throw notFound("role");
    if (existing && etag && etag !== existing.etag) throw staleConfig();
    const template = input.template ? findPersonaTemplate(input.template) : undefined;
    if (input.template && !template) throw invalidInput([{ field: "template", message: "There is no persona template with this id." }]);
    const base = template ?? existing ?? memberRole;
    const role: RoleDefinition = {
      id: existing?.id ?? `r${newId(this.clock.now().getTime())}`,
      name: input.name.trim(),
      description: input.description ?? template?.description ?? existing?.description ?? "",
      builtIn: false,
      ...(template ? { template: template.id } : existing?.template ? { template: existing.template } : {}),
      entities: input.entities ?? base.entities,
      config: input.config ?? base.config,
      fields: input.fields ?? base.fields ?? {},
    };
    await this.requireGrant(actor, role, "role.save");
    const roles = await this.listRoles(actor.tenantId);
    if (existing) await this.keepRulesForHolders(actor, roles, role);
    if (roles.some((other) => other.id !== role.id && other.name.toLowerCase() === role.name.toLowerCase())) {
      throw invalidInput([{ field: "name", message: "Another role already has this name." }]);
    }
    const { etag: _etag, changeIds: _changeIds, ...before } = existing ?? { etag: undefined, changeIds: undefined };
    const newEtag = await this.config.saveRole(actor.tenantId, role, this.change(actor, "role.save", existing ? before : undefined, role, existing));
    return { ...role, ...(newEtag ? { etag: newEtag } : {}) };
  }

  /**
   * A changed role is a new grant to everyone who holds it: refused when it would
   * give a holder powers a separation-of-duties rule keeps apart (an exception is made
   * per person, through a request, never for a whole role).
   */
  private async keepRulesForHolders(actor: Actor, roles: readonly RoleDefinition[], changed: RoleDefinition): Promise<void> {
    const holders = (await this.config.listUsers(actor.tenantId)).filter((user) => user.active && !user.removed && user.roleIds.includes(changed.id));
    for (const holder of holders) {
      const others = roles.filter((role) => role.id !== changed.id && holder.roleIds.includes(role.id));
      const check = await this.governance.rules.checkGrant(actor.tenantId, others, changed);
      if (check.outcome === "allowed") continue;
      const rule = check.conflicts[0]!.rule;
      await auditDenial(this.changes.audit, this.clock, actor, "role.save", { allowed: false, scope: "none", reason: check.reason });
      throw new AppError("conflict", `This change would give ${holder.displayName} powers the separation-of-duties rule "${rule.name}" keeps apart. ${rule.why}`, {
        details: { reason: check.reason, rules: check.conflicts.map((conflict) => conflict.rule.name) },
      });
    }
  }

  async deleteRole(actor: Actor, roleId: string): Promise<void> {
    await this.require(actor, "usersAndRoles", "role.delete");
    const existing = await this.config.getRole(actor.tenantId, roleId);
    if (!existing) throw notFound("role");
    const users = await this.config.listUsers(actor.tenantId);
    const holders = users.filter((user) => user.roleIds.includes(roleId));
    if (holders.length > 0) throw new AppError("conflict", `${holders.length} users still hold this role: give them another role first.`);
    const uses = await this.governance.raci.usesOfRole(actor.tenantId, roleId);
    if (uses.length > 0) throw new AppError("conflict", `The responsibilities chart names this role in ${uses.join(", ")}: give those tasks another role first.`, { details: { tasks: uses } });
    await this.config.deleteRole(actor.tenantId, roleId, this.change(actor, "role.delete", existing, undefined, existing));
  }

  // ---- users ----

  /**
   * Brings the members of a Teams team in as CRM users. Team owners are only
   * candidates for Owner: they become Owners when the caller confirms them in
   * `ownerIds`. Re-running updates names and e-mails and never duplicates.
   */
  async importTeam(actor: Actor, loadMembers: () => Promise<TeamMember[]>, ownerIds: readonly string[], apply: boolean) {
    await this.require(actor, "usersAndRoles", apply ? "user.import" : "user.importPreview");
    const members = await loadMembers();
    const unknownOwners = ownerIds.filter((id) => !members.some((member) => member.userId === id && member.isTeamOwner));
    if (unknownOwners.length > 0) {
      throw invalidInput(unknownOwners.map((id) => ({ field: "ownerIds", message: `${id} is not an owner of this team.` })));
    }
    const existing = new Map((await this.listUsers(actor.tenantId)).map((user) => [user.userId, user]));
    const plan = members.map((member) => {
      const current = existing.get(member.userId);
      const makeOwner = ownerIds.includes(member.userId);
      return { ...member, existing: current !== undefined, suggestedRole: member.isTeamOwner ? ("owner" as const) : ("member" as const), makeOwner, current };
    });
    if (apply) {
      for (const entry of plan) {
        if (!entry.current) {
          await this.addUser(actor, { userId: entry.userId, displayName: entry.displayName, email: entry.email, roleIds: [entry.makeOwner ? ownerRole.id : memberRole.id], source: "import" });
        } else {
          const roleIds = entry.makeOwner && !entry.current.roleIds.includes(ownerRole.id) ? [...entry.current.roleIds, ownerRole.id] : entry.current.roleIds;
          const unchanged = entry.current.displayName === entry.displayName && entry.current.email === entry.email && roleIds === entry.current.roleIds;
          if (!unchanged) await this.updateUser(actor, entry.userId, { displayName: entry.displayName, email: entry.email, roleIds });
        }
      }
    }
    return plan.map(({ current: _current, ...entry }) => entry);
  }

  async listUsers(tenantId: string): Promise<UserRecord[]> {
    return (await this.config.listUsers(tenantId)).filter((user) => !user.removed);
  }

  /** The users as this actor sees the list: when each was last seen only for those who manage users. */
  async usersFor(actor: Actor): Promise<(UserRecord & { lastSeenAt?: string })[]> {
    const users = await this.listUsers(actor.tenantId);
    if (!decideConfig(actor, "usersAndRoles").allowed) return users;
    const seen = await this.config.listLastSeen(actor.tenantId);
    return users.map((user) => {
      const lastSeenAt = seen.get(user.userId);
      return lastSeenAt ? { ...user, lastSeenAt } : user;
    });
  }

  /** Adds a user; roles whose grant needs approval are held back as requests (the user starts without them). */
  async addUser(actor: Actor, input: UserInput): Promise<SavedUser> {
    await this.require(actor, "usersAndRoles", "user.add");
    const wanted = input.roleIds ?? [memberRole.id];
    const added = await this.checkRoleIds(actor, wanted, [], "user.add");
    await this.enforce(actor, "user.teams", decideTeamChange(actor, { userId: input.userId, teamIds: [] }, input.teamIds ?? []));
    const held = await this.governance.requests.planGrants(actor, added, added, input.access);
    const roleIds = withoutHeld(wanted, held);
    const now = this.clock.now().toISOString();
    const user = { displayName: input.displayName, email: input.email ?? "", roleIds, teamIds: input.teamIds ?? [], active: true, source: input.source ?? "manual", createdAt: now, updatedAt: now };
    const removed = await this.config.getUser(actor.tenantId, input.userId);
    try {
      if (removed?.removed) {
        // Adding a removed user back brings their row back to life, with the new roles.
        await this.config.saveUser(actor.tenantId, input.userId, user, this.change(actor, "user.add", { removed: true }, user, removed));
      } else {
        await this.config.saveUser(actor.tenantId, input.userId, user, this.change(actor, "user.add", undefined, user));
      }
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") throw new AppError("conflict", "This user is already in your organisation.");
      throw error;
    }
    const pendingRequests = held.length > 0 ? await this.governance.requests.open(actor, input.userId, held, input.access!) : [];
    return { ...(await this.config.getUser(actor.tenantId, input.userId))!, pendingRequests };
  }

  /** Changes a user; roles whose grant needs approval are held back as requests, the rest of the change is made. */
  async updateUser(actor: Actor, userId: string, patch: UserPatch, etag?: string): Promise<SavedUser> {
    await this.require(actor, "usersAndRoles", "user.update");
    const existing = await this.config.getUser(actor.tenantId, userId);
    if (!existing || existing.removed) throw notFound("user");
    await this.requireManage(actor, existing, "user.update");
    if (patch.teamIds) await this.enforce(actor, "user.teams", decideTeamChange(actor, existing, patch.teamIds));
    if (etag && etag !== existing.etag) throw staleConfig();
    let held: HeldGrant[] = [];
    if (patch.roleIds) {
      const added = await this.checkRoleIds(actor, patch.roleIds, existing.roleIds, "user.update");
      const nextRoles = (await this.listRoles(actor.tenantId)).filter((role) => patch.roleIds!.includes(role.id));
      held = await this.governance.requests.planGrants(actor, nextRoles, added, patch.access);
    }
    const roleIds = patch.roleIds ? withoutHeld(patch.roleIds, held, existing.roleIds) : existing.roleIds;
    const next = {
      displayName: patch.displayName ?? existing.displayName,
      email: patch.email ?? existing.email,
      roleIds,
      teamIds: patch.teamIds ?? existing.teamIds,
      active: patch.active ?? existing.active,
      source: existing.source,
      createdAt: existing.createdAt,
      updatedAt: this.clock.now().toISOString(),
    };
    const losesOwner = isActiveOwner(existing) && !(next.active && next.roleIds.includes(ownerRole.id));
    if (losesOwner) await this.keepAnOwner(actor, userId);
    const { etag: _e, changeIds: _c, ...before } = existing;
    await this.config.saveUser(
      actor.tenantId,
      userId,
      next,
      this.change(actor, "user.update", before, next, existing, [
        { type: "user.updated", tenantId: actor.tenantId, userId, actorId: actor.userId },
        ...(existing.active && !next.active ? [{ type: "user.deactivated", tenantId: actor.tenantId, userId, actorId: actor.userId }] : []),
      ]),
    );
    await this.governance.requests.rolesRemoved(
      actor,
      userId,
      existing.roleIds.filter((roleId) => !roleIds.includes(roleId)),
    );
    const pendingRequests = held.length > 0 ? await this.governance.requests.open(actor, userId, held, patch.access!) : [];
    return { ...(await this.config.getUser(actor.tenantId, userId))!, pendingRequests };
  }

  async removeUser(actor: Actor, userId: string): Promise<void> {
    await this.require(actor, "usersAndRoles", "user.remove");
    const existing = await this.config.getUser(actor.tenantId, userId);
    if (!existing || existing.removed) throw notFound("user");
    await this.requireManage(actor, existing, "user.remove");
    if (isActiveOwner(existing)) await this.keepAnOwner(actor, userId);
    const { etag: _e, changeIds: _c, ...before } = existing;
    // A tombstone, not a delete: a removed user who signs in again must not join afresh (or as founder).
    const tombstone = { ...before, active: false, removed: true, updatedAt: this.clock.now().toISOString() };
    const events = existing.active ? [{ type: "user.deactivated", tenantId: actor.tenantId, userId, actorId: actor.userId }] : [];
    await this.config.saveUser(actor.tenantId, userId, tombstone, this.change(actor, "user.remove", before, { removed: true }, existing, events));
  }

  /** A tenant always keeps at least one active Owner. */
  private async keepAnOwner(actor: Actor, leavingUserId: string): Promise<void> {
    const tenant = await this.config.getTenant(actor.tenantId);
    const others = (await this.config.listUsers(actor.tenantId)).filter((user) => user.userId !== leavingUserId && isActiveOwner(user));
    if (others.length === 0) throw new AppError("conflict", "Your organisation must keep at least one Owner: make someone else Owner first.");
    // Two Owners demoting each other at once: the tenant row's ETag lets only one through.
    if (tenant) {
      try {
        await this.config.bumpOwnerVersion(tenant);
      } catch {
        throw new AppError("conflict", "Owners were changed at the same moment; try again.");
      }
    }
  }

  /** The roles exist, and the actor holds everything the newly given ones grant; returns the newly given ones. */
  private async checkRoleIds(actor: Actor, roleIds: string[], alreadyHeld: readonly string[], action: string): Promise<RoleDefinition[]> {
    const problems: FieldProblem[] = [];
    if (roleIds.length === 0) problems.push({ field: "roleIds", message: "A user needs at least one role." });
    const known = new Map((await this.listRoles(actor.tenantId)).map((role) => [role.id, role]));
    for (const roleId of roleIds) if (!known.has(roleId)) problems.push({ field: "roleIds", message: `There is no role "${roleId}".` });
    if (problems.length > 0) throw invalidInput(problems);
    const added = roleIds.filter((roleId) => !alreadyHeld.includes(roleId)).map((roleId) => known.get(roleId)!);
    for (const role of added) await this.requireGrant(actor, role, action);
    return added;
  }

  private async requireManage(actor: Actor, target: UserRecord, action: string): Promise<void> {
    await this.enforce(actor, action, decideManageUser(actor, target));
  }

  private async requireGrant(actor: Actor, role: Pick<RoleDefinition, "name" | "entities" | "config" | "fields">, action: string): Promise<void> {
    await this.enforce(actor, action, decideGrant(actor, role));
  }
}

/** The roles to save now: those held back for approval wait; a user keeps at least one role (Member, if none is left). */
function withoutHeld(wanted: readonly string[], held: readonly HeldGrant[], fallback: readonly string[] = [memberRole.id]): string[] {
  const now = wanted.filter((roleId) => !held.some((hold) => hold.role.id === roleId));
  return now.length > 0 ? now : [...fallback];
}

const isActiveOwner = (user: UserRecord): boolean => user.active && user.roleIds.includes(ownerRole.id);

const staleConfig = () => new AppError("precondition_failed", "Someone else changed this since you loaded it. Reload, then apply your change again.");
