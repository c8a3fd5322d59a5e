/** `help`: the commands this caller may use, judged by the policy. */
import { renderHelpCard } from "../cards/help-card.js";
import type { Command } from "../chat/command.js";

export function helpCommand(commands: () => readonly Command[]): Command {
  return {
    name: "help",
    aliases: ["?", "commands", "hi", "hello"],
    usage: "help",
    summary: "Show this list.",
    readOnly: true,
    async run(context) {
      const available = commands().filter((command) => !command.availableTo || command.availableTo(context.actor));
      return [
        renderHelpCard({
          userName: context.user.displayName || context.user.userId,
          roles: context.actor.roles.map((role) => role.name),
          commands: available.map((command) => ({ usage: command.usage, summary: command.summary })),
        }),
      ];
    },
  };
}
