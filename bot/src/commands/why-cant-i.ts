/**
 * `why can't I <action> <entity> [id]` (or `why can I …`): the policy's decision
 * and its reason, word for word as the explain view and the audit log show it.
 */
import type { AccessQuestion } from "@crm/shared/services";
import type { ConfigPermission, RecordAction } from "@crm/shared/policy";
import { invalidInput } from "@crm/shared/errors";
import { isId } from "@crm/shared/domain";
import { renderExplainCard } from "../cards/role-card.js";
import type { Command } from "../chat/command.js";
import { entityWords } from "./record-lookup.js";

const actionWords: Readonly<Record<string, RecordAction>> = {
  create: "create",
  add: "create",
  log: "create",
  new: "create",
  read: "read",
  see: "read",
  view: "read",
  open: "read",
  list: "read",
  update: "update",
  edit: "update",
  change: "update",
  delete: "delete",
  remove: "delete",
  assign: "assign",
  reassign: "assign",
  export: "export",
};

const configWords: readonly [RegExp, ConfigPermission][] = [
  [/\b(users?|roles?|people|members?)\b/, "usersAndRoles"],
  [/\bforms?\b/, "forms"],
  [/\bpipelines?\b/, "pipelines"],
  [/\bworkflows?\b/, "workflows"],
  [/\bemail/, "emailSync"],
  [/\baudit/, "audit"],
];

type Question = AccessQuestion;

const usage = "Ask like this: why can't I assign leads / why can't I delete case [id] / why can't I manage forms.";

export function parseQuestion(args: string): Question {
  const words = args
    .toLowerCase()
    .replace(/[?!.]+$/, "")
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0 || args.length > 200) throw invalidInput([], usage);
  const action = actionWords[words[0]!];
  const entityIndex = words.findIndex((word) => entityWords[word] !== undefined);
  if (action && entityIndex > 0) {
    const id = words[entityIndex + 1];
    return { kind: "record", action, entity: entityWords[words[entityIndex]!]!, ...(id && isId(id) ? { id } : {}) };
  }
  const rest = words.join(" ");
  for (const [pattern, permission] of configWords) if (pattern.test(rest)) return { kind: "config", permission };
  throw invalidInput([], usage);
}

export const whyCantICommand: Command = {
  name: "why can't i",
  aliases: ["why cant i", "why cannot i", "why can i", "can i"],
  usage: "why can't I [action] [entity]",
  summary: "The policy's reason for what you may or may not do.",
  readOnly: true,
  async run(context, args) {
    const decision = await context.services.access.explain(context.actor, parseQuestion(args));
    return [renderExplainCard({ question: args, allowed: decision.allowed, reason: decision.reason })];
  },
};
