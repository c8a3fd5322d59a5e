import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { CardElement } from "./adaptive-card.js";
import { adaptiveCard, heading, paragraph, plain, submit } from "./adaptive-card.js";

interface HelpView {
  userName: string;
  roles: string[];
  commands: { usage: string; summary: string }[];
}

/** The commands this caller may use, with a few buttons for the common ones. */
export function renderHelpCard(view: HelpView): CardReply {
  const body: CardElement[] = [
    heading("CRM bot: what you can do here"),
    paragraph(`Signed in as ${plain(view.userName, 80)} (${plain(view.roles.join(", ") || "no role", 120)}).`, { isSubtle: true }),
    { type: "FactSet", facts: view.commands.map((command) => ({ title: plain(command.usage, 60), value: plain(command.summary, 160) })) },
  ];
  const quick = ["my leads", "my opportunities", "my cases", "my tasks", "pipeline"].filter((name) => view.commands.some((command) => command.usage === name));
  return cardReply(
    adaptiveCard(
      body,
      quick.map((name) => submit(name, { crm: "command", text: name })),
    ),
    `CRM bot commands: ${view.commands.map((command) => command.usage).join(", ")}`,
  );
}
