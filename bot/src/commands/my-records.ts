/** `my leads`, `my opportunities`, `my cases`: the caller's own records, a page at a time. */
import type { EntityType } from "@crm/shared/policy";
import { decideOnEntity, entityLabels } from "@crm/shared/policy";
import { renderRecordList } from "../cards/record-cards.js";
import type { ChatReply } from "../chat/chat-turn.js";
import type { Command, CommandContext } from "../chat/command.js";
import { listItem } from "./record-views.js";

export const myRecordsPageSize = 10;

export async function myRecordsPage(context: CommandContext, entity: EntityType, continuationToken?: string): Promise<ChatReply> {
  const label = entityLabels[entity];
  const page = await context.services.records.list(context.actor, entity, {
    owner: "me",
    pageSize: myRecordsPageSize,
    ...(continuationToken ? { continuationToken } : {}),
  });
  return renderRecordList({
    title: continuationToken ? `Your ${label.many} (continued)` : `Your ${label.many}`,
    items: page.items.map(listItem),
    empty: continuationToken ? `No more ${label.many}.` : `You have no ${label.many} yet.`,
    ...(page.continuationToken ? { more: { crm: "more", entity, token: page.continuationToken } } : {}),
  });
}

export function myRecordsCommand(entity: EntityType): Command {
  const label = entityLabels[entity];
  return {
    name: `my ${label.many}`,
    aliases: [`my ${label.one}`],
    usage: `my ${label.many}`,
    summary: `List the ${label.many} you own.`,
    readOnly: true,
    availableTo: (actor) => decideOnEntity(actor, "read", entity).allowed,
    run: async (context) => [await myRecordsPage(context, entity)],
  };
}
