/**
 * "Why can/can't this user do this?": the policy's own decision and reason, for
 * the tab's explain view and the bot's `why can't I`. Asking about someone else
 * needs the users-and-roles permission; a record the caller may not read is
 * "not found" here too.
 */
import { AppError, notFound } from "../errors/app-error.js";
import { decideConfig, decideOnEntity, decideOnRecord } from "../policy/decide.js";
import type { Actor, ConfigPermission, Decision, EntityType, RecordAction } from "../policy/model.js";
import type { ConfigRepository } from "../storage/config-repository.js";
import type { AccessRulesService } from "./access-rules-service.js";
import type { ActorService } from "./actor-service.js";
import type { ConfigService } from "./config-service.js";
import type { RecordService } from "./record-service.js";

export type AccessQuestion = { kind: "config"; permission: ConfigPermission } | { kind: "record"; action: RecordAction; entity: EntityType; id?: string };

interface Explanation extends Decision {
  userId: string;
  roles: string[];
  /** The separation-of-duties rules the user's roles break together (switched-on rules only). */
  conflicts: { rule: string; why: string; through: [string, string] }[];
}

export class AccessService {
  constructor(
    private readonly config: ConfigRepository,
    private readonly actors: ActorService,
    private readonly records: RecordService,
    private readonly configuration: ConfigService,
    private readonly rules: Pick<AccessRulesService, "conflictsOfUser">,
  ) {}

  /** The decision for `question`, about the caller or (with `userId`) someone the caller may manage. */
  async explain(caller: Actor, question: AccessQuestion, userId?: string): Promise<Explanation> {
    const subject = userId && userId !== caller.userId ? await this.someoneElse(caller, userId) : caller;
    const conflicts = (await this.rules.conflictsOfUser(caller.tenantId, subject.roles)).map((conflict) => ({
      rule: conflict.rule.name,
      why: conflict.rule.why,
      through: [conflict.through[0], conflict.through[1]] as [string, string],
    }));
    return { userId: subject.userId, ...(await this.decide(caller, subject, question)), roles: subject.roles.map((role) => role.name), conflicts };
  }

  private async someoneElse(caller: Actor, userId: string): Promise<Actor> {
    await this.configuration.require(caller, "usersAndRoles", "access.explain");
    const user = await this.config.getUser(caller.tenantId, userId);
    if (!user) throw notFound("user");
    return this.actors.actorOf(user);
  }

  private async decide(caller: Actor, subject: Actor, question: AccessQuestion): Promise<Decision> {
    if (question.kind === "config") return decideConfig(subject, question.permission);
    if (!question.id) return decideOnEntity(subject, question.action, question.entity);
    // The record is looked up as the caller: asking about someone else shows nothing the caller may not read.
    const record = await this.records.load(caller, question.entity, question.id);
    return decideOnRecord(subject, question.action, question.entity, { tenantId: caller.tenantId, ownerId: record.ownerId, teamIds: record.teamIds });
  }
}

/** The API's question: a record action needs its entity. */
export function accessQuestion(action: string, entity: EntityType | undefined, id: string | undefined, configPermissions: readonly string[]): AccessQuestion {
  if (configPermissions.includes(action)) return { kind: "config", permission: action as ConfigPermission };
  if (!entity) throw new AppError("invalid_input", "Name the entity for a record action.", { details: { fields: [{ field: "entity", message: "Required for record actions." }] } });
  return { kind: "record", action: action as RecordAction, entity, ...(id ? { id } : {}) };
}
