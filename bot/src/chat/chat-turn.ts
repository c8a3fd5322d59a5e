/**
 * One incoming message as the bot's logic sees it, and what it answers, with
 * no Bot Framework types: the adapter layer translates both ways.
 */
import type { AdaptiveCard, SubmitData } from "../cards/adaptive-card.js";
import type { StoredReference } from "../storage/conversation-references.js";

export type ConversationKind = "personal" | "groupChat" | "channel";

export interface ChatTurn {
  /** Activity id; with the conversation id it identifies a replay. */
  activityId?: string;
  /** From the authenticated activity only (conversation tenant / channelData). */
  tenantId: string;
  /** The sender's Entra object id (`from.aadObjectId`). */
  userId: string;
  /**
   * The sender's Teams user MRI (`from.id`): only to address a card's refresh
   * to them (`refresh.userIds`), never to tell who they are.
   */
  refreshUserId?: string;
  displayName: string;
  conversation: { id: string; kind: ConversationKind };
  /** Message text, the bot's @mention already removed. */
  text: string;
  /** Data of a card's Action.Submit. */
  value?: Record<string, unknown>;
  /** In a channel: the reference that posts to the channel itself (for announcements). */
  channelReference?: StoredReference;
}

/** A press of an Action.Execute button, or Teams refreshing a card for one reader (`adaptiveCard/action`). */
export interface CardActionTurn extends Omit<ChatTurn, "text" | "value" | "channelReference"> {
  verb: string;
  /** The action's data with the card's inputs; from the client, so checked like any input. */
  data: Record<string, unknown>;
  /** "automatic": Teams refreshed the card as it was shown; "manual": the person pressed a button. */
  trigger: "automatic" | "manual";
}

export interface CardReply {
  kind: "card";
  card: AdaptiveCard;
  summary: string;
  /**
   * Card data that only reads (`{ crm: "show", entity, id }`, a read-only
   * command...) and shows this answer again for whoever runs it. A change's
   * answer names the record it changed; read-only answers are their own view.
   */
  view?: SubmitData;
  /** Nothing on this card depends on who reads it (no record data): a shared conversation may show it as it is. */
  forAnyone?: true;
}

export type ChatReply = { kind: "text"; text: string } | CardReply;

export const cardReply = (card: AdaptiveCard, summary: string, extra: Pick<CardReply, "view" | "forAnyone"> = {}): CardReply => ({ kind: "card", card, summary, ...extra });
