/**
 * The approval card's actions: showing a request (also Teams' refresh) and deciding
 * it. Each answer is the card as the reader may see it now, from the same service
 * and policy as the API's routes: a request the reader may not see answers "not
 * available" exactly like a missing one, and a decision someone else made first
 * (the service's 409) shows the card as it is now with who decided, never a second
 * decision.
 */
import { invalidInput, isAppError } from "@crm/shared/errors";
import { isId } from "@crm/shared/domain";
import { renderApprovalCard, renderRequestNotAvailableCard } from "../cards/approval-card.js";
import type { ChatReply } from "../chat/chat-turn.js";
import type { CardActionHandler } from "../chat/chat-engine.js";
import type { CommandContext } from "../chat/command.js";

const outdated = () => invalidInput([], "This card is out of date. Type my requests to see your access requests.");

const requestIdOf = (data: Record<string, unknown>): string => {
  if (typeof data.id !== "string" || !isId(data.id)) throw outdated();
  return data.id;
};

type Notice = Parameters<typeof renderApprovalCard>[1]["notice"];

/** The request's card for the reader, with `notice` first; "not available" when they may not see it. */
async function approvalCardFor(context: CommandContext, requestId: string, notice?: Notice): Promise<ChatReply> {
  try {
    const view = await context.services.accessRequests.get(context.actor, requestId, "chat");
    return renderApprovalCard(view, { ...(notice ? { notice } : {}), refreshUserIds: context.turn.refreshUserId ? [context.turn.refreshUserId] : [] });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return renderRequestNotAvailableCard();
    throw error;
  }
}

/** Why a decision did not happen, in the words the service wrote for people. */
function refusal(error: unknown): Notice | undefined {
  if (!isAppError(error)) return undefined;
  if (error.code === "conflict" || error.code === "forbidden") return { text: error.message, tone: "attention" };
  if (error.code === "invalid_input") {
    const fields = error.details?.fields ?? [];
    return { text: fields.length > 0 ? fields.map((field) => field.message).join(" ") : error.message, tone: "attention" };
  }
  return undefined;
}

export const accessRequestActions: Readonly<Record<string, CardActionHandler>> = {
  /** The request as the reader may see it now: the view behind every approval card. */
  async accessRequest(context, data) {
    return [await approvalCardFor(context, requestIdOf(data))];
  },

  /** Approve or deny from the card, with its comment; the answer is the card as it is afterwards. */
  async accessDecide(context, data) {
    const requestId = requestIdOf(data);
    const outcome = data.outcome;
    if (outcome !== "approve" && outcome !== "deny") throw outdated();
    const comment = typeof data.comment === "string" ? data.comment : undefined;
    try {
      await context.services.accessRequests.decide(context.actor, requestId, outcome, comment, "chat");
    } catch (error) {
      if (isAppError(error) && error.code === "not_found") return [renderRequestNotAvailableCard()];
      const notice = refusal(error);
      if (!notice) throw error;
      return [await approvalCardFor(context, requestId, notice)];
    }
    return [await approvalCardFor(context, requestId, { text: outcome === "approve" ? "You approved this request." : "You denied this request.", tone: "good" })];
  },
};
