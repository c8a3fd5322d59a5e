/**
 * Notify: the owner, a user, every active holder of a role, or a Teams channel. Each
 * person is told what they and the workflow may both see; a channel, with many
 * readers, no record values. The dedupe key derives from the action key, so the
 * port delivers once.
 */
import type { Recipient } from "../../services/notifications.js";
import { personRef } from "../describe.js";
import type { WorkflowAction, WorkflowRecipient } from "../model.js";
import { labelsOnly, renderText } from "../placeholders.js";
import type { ActionContext, ActionKind, ActionParts } from "./context.js";
import { formOf, readerOf } from "./context.js";

export const notify: ActionKind<Extract<WorkflowAction, { type: "notify" }>> = {
  async run(action, context, parts) {
    const recipients = await recipientsOf(action.to, context, parts);
    const form = await formOf(parts, context);
    for (const recipient of recipients) {
      const who = recipient.kind === "user" ? recipient.userId : recipient.channelId;
      const reader = recipient.kind === "user" ? await readerOf(parts, recipient.userId, context, form) : labelsOnly(form);
      await parts.notifications.enqueue({
        tenantId: context.tenantId,
        recipient,
        dedupeKey: `${context.actionKey}|${who}`,
        title: context.workflow.name,
        text: renderText(action.message, context.record, reader),
        entity: context.record.entity,
        recordId: context.record.id,
      });
    }
    if (recipients.length === 0) return { outcome: "skipped", detail: "nobody to tell (no active user holds that role)" };
    return { outcome: "done", detail: `told ${recipients.map((recipient) => (recipient.kind === "user" ? personRef(recipient.userId) : `channel ${recipient.channelId}`)).join(", ")}` };
  },

  async preview(action, context, { person, reader, form }, parts) {
    const recipients = await recipientsOf(action.to, context, parts);
    const names = recipients.map((recipient) => (recipient.kind === "user" ? person(recipient.userId) : `channel ${recipient.channelId}`));
    const text = renderText(action.message, context.record, action.to.kind === "channel" ? labelsOnly(form) : reader);
    return names.length === 0 ? "nobody to tell" : `would tell ${names.join(", ")}: "${text}"`;
  },
};

async function recipientsOf(to: WorkflowRecipient, context: Pick<ActionContext, "tenantId" | "record">, parts: Pick<ActionParts, "config">): Promise<Recipient[]> {
  switch (to.kind) {
    case "owner":
      return [{ kind: "user", userId: context.record.ownerId }];
    case "user":
      return [{ kind: "user", userId: to.userId }];
    case "channel":
      return [{ kind: "channel", channelId: to.channelId }];
    case "role": {
      const users = await parts.config.listUsers(context.tenantId);
      return users.filter((user) => user.active && user.roleIds.includes(to.roleId)).map((user) => ({ kind: "user", userId: user.userId }));
    }
  }
}
