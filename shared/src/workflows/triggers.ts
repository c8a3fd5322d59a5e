/** Which domain events start which workflows, and when a time trigger falls due. Pure. */
import type { CrmRecord } from "../domain/records.js";
import { valueOf } from "./conditions.js";
import type { Trigger, TriggerType } from "./model.js";
import { durationMs, isTimeTrigger } from "./model.js";

/** A domain event as the change writer delivers it, narrowed to record events. */
export interface RecordEvent {
  type: string;
  tenantId: string;
  entity: string;
  recordId: string;
  from?: unknown;
  to?: unknown;
  actorId?: string;
}

export const isRecordEvent = (event: { type: string; [key: string]: unknown }): event is RecordEvent & { [key: string]: unknown } =>
  typeof event.entity === "string" && typeof event.recordId === "string" && typeof event.tenantId === "string";

/** The trigger types an event can start, by event type. */
const startedBy: Readonly<Record<string, readonly TriggerType[]>> = {
  "record.created": ["created"],
  "record.updated": ["updated", "fieldChanged"],
  "record.assigned": ["assigned"],
  "opportunity.stageChanged": ["stageChanged"],
  "record.statusChanged": ["statusChanged"],
};

/** Events after which a record's time triggers are worked out again. */
export const reschedulingEvents: readonly string[] = ["record.created", "record.updated", "record.noteAdded", "record.deleted"];

export const canStart = (trigger: Trigger, eventType: string): boolean => (startedBy[eventType] ?? []).includes(trigger.type);

/** The record's form data before and after the change (from the change's audit entry). */
export interface ChangeDiff {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const narrowedBy = (expected: unknown, actual: unknown): boolean => expected === undefined || sameValue(expected, actual);

/**
 * Does this event start the trigger? `diff` is needed only for fieldChanged;
 * without it a fieldChanged trigger does not match.
 */
export function matchesEvent(trigger: Trigger, event: RecordEvent, diff?: ChangeDiff): boolean {
  if (!canStart(trigger, event.type)) return false;
  switch (trigger.type) {
    case "stageChanged":
    case "statusChanged":
      return narrowedBy(trigger.from, event.from) && narrowedBy(trigger.to, event.to);
    case "fieldChanged": {
      if (!diff) return false;
      const before = diff.before[trigger.field];
      const after = diff.after[trigger.field];
      return !sameValue(before, after) && narrowedBy(trigger.from, before) && narrowedBy(trigger.to, after);
    }
    default:
      return true;
  }
}

function dateMs(value: unknown): number | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * When a time trigger falls due for this record (epoch ms), or undefined when it
 * cannot (the date field is empty). `lastActivityAt` is the latest note, if any.
 */
export function dueAt(trigger: Trigger, record: Pick<CrmRecord, "fields" | "ownerId" | "createdAt" | "updatedAt">, lastActivityAt?: string): number | undefined {
  if (!isTimeTrigger(trigger)) return undefined;
  switch (trigger.type) {
    case "timeAfterField": {
      const base = dateMs(valueOf(record, trigger.field));
      return base === undefined ? undefined : base + durationMs(trigger.after);
    }
    case "noActivity": {
      const latest = Math.max(dateMs(record.updatedAt) ?? 0, dateMs(lastActivityAt) ?? 0);
      return latest === 0 ? undefined : latest + durationMs(trigger.after);
    }
    case "dueDatePassed": {
      const base = dateMs(valueOf(record, trigger.field));
      return base === undefined ? undefined : base + 86_400_000;
    }
  }
}
