/**
 * The approval card of an access request, always rendered for one reader from
 * the service's view for that reader (`accessRequests.get(reader, id)`): who
 * may decide gets Approve / Deny with a comment; everyone else reads where it
 * stands. Buttons are `Action.Execute` and the card names its own refresh, so
 * Teams shows each reader the current state in place (Universal Actions).
 */
import type { CrmServices } from "@crm/shared/services";
// Dates as the service's notices write them ("1 Oct 2026"), so card and message agree.
import { readableDate } from "@crm/shared/services";
import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { CardAction, CardElement, SubmitData } from "./adaptive-card.js";
import { adaptiveCard, execute, facts, heading, paragraph, plain } from "./adaptive-card.js";
import { pressVerb, viewVerb } from "./shared-conversation-cards.js";

export type AccessRequestView = Awaited<ReturnType<CrmServices["accessRequests"]["get"]>>;

/** The card data that shows a request again, for whoever runs it (a read-only card action). */
export const accessRequestView = (requestId: string): SubmitData => ({ crm: "accessRequest", id: requestId });

/** A comment holds at most this many characters (the service's own limit). */
const commentLimit = 500;

function statusLine(view: AccessRequestView): { text: string; color?: "Good" | "Attention" | "Warning" } {
  const last = view.decisions.at(-1);
  const when = view.closedAt ? ` on ${readableDate(view.closedAt)}` : "";
  switch (view.status) {
    case "pending": {
      const approvals = view.decisions.filter((decision) => decision.outcome === "approve").length;
      const left = view.approvalsNeeded - approvals;
      return { text: `Waiting for ${left} ${left === 1 ? "approval" : "approvals"} (until ${readableDate(view.expiresAt)}).`, color: "Warning" };
    }
    case "approved":
      return { text: `Approved by ${plain(last?.approverName ?? "an approver", 80)}${when}.${view.appliedAt ? " The role is given." : ""}`, color: "Good" };
    case "denied":
      return { text: `Denied by ${plain(last?.approverName ?? "an approver", 80)}${when}.`, color: "Attention" };
    case "expired":
      return { text: "Expired: nobody decided in time.", color: "Attention" };
    case "withdrawn":
      return { text: `Withdrawn${when}.` };
  }
}

const decisionLine = (decision: AccessRequestView["decisions"][number]): string =>
  `${decision.outcome === "approve" ? "Approved" : "Denied"} by ${plain(decision.approverName, 80)} on ${readableDate(decision.at)}${decision.comment ? `: “${plain(decision.comment, commentLimit)}”` : ""}`;

interface ApprovalCardOptions {
  /** What just happened, or why nothing did ("Olga already approved this request"), shown first. */
  notice?: { text: string; tone: "good" | "attention" | "plain" };
  /** Teams user MRIs whose client refreshes the card by itself when shown. */
  refreshUserIds: readonly string[];
}

export function renderApprovalCard(view: AccessRequestView, options: ApprovalCardOptions): CardReply {
  const title = `Access request: ${plain(view.roleName, 100)} for ${plain(view.subject.name, 100)}`;
  const body: CardElement[] = [heading(title)];
  const tones = { good: { color: "Good" }, attention: { color: "Attention" }, plain: {} } as const;
  if (options.notice) body.push(paragraph(plain(options.notice.text, 2000), tones[options.notice.tone]));
  const status = statusLine(view);
  body.push(paragraph(status.text, status.color ? { color: status.color } : {}));
  const pairs: [string, string][] = [
    ["Role", plain(view.roleName, 100)],
    ["For", plain(view.subject.name, 100)],
    ["Asked by", `${plain(view.requester.name, 100)} on ${readableDate(view.createdAt)}`],
    ["Why", plain(view.justification, 1000) || "(no reason given)"],
    ["Until", view.endsAt ? readableDate(view.endsAt) : "No end date"],
  ];
  if (view.exceptionTo?.length) pairs.push(["Exception to", view.exceptionTo.map((rule) => `“${plain(rule, 100)}”`).join(", ")]);
  body.push(facts(pairs));
  for (const decision of view.decisions) body.push(paragraph(decisionLine(decision), { isSubtle: true }));

  const actions: CardAction[] = [];
  if (view.decideInTab && view.status === "pending") {
    body.push(paragraph("Approve or deny this in the CRM tab's Approvals: deciding on access needs a fresh multi-factor sign-in, which chat cannot ask for.", { color: "Warning" }));
  }
  if (view.canDecide && view.status === "pending") {
    body.push({ type: "Input.Text", id: "comment", label: "Comment (optional)", isMultiline: true, maxLength: commentLimit, placeholder: "Why you approve or deny" });
    const decide = (outcome: "approve" | "deny") => ({ crm: "accessDecide", id: view.id, outcome });
    actions.push(execute("Approve", pressVerb, decide("approve"), { style: "positive" }), execute("Deny", pressVerb, decide("deny"), { style: "destructive" }));
  }
  const refreshed = accessRequestView(view.id);
  const card = { ...adaptiveCard(body, actions), refresh: { action: execute("Show the latest", viewVerb, refreshed), userIds: [...options.refreshUserIds] } };
  return cardReply(card, `${title}: ${status.text}`, { view: refreshed });
}

/** For a reader who may not see the request, exactly as for one that does not exist (as the API's 404). */
export function renderRequestNotAvailableCard(): CardReply {
  return cardReply(adaptiveCard([heading("Not available"), paragraph("This access request does not exist, or it is not yours to see.")]), "This access request is not available.", { forAnyone: true });
}
