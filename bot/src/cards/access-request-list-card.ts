/** `my requests`: the caller's access requests and where each stands, and what waits for their decision. */
import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { CardAction, CardElement } from "./adaptive-card.js";
import { adaptiveCard, facts, heading, paragraph, plain, submit } from "./adaptive-card.js";
import type { AccessRequestView } from "./approval-card.js";
import { accessRequestView } from "./approval-card.js";

const shown = 10;

const statusWords: Record<AccessRequestView["status"], string> = {
  pending: "waiting for a decision",
  approved: "approved",
  denied: "denied",
  expired: "expired",
  withdrawn: "withdrawn",
};

const line = (view: AccessRequestView): [string, string] => [`${plain(view.roleName, 60)} for ${plain(view.subject.name, 60)}`, statusWords[view.status]];

export function renderAccessRequestList(mine: readonly AccessRequestView[], inbox: readonly AccessRequestView[]): CardReply {
  const body: CardElement[] = [heading("Your access requests")];
  if (mine.length === 0) body.push(paragraph("You have not asked for a role, and nobody asked for one for you. Ask with: request role [role] for 30 days: [why]"));
  else body.push(facts(mine.slice(0, shown).map(line)));
  if (mine.length > shown) body.push(paragraph(`And ${mine.length - shown} more: the CRM tab's Approvals shows them all.`, { isSubtle: true }));
  const actions: CardAction[] = [];
  if (inbox.length > 0) {
    body.push(paragraph(`${inbox.length} ${inbox.length === 1 ? "request waits" : "requests wait"} for your decision.`, { color: "Warning" }));
    for (const view of inbox.slice(0, 5)) actions.push(submit(`Decide: ${plain(view.roleName, 40)} for ${plain(view.subject.name, 40)}`, accessRequestView(view.id)));
  }
  return cardReply(adaptiveCard(body, actions), `Your access requests: ${mine.length}; waiting for you: ${inbox.length}.`);
}
