/**
 * Workflows in plain language, for the editor, the dry run and the run history. Pure.
 * People are shown by `person` (the caller passes display names from one read of the
 * tenant's users; without it, user ids).
 */
import type { Condition, Duration, WorkflowRecipient, Trigger, WorkflowAction } from "./model.js";

/** How a user id is shown: a display name, or the id itself when it is not known. */
export type PersonName = (userId: string) => string;
const asIs: PersonName = (userId) => userId;

const duration = (value: Duration): string => `${value.amount} ${value.amount === 1 ? value.unit.replace(/s$/, "") : value.unit}`;
const quoted = (value: unknown): string => (Array.isArray(value) ? value.map(quoted).join(", ") : JSON.stringify(value));
const narrowed = (from: unknown, to: unknown): string => `${from !== undefined ? ` from ${quoted(from)}` : ""}${to !== undefined ? ` to ${quoted(to)}` : ""}`;

export function describeTrigger(trigger: Trigger): string {
  switch (trigger.type) {
    case "created":
      return "When a record is created";
    case "updated":
      return "When a record is changed";
    case "fieldChanged":
      return `When ${trigger.field} changes${narrowed(trigger.from, trigger.to)}`;
    case "stageChanged":
      return `When the stage changes${narrowed(trigger.from, trigger.to)}`;
    case "statusChanged":
      return `When the status changes${narrowed(trigger.from, trigger.to)}`;
    case "assigned":
      return "When a record is given to someone";
    case "timeAfterField":
      return `${duration(trigger.after)} after ${trigger.field}`;
    case "noActivity":
      return `When nothing has happened for ${duration(trigger.after)}`;
    case "dueDatePassed":
      return `When ${trigger.field} has passed`;
    case "manual":
      return "When someone runs it on a record";
  }
}

const operatorText: Record<Condition["op"], string> = {
  equals: "is",
  notEquals: "is not",
  in: "is one of",
  notIn: "is none of",
  contains: "contains",
  greaterThan: "is greater than",
  lessThan: "is less than",
  empty: "is empty",
  notEmpty: "is not empty",
};

/** `userFields`: the fields whose values are user ids (`ownerId` always is), shown as people. */
export function describeCondition(condition: Condition, person: PersonName = asIs, userFields: ReadonlySet<string> = new Set()): string {
  const isUser = condition.field === "ownerId" || userFields.has(condition.field);
  const value = isUser && condition.value !== undefined ? (Array.isArray(condition.value) ? condition.value.map((id) => person(String(id))) : person(String(condition.value))) : condition.value;
  return `${condition.field} ${operatorText[condition.op]}${value !== undefined ? ` ${quoted(value)}` : ""}`;
}

export function describeRecipient(recipient: WorkflowRecipient, person: PersonName = asIs): string {
  switch (recipient.kind) {
    case "owner":
      return "the record's owner";
    case "user":
      return person(recipient.userId);
    case "role":
      return `everyone with role ${recipient.roleId}`;
    case "channel":
      return `channel ${recipient.channelId}`;
  }
}

export function describeAction(action: WorkflowAction, person: PersonName = asIs): string {
  switch (action.type) {
    case "assign":
      if (action.strategy === "user") return `Assign to ${person(action.userId)}`;
      return `Assign ${action.strategy === "roundRobin" ? "in turn" : "to whoever has the fewest open records"} among ${[
        ...(action.pool.userIds ?? []).map(person),
        ...(action.pool.roleId ? [`role ${action.pool.roleId}`] : []),
      ].join(", ")} (inactive users skipped)`;
    case "setField":
      return action.value === null ? `Clear ${action.field}` : `Set ${action.field} to ${quoted(action.value)}`;
    case "moveStage":
      return `Move to stage ${quoted(action.stageId)}`;
    case "addNote":
      return `Add the note ${quoted(action.text)}`;
    case "createTask":
      return `Create a ${action.kind} ${quoted(action.title)} for ${action.assignTo.kind === "owner" ? "the owner" : person(action.assignTo.userId)}, due in ${duration(action.due)}`;
    case "notify":
      return `Tell ${describeRecipient(action.to, person)}: ${quoted(action.message)}`;
    case "noop":
      return "Do nothing (recorded only)";
  }
}

/** The users an action names in its description. */
export function peopleIn(action: WorkflowAction): string[] {
  switch (action.type) {
    case "assign":
      return action.strategy === "user" ? [action.userId] : [...(action.pool.userIds ?? [])];
    case "createTask":
      return action.assignTo.kind === "user" ? [action.assignTo.userId] : [];
    case "notify":
      return action.to.kind === "user" ? [action.to.userId] : [];
    default:
      return [];
  }
}

/**
 * How texts that are stored (run records) refer to a user: the id between Unicode
 * isolate marks (FSI … PDI, invisible, and never part of an id), so a reader can
 * name exactly these and not a word that merely looks like an id in quoted text.
 */
export const personRef: PersonName = (userId) => `\u2068${userId}\u2069`;
const refPattern = /\u2068([A-Za-z0-9._@-]{1,128})\u2069/g;

/** The users a stored text refers to with `personRef`. */
export const referencedPeople = (text: string): string[] => [...text.matchAll(refPattern)].map((match) => match[1]!);

/** A stored text with each `personRef` replaced by the person's name. */
export const namePeople = (text: string, person: PersonName): string => text.replace(refPattern, (_whole, userId: string) => person(userId));

/**
 * For texts without marks (runs recorded before them, error messages): the given
 * users' ids replaced by their names where an id stands alone (not inside a longer
 * word, id or address).
 */
export function namePeopleLoosely(text: string, userIds: Iterable<string>, person: PersonName): string {
  let result = text;
  // Longer ids first, so "ann.lee" is named before "ann" could match inside it.
  for (const userId of [...userIds].sort((a, b) => b.length - a.length)) {
    const name = person(userId);
    if (!userId || name === userId || !result.includes(userId)) continue;
    result = result.replace(new RegExp(`(?<![\\w.@-])${userId.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w@-]|\\.\\w)`, "g"), () => name);
  }
  return result;
}
