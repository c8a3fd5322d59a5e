import type { EntityType } from "@crm/shared";
import { entityTypes } from "@crm/shared";
import type { ChatReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { CardAction } from "./adaptive-card.js";
import { adaptiveCard, heading, paragraph, submit } from "./adaptive-card.js";
import { taskActions } from "./task-cards.js";

const isEntity = (value: unknown): value is EntityType => typeof value === "string" && (entityTypes as readonly string[]).includes(value);

/**
 * A proactive message: title, text, and a button to open the record when there
 * is one; a workflow task or reminder also gets "Done" (the same action as in `my tasks`).
 */
export function renderNotificationCard(notification: { title: string; text: string; entity?: string; recordId?: string; taskId?: string }): ChatReply {
  const { entity, recordId, taskId } = notification;
  let actions: CardAction[] = [];
  if (isEntity(entity) && recordId) {
    actions = taskId ? taskActions({ id: taskId, entity, recordId }) : [submit(`Open ${entity}`, { crm: "command", text: `${entity} ${recordId}` })];
  } else if (taskId) {
    actions = [submit("Done", { crm: "taskDone", id: taskId }, { style: "positive" })];
  }
  return cardReply(adaptiveCard([heading(notification.title), paragraph(notification.text)], actions), `${notification.title}: ${notification.text}`);
}
