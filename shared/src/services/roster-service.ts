/**
 * CRM users follow the Teams teams an Owner linked: joiners become Members (or wait for
 * an Owner where the Member role needs approval), movers change CRM teams, leavers are
 * deactivated. Every change is the system's, audited with its cause ("Teams roster:
 * left team Sales"); a replayed event is handled once; the last Owner is never
 * deactivated by the roster (the Owners are told instead).
 */
import { AppError, invalidInput, notFound } from "../errors/app-error.js";
import type { Actor } from "../policy/model.js";
import { memberRole, ownerRole } from "../policy/roles.js";
import type { ConfigRepository, UserRecord } from "../storage/config-repository.js";
import type { LinkedTeam, RosterRepository, RosterSettings } from "../storage/roster-repository.js";
import type { AccessRulesService } from "./access-rules-service.js";
import type { Clock } from "./clock.js";
import { configChange, systemActor } from "./config-change.js";
import type { ConfigService } from "./config-service.js";
import type { NotificationPort } from "./notifications.js";

export interface RosterPerson {
  userId: string;
  displayName?: string;
  email?: string;
}

/** A Teams roster event, ids already in lowercase; `groupId` is the team's Entra group id. */
export type RosterEvent = { tenantId: string; groupId: string; activityId?: string; teamName?: string } & (
  { kind: "membersAdded" | "membersRemoved"; members: readonly RosterPerson[] } | { kind: "teamRenamed" | "teamDeleted" }
);

export type RosterOutcome = { handled: true; changes: string[] } | { handled: false; reason: string };

interface RosterStatus {
  paused: boolean;
  teams: LinkedTeam[];
  settingsEtag?: string;
}

interface RosterDeps {
  config: ConfigRepository;
  roster: RosterRepository;
  rules: AccessRulesService;
  configuration: ConfigService;
  notifications: NotificationPort;
  clock: Clock;
}

const isActiveOwner = (user: UserRecord): boolean => user.active && !user.removed && user.roleIds.includes(ownerRole.id);

