import type { EntityType } from "@crm/shared/policy";
import type { Recipient } from "@crm/shared/services";
import { entityTypes } from "@crm/shared/policy";
import { isId } from "@crm/shared/domain";
import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { CardAction } from "./adaptive-card.js";
import { adaptiveCard, heading, paragraph, submit } from "./adaptive-card.js";
import { renderChannelPostCard } from "./shared-conversation-cards.js";
import { taskActions } from "./task-cards.js";

const isEntity = (value: unknown): value is EntityType => typeof value === "string" && (entityTypes as readonly string[]).includes(value);

/**
 * A proactive message: title, text, and a button to open the record when there
 * is one; a workflow task or reminder also gets "Done" (the same action as in `my tasks`).
 */
export function renderNotificationCard(notification: { title: string; text: string; entity?: string; recordId?: string; taskId?: string }): CardReply {
  const { entity, recordId, taskId } = notification;
  let actions: CardAction[] = [];
  if (isEntity(entity) && recordId) {
    actions = taskId ? taskActions({ id: taskId, entity, recordId }) : [submit(`Open ${entity}`, { crm: "command", text: `${entity} ${recordId}` })];
  } else if (taskId) {
    actions = [submit("Done", { crm: "taskDone", id: taskId }, { style: "positive" })];
  }
  return cardReply(adaptiveCard([heading(notification.title), paragraph(notification.text)], actions), `${notification.title}: ${notification.text}`);
}

/**
 * A notification as its recipient receives it: a personal chat has one reader;
 * a channel has many, so its card is public text plus each reader's own view
 * of the record (see renderChannelPostCard).
 */
export function renderNotificationFor(recipient: Recipient, notification: { title: string; text: string; entity?: string; recordId?: string; taskId?: string }): CardReply {
  if (recipient.kind === "user") return renderNotificationCard(notification);
  const { entity, recordId } = notification;
  const view = isEntity(entity) && recordId && isId(recordId) ? { crm: "show", entity, id: recordId } : undefined;
  return renderChannelPostCard({ title: notification.title, text: notification.text, ...(view ? { view } : {}) });
}
