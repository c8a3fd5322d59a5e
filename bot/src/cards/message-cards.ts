/**
 * Short cards for answers that are not about a record: problems, refusals,
 * suggestions. Problems and suggestions carry no record data (errors' messages
 * are written for users and never hold values), so they are `forAnyone`.
 */
import type { FieldProblem } from "@crm/shared/errors";
import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import { adaptiveCard, heading, paragraph, plain, submit } from "./adaptive-card.js";

/** A problem the user can act on: the AppError's own message, fit for a user. */
export function renderProblemCard(title: string, message: string, problems: readonly FieldProblem[] = []): CardReply {
  const body = [heading(title), paragraph(message)];
  for (const problem of problems.slice(0, 10)) body.push(paragraph(`• ${plain(problem.message, 200)}`, { isSubtle: true }));
  return cardReply(adaptiveCard(body), `${title}: ${message}`, { forAnyone: true });
}

/** Something broke on our side: no detail, only a reference to quote to support. */
export function renderFailureCard(reference: string): CardReply {
  return cardReply(
    adaptiveCard([heading("Something went wrong"), paragraph("Sorry, I could not do that just now. Please try again in a moment."), paragraph(`Reference: ${reference}`, { isSubtle: true })]),
    `Something went wrong (reference ${reference}).`,
    { forAnyone: true },
  );
}

export function renderDidYouMeanCard(typed: string, suggestion: string): CardReply {
  return cardReply(
    adaptiveCard(
      [heading("I did not understand that"), paragraph(`"${plain(typed, 80)}" is not a command I know. Did you mean **${plain(suggestion, 120)}**?`)],
      [submit(suggestion, { crm: "command", text: suggestion }), submit("Help", { crm: "command", text: "help" })],
    ),
    `Did you mean "${suggestion}"?`,
    { forAnyone: true },
  );
}

export function renderUnknownCommandCard(typed: string): CardReply {
  return cardReply(
    adaptiveCard(
      [heading("I did not understand that"), paragraph(`"${plain(typed, 80)}" is not a command I know. Type **help** to see what I can do.`)],
      [submit("Help", { crm: "command", text: "help" })],
    ),
    "I did not understand that. Type help to see what I can do.",
    { forAnyone: true },
  );
}

/** A short confirmation; `extra` says whether it may be shown to anyone, or which record it is about. */
export function renderNoticeCard(title: string, text: string, extra: Pick<CardReply, "view" | "forAnyone"> = {}): CardReply {
  return cardReply(adaptiveCard([heading(title), paragraph(text)]), `${title}: ${text}`, extra);
}
