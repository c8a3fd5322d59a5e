/**
 * Cards for conversations with more than one reader (group chats, channels).
 * Every client in the conversation receives the same JSON, so what the bot
 * posts there carries no record data at all; each reader gets their own view
 * through Universal Actions: an `Action.Execute` button, and a `refresh` that
 * Teams runs by itself for the people listed in `userIds`. Pure JSON builders.
 */
import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { AdaptiveCard, CardAction, CardElement, SubmitData } from "./adaptive-card.js";
import { adaptiveCard, execute, heading, paragraph, plain } from "./adaptive-card.js";

/** Shows a view: its data only reads (see ChatEngine.viewOf), so Teams may also run it by itself. */
export const viewVerb = "view";
/** A button pressed by a person: may change something, so it runs only when pressed, and once. */
export const pressVerb = "press";

const showMineTitle = "Show what I may see";

/** The card for one reader: refreshed from `view`, automatically for `refreshUserIds`. */
function withRefresh(card: AdaptiveCard, view: SubmitData | undefined, refreshUserIds: readonly string[]): AdaptiveCard {
  if (!view) return card;
  return { ...card, refresh: { action: execute(showMineTitle, viewVerb, view), userIds: [...refreshUserIds] } };
}

/**
 * What everyone in a shared conversation receives for an answer that depends
 * on who reads it: the words the person typed, no record data, a button that
 * shows each reader their own answer, and a refresh that shows the person who
 * asked theirs at once.
 */
export function renderSharedAnswerCard(view: SubmitData, options: { asked?: string; refreshUserIds: readonly string[] }): CardReply {
  const body: CardElement[] = [];
  if (options.asked) body.push({ type: "TextBlock", text: `“${plain(options.asked, 100)}”`, weight: "Bolder", wrap: true });
  body.push(paragraph("Each person here sees only what their role allows. Press the button to see your answer."));
  const card = withRefresh(adaptiveCard(body, [execute(showMineTitle, viewVerb, view)]), view, options.refreshUserIds);
  return cardReply(card, "Each person here sees only what their role allows.");
}

/** For an answer no reader may see here (a safety net: answers say how they may be shown). */
export function renderNotShownHereCard(): CardReply {
  return cardReply(
    adaptiveCard([heading("Not shown here"), paragraph("This answer depends on who reads it, so I do not show it in a shared conversation. Ask me in a personal chat, or open the CRM tab.")]),
    "Not shown in a shared conversation.",
  );
}

/** Buttons as Action.Execute: pressed in a shared conversation, they answer in place, for the person who pressed only. */
export function withExecuteActions(card: AdaptiveCard): AdaptiveCard {
  const convert = (action: CardAction): CardAction => {
    if (action.type === "Action.Submit") {
      const { type: _type, ...rest } = action;
      return { type: "Action.Execute", verb: pressVerb, ...rest };
    }
    if (action.type === "Action.ShowCard") return { ...action, card: withExecuteActions(action.card) };
    return action;
  };
  const element = (item: CardElement): CardElement => {
    switch (item.type) {
      case "ActionSet":
        return { ...item, actions: item.actions.map(convert) };
      case "Container":
        return { ...item, items: item.items.map(element) };
      case "ColumnSet":
        return { ...item, columns: item.columns.map((column) => ({ ...column, items: column.items.map(element) })) };
      default:
        return item;
    }
  };
  return { ...card, body: card.body.map(element), ...(card.actions ? { actions: card.actions.map(convert) } : {}) };
}

/** One reader's own card in a shared conversation: its buttons answer in place, and Teams shows it again from `view`. */
export function asUserSpecificView(card: AdaptiveCard, view: SubmitData | undefined, refreshUserIds: readonly string[]): AdaptiveCard {
  return withRefresh(withExecuteActions(card), view, refreshUserIds);
}

/**
 * A proactive post to a channel. Its text is public by contract (producers
 * write no record values there); the record itself is one button away, shown
 * to each reader as their roles allow. Nobody is refreshed automatically
 * (`userIds: []`): Teams offers a manual refresh, and the button does the same.
 */
export function renderChannelPostCard(post: { title: string; text: string; view?: SubmitData }): CardReply {
  const body = [heading(plain(post.title, 200)), paragraph(plain(post.text, 2000))];
  const card = post.view ? withRefresh(adaptiveCard(body, [execute(showMineTitle, viewVerb, post.view)]), post.view, []) : adaptiveCard(body);
  return cardReply(card, `${post.title}: ${post.text}`);
}
