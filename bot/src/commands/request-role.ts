/**
 * `request role [role] [for N days|weeks|months | until YYYY-MM-DD]: [why]`: asks
 * for a role for yourself, as the tab's request button does (the same service,
 * so the same approval policy, limits and four-eyes rule). Nothing changes until
 * an approver approves; the answer is the request's own card.
 */
import { invalidInput } from "@crm/shared/errors";
import { memberRole } from "@crm/shared/policy";
import type { RoleDefinition } from "@crm/shared/policy";
import { renderApprovalCard } from "../cards/approval-card.js";
import { renderProblemCard } from "../cards/message-cards.js";
import type { Command, CommandContext } from "../chat/command.js";

const usage = "request role [role] for 30 days: [why]";
const day = 86_400_000;

interface ParsedRequest {
  roleName: string;
  justification: string;
  endsAt?: Date;
}

const durationPattern = /\s+for\s+(\d{1,4})\s*(days?|weeks?|months?)$/i;
const untilPattern = /\s+until\s+(\d{4}-\d{2}-\d{2})$/i;

/** Splits the words after `request role`: role, optional duration or end date, and the reason after the first colon. */
export function parseRoleRequest(args: string, now: Date): ParsedRequest {
  const colon = args.indexOf(":");
  let head = (colon >= 0 ? args.slice(0, colon) : args).trim();
  const justification = colon >= 0 ? args.slice(colon + 1).trim() : "";
  let endsAt: Date | undefined;
  const duration = durationPattern.exec(` ${head}`);
  const until = untilPattern.exec(` ${head}`);
  if (duration) {
    const count = Number(duration[1]);
    if (count < 1) throw invalidInput([{ field: "endsAt", message: "Ask for at least one day." }]);
    const unit = duration[2]!.toLowerCase();
    endsAt = new Date(now.getTime());
    if (unit.startsWith("month")) endsAt.setUTCMonth(endsAt.getUTCMonth() + count);
    else endsAt = new Date(now.getTime() + count * (unit.startsWith("week") ? 7 : 1) * day);
    head = ` ${head}`.slice(0, duration.index).trim();
  } else if (until) {
    // The role lasts through the day named, as people read "until 31 December".
    endsAt = new Date(`${until[1]}T23:59:59Z`);
    // Date rolls 30 February over into March: a date that does not read back the same does not exist.
    if (Number.isNaN(endsAt.getTime()) || endsAt.toISOString().slice(0, 10) !== until[1])
      throw invalidInput([{ field: "endsAt", message: "Write the end date as YYYY-MM-DD, for example until 2026-12-31." }]);
    if (endsAt.getTime() <= now.getTime()) throw invalidInput([{ field: "endsAt", message: "The end date has to be in the future." }]);
    head = ` ${head}`.slice(0, until.index).trim();
  }
  return { roleName: head, justification, ...(endsAt ? { endsAt } : {}) };
}

const sameName = (a: string, b: string): boolean => a.replace(/\s+/g, " ").trim().toLowerCase() === b.replace(/\s+/g, " ").trim().toLowerCase();

/** Roles one may ask for: every role of the organisation but Member (everyone holds it). */
async function requestableRoles(context: CommandContext): Promise<RoleDefinition[]> {
  const roles = await context.services.configuration.listRoles(context.actor.tenantId);
  return roles.filter((role) => role.id !== memberRole.id);
}

/** A held role stays askable (a time-bound one is extended that way) but is not suggested. */
function chooseRole(context: CommandContext, typed: string, roles: readonly RoleDefinition[]) {
  const suggested = roles.filter((role) => !context.user.roleIds.includes(role.id)).sort((a, b) => a.name.localeCompare(b.name));
  const names = suggested.map((role) => role.name).join(", ") || "none: you hold every role already";
  if (!typed) return renderProblemCard("Which role?", `Write it as: ${usage}. You may ask for: ${names}.`);
  return renderProblemCard("No such role", `There is no role called "${typed.slice(0, 80)}" you may ask for. You may ask for: ${names}. Write it as: ${usage}.`);
}

export const requestRoleCommand: Command = {
  name: "request role",
  aliases: ["ask for role"],
  usage,
  summary: "Ask for a role, with a reason and for how long; an approver decides.",
  async run(context, args) {
    const parsed = parseRoleRequest(args, context.services.clock.now());
    const roles = await requestableRoles(context);
    const role = roles.find((candidate) => sameName(candidate.name, parsed.roleName));
    if (!role) return [chooseRole(context, parsed.roleName, roles)];
    const view = await context.services.accessRequests.request(context.actor, {
      roleId: role.id,
      justification: parsed.justification,
      ...(parsed.endsAt ? { endsAt: parsed.endsAt.toISOString() } : {}),
    });
    const notice = { text: "Your request was sent to the approvers. Nothing changes until it is approved; you will hear from me.", tone: "good" as const };
    return [renderApprovalCard(view, { notice, refreshUserIds: context.turn.refreshUserId ? [context.turn.refreshUserId] : [] })];
  },
};
