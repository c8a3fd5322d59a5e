import type { ChatReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import { adaptiveCard, heading, paragraph, submit } from "./adaptive-card.js";

/** A proactive message: title, text, and a button to open the record when there is one. */
export function renderNotificationCard(notification: { title: string; text: string; entity?: string; recordId?: string }): ChatReply {
  const actions =
    notification.entity && notification.recordId
      ? [submit(`Open ${notification.entity}`, { crm: "command", text: `${notification.entity} ${notification.recordId}` })]
      : [];
  return cardReply(adaptiveCard([heading(notification.title), paragraph(notification.text)], actions), `${notification.title}: ${notification.text}`);
}
