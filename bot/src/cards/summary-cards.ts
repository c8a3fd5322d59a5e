/** Pipeline and forecast summaries: one table-like FactSet per section. */
import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { CardElement } from "./adaptive-card.js";
import { adaptiveCard, facts, heading, paragraph, plain } from "./adaptive-card.js";

export interface SummarySection {
  title: string;
  rows: [string, string][];
}

interface SummaryView {
  title: string;
  scope: string;
  sections: SummarySection[];
  notes: string[];
  empty: string;
}

export function renderSummaryCard(view: SummaryView): CardReply {
  const body: CardElement[] = [heading(view.title), paragraph(view.scope, { isSubtle: true })];
  if (view.sections.length === 0) body.push(paragraph(view.empty));
  for (const section of view.sections) {
    body.push({ type: "TextBlock", text: plain(section.title, 100), weight: "Bolder", wrap: true, spacing: "Medium" });
    body.push(facts(section.rows.map(([title, value]) => [plain(title, 80), plain(value, 120)])));
  }
  for (const note of view.notes) body.push(paragraph(note, { isSubtle: true }));
  const text = view.sections.map((section) => `${section.title}: ${section.rows.map(([title, value]) => `${title} ${value}`).join("; ")}`).join(" | ");
  return cardReply(adaptiveCard(body), `${view.title}: ${text || view.empty}`);
}
