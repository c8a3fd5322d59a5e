/** Workflows in plain language, for the editor, the dry run and the run history. Pure. */
import type { CrmRecord } from "../domain/records.js";
import { titleField } from "../domain/forms.js";
import type { Condition, Duration, WorkflowRecipient, Trigger, WorkflowAction } from "./model.js";

const duration = (value: Duration): string => `${value.amount} ${value.amount === 1 ? value.unit.replace(/s$/, "") : value.unit}`;
const quoted = (value: unknown): string => (Array.isArray(value) ? value.map(quoted).join(", ") : JSON.stringify(value));
const narrowed = (from: unknown, to: unknown): string =>
  `${from !== undefined ? ` from ${quoted(from)}` : ""}${to !== undefined ? ` to ${quoted(to)}` : ""}`;

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

export function describeCondition(condition: Condition): string {
  return `${condition.field} ${operatorText[condition.op]}${condition.value !== undefined ? ` ${quoted(condition.value)}` : ""}`;
}

export function describeRecipient(recipient: WorkflowRecipient): string {
  switch (recipient.kind) {
    case "owner":
      return "the record's owner";
    case "user":
      return `user ${recipient.userId}`;
    case "role":
      return `everyone with role ${recipient.roleId}`;
    case "channel":
      return `channel ${recipient.channelId}`;
  }
}

export function describeAction(action: WorkflowAction): string {
  switch (action.type) {
    case "assign":
      if (action.strategy === "user") return `Assign to ${action.userId}`;
      return `Assign ${action.strategy === "roundRobin" ? "in turn" : "to whoever has the fewest open records"} among ${[
        ...(action.pool.userIds ?? []),
        ...(action.pool.roleId ? [`role ${action.pool.roleId}`] : []),
      ].join(", ")} (inactive users skipped)`;
    case "setField":
      return action.value === null ? `Clear ${action.field}` : `Set ${action.field} to ${quoted(action.value)}`;
    case "moveStage":
      return `Move to stage ${quoted(action.stageId)}`;
    case "addNote":
      return `Add the note ${quoted(action.text)}`;
    case "createTask":
      return `Create a ${action.kind} ${quoted(action.title)} for ${action.assignTo.kind === "owner" ? "the owner" : action.assignTo.userId}, due in ${duration(action.due)}`;
    case "notify":
      return `Tell ${describeRecipient(action.to)}: ${quoted(action.message)}`;
    case "noop":
      return "Do nothing (recorded only)";
  }
}

/** Fills `{record}` with the record's title and `{fieldKey}` with that field's value. */
export function renderText(template: string, record: Pick<CrmRecord, "entity" | "fields" | "ownerId">): string {
  return template.replace(/\{([a-zA-Z][a-zA-Z0-9]{0,39})\}/g, (_whole, key: string) => {
    if (key === "record") return String(record.fields[titleField[record.entity]] ?? "a record");
    if (key === "ownerId") return record.ownerId;
    const value = record.fields[key];
    if (value === undefined || value === null) return "";
    return Array.isArray(value) ? value.join(", ") : String(value);
  }).slice(0, 2000);
}