export class RosterService {
  constructor(private readonly deps: RosterDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  // ---- the Owner's side ----

  async status(actor: Actor): Promise<RosterStatus> {
    await this.deps.configuration.require(actor, "usersAndRoles", "roster.read");
    const settings = await this.deps.roster.getSettings(actor.tenantId);
    const teams = (await this.deps.roster.listTeams(actor.tenantId)).map(({ etag: _e, changeIds: _c, ...team }) => team);
    return { paused: settings.paused, teams, ...(settings.etag ? { settingsEtag: settings.etag } : {}) };
  }

  /** Links a Teams team (by its Entra group id): from now on its members are the CRM's users. */
  async linkTeam(actor: Actor, input: { groupId: string; name: string }): Promise<LinkedTeam> {
    await this.deps.configuration.require(actor, "usersAndRoles", "roster.link");
    const groupId = input.groupId.trim().toLowerCase();
    const name = input.name.trim();
    if (!name) throw invalidInput([{ field: "name", message: "Give the team's name." }]);
    const existing = await this.deps.roster.getTeam(actor.tenantId, groupId);
    const team: LinkedTeam = { groupId, name, linkedBy: existing?.linkedBy ?? actor.userId, linkedAt: existing?.linkedAt ?? this.now() };
    const { etag: _e, changeIds: _c, ...before } = existing ?? { etag: undefined, changeIds: undefined };
    await this.deps.roster.saveTeam(
      actor.tenantId,
      team,
      configChange(this.deps.clock, { ...actor, kind: "user" }, "roster.link", existing ? before : undefined, team, existing, { reason: `linked Teams team ${name}` }),
    );
    return team;
  }

  async unlinkTeam(actor: Actor, groupId: string): Promise<void> {
    await this.deps.configuration.require(actor, "usersAndRoles", "roster.unlink");
    const existing = await this.deps.roster.getTeam(actor.tenantId, groupId.toLowerCase());
    if (!existing) throw notFound("team");
    const { etag: _e, changeIds: _c, ...before } = existing;
    await this.deps.roster.deleteTeam(actor.tenantId, existing.groupId, configChange(this.deps.clock, { ...actor, kind: "user" }, "roster.unlink", before, undefined, existing));
  }

  /** Pauses or resumes roster sync; events while paused are ignored (the reconciliation catches up after). */
  async setPaused(actor: Actor, paused: boolean): Promise<RosterSettings> {
    await this.deps.configuration.require(actor, "usersAndRoles", "roster.pause");
    const current = await this.deps.roster.getSettings(actor.tenantId);
    const { etag: _e, changeIds: _c, ...before } = current;
    const next: RosterSettings = { paused, changedBy: actor.userId, changedAt: this.now() };
    await this.deps.roster.saveSettings(
      actor.tenantId,
      next,
      configChange(this.deps.clock, { ...actor, kind: "user" }, paused ? "roster.pause" : "roster.resume", before, next, current.etag ? current : undefined),
    );
    return next;
  }

  // ---- Teams' side ----

  /** Handles one roster event from Teams. Unknown tenants, unlinked teams, paused sync and replays are ignored, with the reason. */
  async handle(event: RosterEvent): Promise<RosterOutcome> {
    const { tenantId } = event;
    if (!(await this.deps.config.getTenant(tenantId))) return { handled: false, reason: "the organisation does not use this CRM" };
    const team = await this.deps.roster.getTeam(tenantId, event.groupId);
    if (!team) return { handled: false, reason: "the team is not linked to this CRM" };
    if ((await this.deps.roster.getSettings(tenantId)).paused) return { handled: false, reason: "roster sync is paused" };
    if (event.activityId && !(await this.deps.roster.claimEvent(tenantId, event.activityId, this.now()))) return { handled: false, reason: "this event was handled already" };
    try {
      return { handled: true, changes: await this.apply(event, team) };
    } catch (error) {
      if (event.activityId) await this.deps.roster.releaseEvent(tenantId, event.activityId);
      throw error;
    }
  }

  private async apply(event: RosterEvent, team: LinkedTeam): Promise<string[]> {
    switch (event.kind) {
      case "membersAdded": {
        const changes: string[] = [];
        for (const person of event.members) changes.push(await this.joined(event.tenantId, team, person, event.activityId));
        return changes;
      }
      case "membersRemoved": {
        const changes: string[] = [];
        for (const person of event.members) changes.push(await this.left(event.tenantId, team, person.userId, event.activityId));
        return changes;
      }
      case "teamRenamed":
        return [await this.renamed(event.tenantId, team, event.teamName ?? team.name)];
      case "teamDeleted":
        return [await this.deleted(event.tenantId, team, event.activityId)];
    }
  }

  /** A joiner: a new Member, a user who gains a team, or one the roster had deactivated coming back. */
  async joined(tenantId: string, team: LinkedTeam, person: RosterPerson, cause?: string, why?: string): Promise<string> {
    const user = await this.deps.config.getUser(tenantId, person.userId);
    const reason = why ?? `Teams roster: joined team ${team.name}`;
    if (!user) return this.addJoiner(tenantId, team, person, reason, cause);
    if (user.removed) return `${user.displayName} was removed by hand and is not brought back`;
    const teamIds = user.teamIds.includes(team.groupId) ? user.teamIds : [...user.teamIds, team.groupId];
    const comesBack = !user.active && (await this.deps.roster.wasLeft(tenantId, user.userId));
    if (teamIds === user.teamIds && !comesBack) return `${user.displayName} was in team ${team.name} already`;
    await this.saveUser(user, { teamIds, active: comesBack ? true : user.active }, comesBack ? "roster.rejoin" : "roster.move", reason);
    if (comesBack) await this.deps.roster.clearLeft(tenantId, user.userId);
    return comesBack ? `${user.displayName} is active again` : `${user.displayName} joined team ${team.name}`;
  }

  private async addJoiner(tenantId: string, team: LinkedTeam, person: RosterPerson, reason: string, cause?: string): Promise<string> {
    // Where the Member role needs approval, a joiner waits deactivated until an Owner lets them in.
    const needsApproval = (await this.deps.rules.policyFor(tenantId, memberRole.id)) !== undefined;
    const now = this.now();
    const displayName = (person.displayName ?? "").trim().slice(0, 200) || "New team member";
    const user = {
      displayName,
      email: (person.email ?? "").slice(0, 254),
      roleIds: [memberRole.id],
      teamIds: [team.groupId],
      active: !needsApproval,
      source: "roster" as const,
      createdAt: now,
      updatedAt: now,
    };
    const why = needsApproval ? `${reason}; waits for an Owner, because the Member role needs approval` : reason;
    try {
      await this.deps.config.saveUser(
        tenantId,
        person.userId,
        user,
        configChange(this.deps.clock, systemActor(tenantId), "roster.join", undefined, { userId: person.userId, ...user }, undefined, {
          reason: why,
          events: [{ type: "user.joined", tenantId, userId: person.userId }],
        }),
      );
    } catch (error) {
      // They signed in at the same moment: their row exists now, so they gain the team instead.
      if (error instanceof AppError && error.code === "conflict") return this.joined(tenantId, team, person, cause);
      throw error;
    }
    if (needsApproval) {
      await this.tellOwners(
        tenantId,
        `join|${person.userId}|${cause ?? now}`,
        "Someone waits for access",
        `${displayName} joined team ${team.name} in Teams. The Member role needs approval, so they wait: activate them in the CRM tab's Settings, Users.`,
      );
      return `${displayName} waits for an Owner`;
    }
    return `${displayName} joined as a Member`;
  }

  /** A leaver from one team: loses it; with no linked team left, is deactivated (never the last Owner). */
  async left(tenantId: string, team: LinkedTeam, userId: string, cause?: string, why?: string): Promise<string> {
    const user = await this.deps.config.getUser(tenantId, userId);
    if (!user || user.removed) return "not a user";
    const reason = why ?? `Teams roster: left team ${team.name}`;
    const teamIds = user.teamIds.filter((teamId) => teamId !== team.groupId);
    const linked = new Set((await this.deps.roster.listTeams(tenantId)).map((linkedTeam) => linkedTeam.groupId));
    const stillIn = teamIds.some((teamId) => teamId !== team.groupId && linked.has(teamId));
    if (stillIn || !user.active) {
      if (teamIds.length === user.teamIds.length) return `${user.displayName} was not in team ${team.name}`;
      await this.saveUser(user, { teamIds }, "roster.move", reason);
      return `${user.displayName} left team ${team.name}`;
    }
    if (isActiveOwner(user) && !(await this.keepsAnotherOwner(user))) {
      if (teamIds.length !== user.teamIds.length) await this.saveUser(user, { teamIds }, "roster.move", `${reason}; kept active as the last Owner`);
      await this.tellOwners(
        tenantId,
        `lastOwner|${userId}|${cause ?? this.now()}`,
        "The last Owner left the team",
        `${user.displayName} left team ${team.name} in Teams, but is your organisation's last Owner, so they keep their access. Make someone else Owner, then deactivate them in the CRM tab's Settings, Users.`,
      );
      return `${user.displayName} is the last Owner and stays active`;
    }
    await this.saveUser(user, { teamIds, active: false }, "roster.leave", reason, [{ type: "user.deactivated", tenantId, userId, actorId: "system" }]);
    await this.deps.roster.markLeft(tenantId, userId, this.now());
    return `${user.displayName} was deactivated`;
  }

  /** Entra says the account is disabled: deactivated wherever they are (never the last Owner). */
  async disabledInEntra(tenantId: string, userId: string): Promise<string> {
    const user = await this.deps.config.getUser(tenantId, userId);
    if (!user || user.removed || !user.active) return "not an active user";
    if (isActiveOwner(user) && !(await this.keepsAnotherOwner(user))) {
      await this.tellOwners(
        tenantId,
        `disabled|${userId}|${user.updatedAt}`,
        "The last Owner's account is disabled",
        `${user.displayName}'s Microsoft account is disabled, but they are your organisation's last Owner, so the CRM keeps them. Make someone else Owner.`,
      );
      return `${user.displayName} is the last Owner and stays active`;
    }
    await this.saveUser(user, { active: false }, "roster.disabled", "Entra: the account is disabled", [{ type: "user.deactivated", tenantId, userId, actorId: "system" }]);
    return `${user.displayName} was deactivated`;
  }

  private async renamed(tenantId: string, team: LinkedTeam & { etag?: string; changeIds?: string }, name: string): Promise<string> {
    if (name === team.name) return `team ${name} kept its name`;
    const { etag: _e, changeIds: _c, ...before } = team;
    const next = { ...before, name };
    await this.deps.roster.saveTeam(
      tenantId,
      next,
      configChange(this.deps.clock, systemActor(tenantId), "roster.teamRenamed", before, next, team.etag ? { etag: team.etag, changeIds: team.changeIds ?? "" } : undefined, {
        reason: `Teams roster: team ${team.name} renamed to ${name}`,
      }),
    );
    return `team ${team.name} is now ${name}`;
  }

  /**
   * A deleted team is unlinked; its members are not deactivated: a team deleted by mistake
   * can be restored in Teams for 30 days, and a mass deactivation is the Owners' call.
   */
  private async deleted(tenantId: string, team: LinkedTeam & { etag?: string; changeIds?: string }, cause?: string): Promise<string> {
    const { etag: _e, changeIds: _c, ...before } = team;
    await this.deps.roster.deleteTeam(
      tenantId,
      team.groupId,
      configChange(this.deps.clock, systemActor(tenantId), "roster.teamDeleted", before, undefined, team.etag ? { etag: team.etag, changeIds: team.changeIds ?? "" } : undefined, {
        reason: `Teams roster: team ${team.name} was deleted`,
      }),
    );
    await this.tellOwners(
      tenantId,
      `deleted|${team.groupId}|${cause ?? this.now()}`,
      "A linked team was deleted",
      `Team ${team.name} was deleted in Teams, so the CRM no longer follows it. Its members keep their access: deactivate those who should not, in the CRM tab's Settings, Users.`,
    );
    return `team ${team.name} was unlinked`;
  }

  private async saveUser(
    user: UserRecord,
    patch: Partial<Pick<UserRecord, "teamIds" | "active">>,
    action: string,
    reason: string,
    extraEvents: { type: string; tenantId: string; userId: string; actorId: string }[] = [],
  ): Promise<void> {
    const { etag: _e, changeIds: _c, tenantId, userId, ...before } = user;
    const next = { ...before, ...patch, updatedAt: this.now() };
    const events = [{ type: "user.updated", tenantId, userId, actorId: "system" }, ...extraEvents];
    await this.deps.config.saveUser(tenantId, userId, next, configChange(this.deps.clock, systemActor(tenantId), action, { userId, ...before }, { userId, ...next }, user, { reason, events }));
  }

  /** Another active Owner remains; two Owners leaving at once: the tenant row's ETag lets one through. */
  private async keepsAnotherOwner(leaving: UserRecord): Promise<boolean> {
    const others = (await this.deps.config.listUsers(leaving.tenantId)).filter((user) => user.userId !== leaving.userId && isActiveOwner(user));
    if (others.length === 0) return false;
    const tenant = await this.deps.config.getTenant(leaving.tenantId);
    if (tenant) await this.deps.config.bumpOwnerVersion(tenant);
    return true;
  }

  private async tellOwners(tenantId: string, key: string, title: string, text: string): Promise<void> {
    const owners = (await this.deps.config.listUsers(tenantId)).filter(isActiveOwner);
    for (const owner of owners) {
      await this.deps.notifications.enqueue({ tenantId, recipient: { kind: "user", userId: owner.userId }, dedupeKey: `roster|${key}|${owner.userId}`, title, text });
    }
  }
}
