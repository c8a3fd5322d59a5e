/**
 * Checks a card the way an Adaptive Cards host reads it, offline: the
 * `adaptivecards` library (3.x) parses it as version 1.5 and reports what it
 * does not understand; a property it drops on the way back out is one a client
 * would ignore too.
 */
import { createRequire } from "node:module";
import type * as AdaptiveCards from "adaptivecards";

// The package's ESM build imports paths without extensions, which Node refuses; its bundle loads as CommonJS.
const library = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js") as typeof AdaptiveCards;

/** Everything the library objects to in `json`, as messages; empty for a valid card. */
export function adaptiveCardProblems(json: unknown): string[] {
  const card = new library.AdaptiveCard();
  const context = new library.SerializationContext(library.Versions.v1_5);
  card.parse(json, context);
  const problems: string[] = [];
  for (let index = 0; index < context.eventCount; index += 1) problems.push(context.getEventAt(index).message);
  for (const event of card.validateProperties().validationEvents) problems.push(event.message);
  problems.push(...droppedProperties(json, card.toJSON(), "card"));
  return problems;
}

/** Values the library leaves out when it writes a card back, because they are its defaults. */
const defaults: readonly [string, unknown][] = [
  ["valueOn", "true"],
  ["valueOff", "false"],
  ["style", "compact"],
  // Teams reads an empty list as "refresh nobody automatically"; the library just omits empty lists.
  ["userIds", []],
];
const isDefault = (key: string, value: unknown): boolean => defaults.some(([name, fallback]) => name === key && JSON.stringify(fallback) === JSON.stringify(value));

function droppedProperties(original: unknown, parsed: unknown, path: string): string[] {
  if (Array.isArray(original)) return original.flatMap((item, index) => droppedProperties(item, Array.isArray(parsed) ? parsed[index] : undefined, `${path}[${index}]`));
  if (!original || typeof original !== "object") return [];
  const back = (parsed && typeof parsed === "object" ? parsed : {}) as Record<string, unknown>;
  return Object.entries(original as Record<string, unknown>).flatMap(([key, value]) => {
    // An inline card (Action.ShowCard) takes its version from the card around it.
    if (key === "$schema" || (key === "version" && path !== "card")) return [];
    if (!(key in back)) return isDefault(key, value) ? [] : [`${path}.${key} is not understood`];
    // Action data is the bot's own payload: carried as it is, not read by the host.
    if (key === "data") return [];
    return droppedProperties(value, back[key], `${path}.${key}`);
  });
}
