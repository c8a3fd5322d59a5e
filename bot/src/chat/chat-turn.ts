/**
 * One incoming message as the bot's logic sees it, and what it answers, with
 * no Bot Framework types: the adapter layer translates both ways.
 */
import type { AdaptiveCard } from "../cards/adaptive-card.js";
import type { StoredReference } from "../storage/conversation-references.js";

export type ConversationKind = "personal" | "groupChat" | "channel";

export interface ChatTurn {
  /** Activity id; with the conversation id it identifies a replay. */
  activityId?: string;
  /** From the authenticated activity only (conversation tenant / channelData). */
  tenantId: string;
  /** The sender's Entra object id (`from.aadObjectId`). */
  userId: string;
  displayName: string;
  conversation: { id: string; kind: ConversationKind };
  /** Message text, the bot's @mention already removed. */
  text: string;
  /** Data of a card's Action.Submit. */
  value?: Record<string, unknown>;
  /** In a channel: the reference that posts to the channel itself (for announcements). */
  channelReference?: StoredReference;
}

export type ChatReply = { kind: "text"; text: string } | { kind: "card"; card: AdaptiveCard; summary: string };

export const textReply = (text: string): ChatReply => ({ kind: "text", text });
export const cardReply = (card: AdaptiveCard, summary: string): ChatReply => ({ kind: "card", card, summary });
