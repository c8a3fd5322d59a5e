/**
 * The finding card's actions: showing a finding (also Teams' refresh) and dismissing
 * it with a reason. Each answer is the card as the reader may see it now, from the
 * same service and policy as the API's routes: a finding the reader may not see (a
 * hidden field, a record they may not read, another tenant's) answers "not available"
 * exactly like a missing one; a second dismiss (the service's 409) shows the card as
 * it is now, never a second change; a reader without update on the record is refused.
 */
import type { EntityType } from "@crm/shared/policy";
import { entityTypes } from "@crm/shared/policy";
import { invalidInput, isAppError } from "@crm/shared/errors";
import { isId } from "@crm/shared/domain";
import { renderFindingCard, renderFindingNotAvailableCard } from "../cards/finding-card.js";
import type { ChatReply } from "../chat/chat-turn.js";
import type { CardActionHandler } from "../chat/chat-engine.js";
import type { CommandContext } from "../chat/command.js";

const outdated = () => invalidInput([], "This card is out of date. Open the Data quality screen in the CRM tab.");

function findingOf(data: Record<string, unknown>): { entity: EntityType; recordId: string; key: string } {
  const { entity, id, key } = data;
  if (typeof entity !== "string" || !(entityTypes as readonly string[]).includes(entity)) throw outdated();
  if (typeof id !== "string" || !isId(id) || typeof key !== "string" || !/^[A-Za-z0-9:._-]{1,200}$/.test(key)) throw outdated();
  return { entity: entity as EntityType, recordId: id, key };
}

type Notice = Parameters<typeof renderFindingCard>[1]["notice"];

async function findingCardFor(context: CommandContext, ref: ReturnType<typeof findingOf>, notice?: Notice): Promise<ChatReply> {
  try {
    const view = await context.services.dataQuality.get(context.actor, ref.entity, ref.recordId, ref.key);
    return renderFindingCard(view, { ...(notice ? { notice } : {}), refreshUserIds: context.turn.refreshUserId ? [context.turn.refreshUserId] : [] });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") return renderFindingNotAvailableCard();
    throw error;
  }
}

export const findingActions: Readonly<Record<string, CardActionHandler>> = {
  /** The finding as the reader may see it now. */
  async finding(context, data) {
    return [await findingCardFor(context, findingOf(data))];
  },

  /** Dismiss with the reason typed on the card; the answer is the card as it is afterwards. */
  async findingDismiss(context, data) {
    const ref = findingOf(data);
    const reason = typeof data.reason === "string" ? data.reason : "";
    try {
      await context.services.dataQuality.dismiss(context.actor, ref.entity, ref.recordId, ref.key, reason);
    } catch (error) {
      if (isAppError(error) && error.code === "not_found") return [renderFindingNotAvailableCard()];
      if (isAppError(error) && (error.code === "conflict" || error.code === "forbidden" || error.code === "precondition_failed")) {
        const text = error.code === "forbidden" ? "You may not dismiss this finding: dismissing needs the right to change the record." : error.message;
        return [await findingCardFor(context, ref, { text, tone: "attention" })];
      }
      if (isAppError(error) && error.code === "invalid_input") {
        const fields = error.details?.fields ?? [];
        return [await findingCardFor(context, ref, { text: fields.length > 0 ? fields.map((field) => field.message).join(" ") : error.message, tone: "attention" })];
      }
      throw error;
    }
    return [await findingCardFor(context, ref, { text: "You dismissed this finding.", tone: "good" })];
  },
};
