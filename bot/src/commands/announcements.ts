/**
 * `announcements on|off` in a channel: an Owner (whoever may configure
 * workflows) lets the bot post won deals there. The channel's conversation
 * reference is stored only then.
 */
import { decideConfig } from "@crm/shared/policy";
import { forbidden, invalidInput } from "@crm/shared/errors";
import { renderNoticeCard } from "../cards/message-cards.js";
import type { Command } from "../chat/command.js";

export const announcementsCommand: Command = {
  name: "announcements",
  usage: "announcements on|off",
  summary: "In a channel: post won deals here (Owners).",
  availableTo: (actor) => decideConfig(actor, "workflows").allowed,
  async run(context, args) {
    const setting = args.trim().toLowerCase();
    if (setting !== "on" && setting !== "off") throw invalidInput([{ field: "text", message: "Write: announcements on, or announcements off." }]);
    const decision = decideConfig(context.actor, "workflows");
    if (!decision.allowed) throw forbidden(decision.reason);
    const { turn } = context;
    if (turn.conversation.kind !== "channel" || !turn.channelReference) {
      throw invalidInput([{ field: "text", message: "Announcements are set in a channel: mention me there." }]);
    }
    await context.conversations.remember(turn.tenantId, { kind: "channel", channelId: turn.conversation.id }, turn.channelReference, { announcements: setting === "on" });
    return [renderNoticeCard("Announcements", setting === "on" ? "I will post won deals in this channel." : "I will no longer post in this channel.", { forAnyone: true })];
  },
};
