/**
 * Notifications about an access request arrive as its approval card, rendered for
 * the recipient at delivery (the request may have moved on since it was queued):
 * an approver who may still decide gets Approve / Deny. Anything else, or a
 * request the recipient may no longer see, falls back to the notification's own
 * words, which were written for that recipient.
 *
 * Data-quality findings arrive likewise as the finding's card for the recipient
 * (Open / Dismiss / Fix, only what they may see); a finding they may no longer see
 * is told in plain words, never with the notification's text (which may name data).
 */
import type { CrmServices } from "@crm/shared/services";
import { isAppError } from "@crm/shared/errors";
import type { EntityType } from "@crm/shared/policy";
import { renderApprovalCard } from "../cards/approval-card.js";
import { renderFindingCard, renderFindingNotAvailableCard } from "../cards/finding-card.js";
import { renderNotificationFor } from "../cards/notification-card.js";
import type { StoredReference } from "../storage/conversation-references.js";
import type { RenderNotification } from "./notification-sender.js";

/** The reader's Teams user MRI in a personal chat's reference: only to address the card's refresh. */
const readerOf = (reference: StoredReference): string | undefined => {
  const user = reference.user as { id?: unknown } | undefined;
  return typeof user?.id === "string" ? user.id : undefined;
};

export function approvalNotificationRenderer(services: CrmServices, log: (message: string, error?: unknown) => void): RenderNotification {
  return async (tenantId, recipient, row, reference) => {
    if (recipient.kind === "user" && row.findingKey && row.entity && row.recordId) {
      try {
        const actor = await services.actors.activeActor(tenantId, recipient.userId);
        if (!actor) return renderFindingNotAvailableCard();
        const view = await services.dataQuality.get(actor, row.entity as EntityType, row.recordId, row.findingKey);
        const reader = readerOf(reference);
        return renderFindingCard(view, { refreshUserIds: reader ? [reader] : [] });
      } catch (error) {
        if (!isAppError(error) || error.code !== "not_found") log("could not render a finding's card; sending that it is not available", error);
        return renderFindingNotAvailableCard();
      }
    }
    if (recipient.kind !== "user" || !row.accessRequestId) return renderNotificationFor(recipient, row);
    try {
      const actor = await services.actors.activeActor(tenantId, recipient.userId);
      if (!actor) return renderNotificationFor(recipient, row);
      const view = await services.accessRequests.get(actor, row.accessRequestId, "chat");
      const reader = readerOf(reference);
      // Only a pending request changes by itself; a settled one keeps the message's words (a refresh would replace them).
      const refreshUserIds = view.status === "pending" && reader ? [reader] : [];
      return renderApprovalCard(view, { notice: { text: row.text, tone: "plain" }, refreshUserIds });
    } catch (error) {
      if (!isAppError(error) || error.code !== "not_found") log("could not render an access request's card; sending the notification's text", error);
      return renderNotificationFor(recipient, row);
    }
  };
}
