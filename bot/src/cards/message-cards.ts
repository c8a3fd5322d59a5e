/** Short cards for answers that are not about a record: problems, refusals, suggestions. */
import type { FieldProblem } from "@crm/shared";
import type { ChatReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import { adaptiveCard, heading, paragraph, plain, submit } from "./adaptive-card.js";

/** A problem the user can act on: the AppError's own message, fit for a user. */
export function renderProblemCard(title: string, message: string, problems: readonly FieldProblem[] = []): ChatReply {
  const body = [heading(title), paragraph(message)];
  for (const problem of problems.slice(0, 10)) body.push(paragraph(`• ${plain(problem.message, 200)}`, { isSubtle: true }));
  return cardReply(adaptiveCard(body), `${title}: ${message}`);
}

/** Something broke on our side: no detail, only a reference to quote to support. */
export function renderFailureCard(reference: string): ChatReply {
  return cardReply(
    adaptiveCard([
      heading("Something went wrong"),
      paragraph("Sorry, I could not do that just now. Please try again in a moment."),
      paragraph(`Reference: ${reference}`, { isSubtle: true }),
    ]),
    `Something went wrong (reference ${reference}).`,
  );
}

export function renderDidYouMeanCard(typed: string, suggestion: string): ChatReply {
  return cardReply(
    adaptiveCard(
      [heading("I did not understand that"), paragraph(`"${plain(typed, 80)}" is not a command I know. Did you mean **${plain(suggestion, 120)}**?`)],
      [submit(suggestion, { crm: "command", text: suggestion }), submit("Help", { crm: "command", text: "help" })],
    ),
    `Did you mean "${suggestion}"?`,
  );
}

export function renderUnknownCommandCard(typed: string): ChatReply {
  return cardReply(
    adaptiveCard([heading("I did not understand that"), paragraph(`"${plain(typed, 80)}" is not a command I know. Type **help** to see what I can do.`)], [
      submit("Help", { crm: "command", text: "help" }),
    ]),
    "I did not understand that. Type help to see what I can do.",
  );
}

export function renderNoticeCard(title: string, text: string): ChatReply {
  return cardReply(adaptiveCard([heading(title), paragraph(text)]), `${title}: ${text}`);
}
