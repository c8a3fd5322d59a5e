/**
 * `assign [lead|opportunity|case] <id or name> to <user>`: under the policy;
 * the change writer's record.assigned event notifies the new owner.
 */
import type { EntityType } from "@crm/shared/policy";
import type { UserRecord } from "@crm/shared/storage";
import type { VisibleRecord } from "@crm/shared/services";
import { decideOnEntity, entityLabels, entityTypes } from "@crm/shared/policy";
import { forbidden, invalidInput, notFound } from "@crm/shared/errors";
import { isId } from "@crm/shared/domain";
import { renderNoticeCard } from "../cards/message-cards.js";
import { renderRecordList } from "../cards/record-cards.js";
import type { ChatReply } from "../chat/chat-turn.js";
import type { Command, CommandContext } from "../chat/command.js";
import { entityWords, findRecord } from "./record-lookup.js";
import { listItem, mayReadTitles, recordInSentence } from "./record-views.js";

export function parseAssignArguments(args: string): { entity?: EntityType; record: string; user: string } {
  const at = args.toLowerCase().lastIndexOf(" to ");
  if (at < 0) throw invalidInput([{ field: "text", message: "Write: assign [lead, opportunity or case] [id or name] to [user]." }]);
  let record = args.slice(0, at).trim();
  const user = args.slice(at + 4).trim();
  const first = record.split(" ")[0]!.toLowerCase();
  const entity = entityWords[first];
  if (entity) record = record.slice(first.length).trim();
  if (record === "" || user === "") throw invalidInput([{ field: "text", message: "Write: assign [lead, opportunity or case] [id or name] to [user]." }]);
  if (record.length > 200 || user.length > 200) throw invalidInput([{ field: "text", message: "Names have at most 200 characters." }]);
  return { ...(entity ? { entity } : {}), record, user };
}

/** A user of the tenant by id, email or display name (exact, else a unique prefix). */
function findUser(users: readonly UserRecord[], query: string): UserRecord | UserRecord[] | undefined {
  const wanted = query.replace(/^@/, "").toLowerCase();
  const active = users.filter((user) => user.active);
  const exact = active.filter((user) => user.userId.toLowerCase() === wanted || user.email.toLowerCase() === wanted || user.displayName.toLowerCase() === wanted);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return exact;
  const prefix = active.filter((user) => user.displayName.toLowerCase().startsWith(wanted));
  if (prefix.length === 1) return prefix[0];
  return prefix.length > 1 ? prefix : undefined;
}

export async function assignRecord(context: CommandContext, entity: EntityType, id: string, ownerId: string, etag?: string): Promise<ChatReply> {
  const { services, actor } = context;
  const updated = await services.records.assign(actor, entity, id, ownerId, etag);
  const owner = await services.actors.user(actor.tenantId, updated.record.ownerId);
  const what = recordInSentence(updated, `this ${entityLabels[entity].one}`);
  return renderNoticeCard("Assigned", `${what.charAt(0).toUpperCase()}${what.slice(1)} now belongs to ${owner?.displayName || "the person you chose"}. They will be notified.`, {
    view: { crm: "show", entity, id },
  });
}

export const assignCommand: Command = {
  name: "assign",
  usage: "assign [record] to [user]",
  summary: "Give a lead, opportunity or case to someone else.",
  availableTo: (actor) => entityTypes.some((entity) => decideOnEntity(actor, "assign", entity).allowed),
  async run(context, args) {
    const { services, actor } = context;
    const parsed = parseAssignArguments(args);
    const candidates: readonly EntityType[] = parsed.entity ? [parsed.entity] : entityTypes;
    // Refuse with the policy's reason before looking anything up: no probing of names without the right.
    const allowed = candidates.filter((entity) => decideOnEntity(actor, "assign", entity).allowed);
    if (allowed.length === 0) throw forbidden(decideOnEntity(actor, "assign", candidates[0]!).reason);
    // Without a named entity, a name is looked for only where the caller may see names (findRecord explains otherwise).
    const named = parsed.entity || isId(parsed.record) ? allowed : allowed.filter((entity) => mayReadTitles(context, entity));
    let found: { entity: EntityType; record: VisibleRecord } | undefined;
    for (const entity of named.length > 0 ? named : allowed) {
      try {
        const lookup = await findRecord(context, entity, parsed.record);
        if ("candidates" in lookup) {
          return [
            renderRecordList({
              title: `Several ${entityLabels[entity].many} match; open the one you mean and assign it there`,
              items: lookup.candidates.map(listItem),
              empty: "",
              // Read-only, and the same list for whoever runs it under their own roles.
              view: { crm: "command", text: `${entityLabels[entity].one} ${parsed.record}` },
            }),
          ];
        }
        found = { entity, record: lookup.record };
        break;
      } catch (error) {
        if (!(error instanceof Error && "code" in error && error.code === "not_found")) throw error;
      }
    }
    if (!found) throw notFound(parsed.entity ? entityLabels[parsed.entity].one : "record");
    const user = findUser(await services.configuration.listUsers(actor.tenantId), parsed.user);
    if (!user) throw invalidInput([{ field: "user", message: `Nobody active in your organisation is called "${parsed.user.slice(0, 80)}".` }]);
    if (Array.isArray(user)) {
      throw invalidInput([
        {
          field: "user",
          message: `Several people match "${parsed.user.slice(0, 80)}": ${user
            .slice(0, 5)
            .map((match) => match.email || match.userId)
            .join(", ")}. Use their email.`,
        },
      ]);
    }
    return [await assignRecord(context, found.entity, found.record.record.id, user.userId, found.record.record.etag)];
  },
};
