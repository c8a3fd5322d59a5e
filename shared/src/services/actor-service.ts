/**
 * Turns a verified identity into the policy's Actor. The first user of a tenant
 * becomes its Owner (the subscriber, as in CRM As A Service); later users join
 * as Members until an Owner changes that.
 */
import type { VerifiedIdentity } from "../auth/identity.js";
import { newId } from "../domain/ids.js";
import type { Actor, RoleDefinition } from "../policy/model.js";
import { memberRole, ownerRole } from "../policy/roles.js";
import type { ConfigRepository, UserRecord } from "../storage/config-repository.js";
import { AppError } from "../errors/app-error.js";
import type { Clock } from "./clock.js";

export interface ActorContext {
  actor: Actor;
  user: UserRecord;
}

/** "Last seen" is written at most this often per user and instance: a sign-in is not a write per request. */
const lastSeenEveryMs = 15 * 60_000;

export class ActorService {
  /** When this instance last wrote each user's "last seen" (tenant, user). */
  private readonly seenWritten = new Map<string, number>();

  constructor(
    private readonly config: ConfigRepository,
    private readonly clock: Clock,
  ) {}

  async resolve(identity: Pick<VerifiedIdentity, "tenantId" | "userId" | "displayName" | "email">): Promise<ActorContext> {
    const user = (await this.config.getUser(identity.tenantId, identity.userId)) ?? (await this.join(identity));
    if (user.removed) throw new AppError("forbidden", "Your access to this CRM was removed. Ask an Owner of your organisation to add you again.");
    await this.noteSeen(user.tenantId, user.userId);
    return { actor: await this.actorOf(user), user };
  }

  private async noteSeen(tenantId: string, userId: string): Promise<void> {
    const key = `${tenantId}\n${userId}`;
    const now = this.clock.now().getTime();
    const last = this.seenWritten.get(key);
    if (last !== undefined && now - last < lastSeenEveryMs && now >= last) return;
    if (this.seenWritten.size > 50_000) this.seenWritten.clear();
    this.seenWritten.set(key, now);
    await this.config.touchLastSeen(tenantId, userId, new Date(now).toISOString());
  }

  /** A stored user, removed ones included (their names still label history and notifications). */
  user(tenantId: string, userId: string): Promise<UserRecord | undefined> {
    return this.config.getUser(tenantId, userId);
  }

  /** The Actor of a user who may act now (stored, active, not removed); undefined otherwise. */
  async activeActor(tenantId: string, userId: string): Promise<Actor | undefined> {
    const user = await this.config.getUser(tenantId, userId);
    return user?.active && !user.removed ? this.actorOf(user) : undefined;
  }

  /** The Actor for a stored user (its custom roles loaded by point reads). */
  async actorOf(user: UserRecord): Promise<Actor> {
    const roles = await this.rolesOf(user.tenantId, user.roleIds);
    return { tenantId: user.tenantId, userId: user.userId, kind: "user", active: user.active, teamIds: user.teamIds, roles };
  }

  /** The definitions of these role ids (built-in ones as they are, custom ones by point reads); unknown ids are skipped. */
  async rolesOf(tenantId: string, roleIds: readonly string[]): Promise<RoleDefinition[]> {
    const roles: RoleDefinition[] = [];
    for (const roleId of roleIds) {
      if (roleId === ownerRole.id) roles.push(ownerRole);
      else if (roleId === memberRole.id) roles.push(memberRole);
      else {
        const role = await this.config.getRole(tenantId, roleId);
        if (role) roles.push(role);
      }
    }
    return roles;
  }

  private async join(identity: Pick<VerifiedIdentity, "tenantId" | "userId" | "displayName" | "email">): Promise<UserRecord> {
    const now = this.clock.now().toISOString();
    const tenant = await this.config.createTenantIfMissing(identity.tenantId, identity.userId, now);
    const founder = tenant.founderId === identity.userId;
    const record = {
      displayName: identity.displayName.slice(0, 200),
      email: (identity.email ?? "").slice(0, 254),
      roleIds: [founder ? ownerRole.id : memberRole.id],
      teamIds: [],
      active: true,
      source: "signIn" as const,
      createdAt: now,
      updatedAt: now,
    };
    const changeId = newId(this.clock.now().getTime());
    try {
      await this.config.saveUser(identity.tenantId, identity.userId, record, {
        audit: {
          id: changeId,
          tenantId: identity.tenantId,
          at: now,
          actorId: identity.userId,
          actorKind: "system",
          action: "user.join",
          outcome: "allowed",
          reason: founder ? "first user of the tenant becomes its Owner" : "new users join as Members",
          after: record,
        },
        events: [{ type: "user.joined", tenantId: identity.tenantId, userId: identity.userId, ...(founder ? { founder: true } : {}) }],
      });
    } catch (error) {
      // Two first requests of one user raced: the other one created the row.
      if (!(error instanceof AppError && error.code === "conflict")) throw error;
    }
    const user = await this.config.getUser(identity.tenantId, identity.userId);
    if (!user) throw new AppError("unavailable", "Could not set up your account; try again.");
    return user;
  }
}
