/** `my requests`: the access requests one made or that are for one, and those waiting for one's decision. */
import { renderAccessRequestList } from "../cards/access-request-list-card.js";
import type { Command } from "../chat/command.js";

export const myRequestsCommand: Command = {
  name: "my requests",
  aliases: ["my access requests", "approvals"],
  usage: "my requests",
  summary: "Your access requests and those waiting for your decision.",
  readOnly: true,
  async run(context) {
    const [mine, inbox] = await Promise.all([context.services.accessRequests.list(context.actor, "mine"), context.services.accessRequests.list(context.actor, "inbox")]);
    return [renderAccessRequestList(mine, inbox)];
  },
};
