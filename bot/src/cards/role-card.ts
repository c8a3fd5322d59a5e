import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import { adaptiveCard, facts, heading, paragraph, plain } from "./adaptive-card.js";

interface RoleView {
  userName: string;
  roles: { name: string; description: string }[];
  entities: [string, string][];
  configuration: string[];
}

export function renderRoleCard(view: RoleView): CardReply {
  const body = [
    heading(`Your role${view.roles.length > 1 ? "s" : ""}: ${plain(view.roles.map((role) => role.name).join(", ") || "none", 150)}`),
    ...view.roles.map((role) => paragraph(`**${plain(role.name, 60)}**: ${plain(role.description, 300)}`)),
    facts(view.entities),
    paragraph(view.configuration.length > 0 ? `You may also ${view.configuration.join(", ")}.` : "You may not change the configuration.", { isSubtle: true }),
  ];
  return cardReply(adaptiveCard(body), `Your roles: ${view.roles.map((role) => role.name).join(", ")}`);
}

interface ExplainView {
  question: string;
  allowed: boolean;
  reason: string;
}

export function renderExplainCard(view: ExplainView): CardReply {
  return cardReply(
    adaptiveCard([
      heading(view.allowed ? "You can" : "You cannot"),
      paragraph(plain(view.question, 200), { isSubtle: true }),
      paragraph(`Because ${plain(view.reason, 500)}.`, view.allowed ? { color: "Good" } : { color: "Attention" }),
    ]),
    `${view.allowed ? "You can" : "You cannot"}: ${view.reason}`,
  );
}
