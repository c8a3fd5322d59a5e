/**
 * Turns domain events into notifications: the new owner hears about an
 * assignment, the owner about a stage change, a won deal or an escalated case,
 * and channels with announcements on hear about won deals. Events arrive at
 * least once with their change id; the change id is in every dedupe key, so a
 * replayed event enqueues nothing new.
 *
 * Each text shows only what its reader may see: a person gets the record as
 * their own roles show it (a hidden name reads "a lead"; a change to a field
 * they may not see, or to a record they may not read, is not told at all), and
 * a channel, read by many, gets no record values, only the record's id for
 * each reader's own view (see renderNotificationFor).
 */
import type { CrmServices, Notification, NotificationPort, Recipient } from "@crm/shared/services";
import type { DomainEvent } from "@crm/shared/storage";
import type { EntityType } from "@crm/shared/policy";
import { decideConfig, entityLabels, entityTypes, fieldAccess } from "@crm/shared/policy";
import { titleField } from "@crm/shared/domain";
import type { ConversationReferenceStore } from "../storage/conversation-references.js";

/** A record as one reader may see it. */
export interface RecordAsSeen {
  /** Undefined when the reader's roles hide the name. */
  title?: string;
  /** Whether the reader's roles show this field. */
  sees(field: string): boolean;
}

export interface EventLookups {
  /** The record as `viewerId` may see it; undefined when they may not read it (or it, or they, are gone). */
  recordAs(tenantId: string, entity: EntityType, recordId: string, viewerId: string): Promise<RecordAsSeen | undefined>;
  /**
   * Who made a change, as `viewerId` may see it: a person's name, or for a
   * workflow's principal (`workflow.<id>`) "A workflow", or the workflow's name
   * when the viewer may read workflows.
   */
  changedBy(tenantId: string, actorId: string, viewerId: string): Promise<string>;
  stage(tenantId: string, stageId: string): Promise<{ name: string; won: boolean } | undefined>;
  announcementChannels(tenantId: string): Promise<Recipient[]>;
}

export function serviceLookups(services: CrmServices, conversations: ConversationReferenceStore): EventLookups {
  return {
    async recordAs(tenantId, entity, recordId, viewerId) {
      const actor = await services.actors.activeActor(tenantId, viewerId);
      // seenBy, not records.get: a notification is not the reader asking, so a "no" is no denial to audit.
      const seen = actor && (await services.records.seenBy(actor, entity, recordId));
      if (!actor || !seen) return undefined;
      const sees = (field: string) => fieldAccess(actor, entity, field) !== "hidden";
      const title = seen.record.fields[titleField[entity]];
      return { ...(sees(titleField[entity]) && title !== undefined && title !== null && title !== "" ? { title: String(title) } : {}), sees };
    },
    async changedBy(tenantId, actorId, viewerId) {
      if (!actorId.startsWith("workflow.")) return (await services.actors.user(tenantId, actorId))?.displayName || "Someone";
      const actor = await services.actors.activeActor(tenantId, viewerId);
      if (actor && decideConfig(actor, "workflows").allowed) {
        const workflow = await services.workflows.get(actor, actorId.slice("workflow.".length)).catch(() => undefined);
        if (workflow) return `The workflow "${workflow.name}"`;
      }
      return "A workflow";
    },
    async stage(tenantId, stageId) {
      for (const pipeline of await services.configuration.listPipelines(tenantId)) {
        const stage = pipeline.stages.find((candidate) => candidate.id === stageId);
        if (stage) return { name: stage.name, won: stage.won };
      }
      return undefined;
    },
    announcementChannels: (tenantId) => conversations.announcementChannels(tenantId),
  };
}

const isEntity = (value: unknown): value is EntityType => typeof value === "string" && (entityTypes as readonly string[]).includes(value);

const article = (word: string): string => (/^[aeiou]/.test(word) ? "an" : "a");

export async function notificationsFor(event: DomainEvent, changeId: string, lookups: EventLookups): Promise<Notification[]> {
  const { tenantId } = event;
  const entity = event.entity;
  const recordId = typeof event.recordId === "string" ? event.recordId : undefined;
  const ownerId = typeof event.ownerId === "string" ? event.ownerId : undefined;
  const actorId = typeof event.actorId === "string" ? event.actorId : undefined;
  if (!isEntity(entity) || !recordId || !ownerId) return [];
  const label = entityLabels[entity].one;
  /** `the lead "Grace Hopper"`, or `a lead` for a reader whose roles hide the name. */
  const named = (seen: RecordAsSeen) => (seen.title !== undefined ? `the ${label} "${seen.title}"` : `${article(label)} ${label}`);
  const toUser = (userId: string, key: string, title: string, text: string, seen: RecordAsSeen | undefined): Notification => ({
    tenantId,
    recipient: { kind: "user", userId },
    dedupeKey: `${changeId}:${key}:${userId}`,
    title,
    text,
    // A reader who may not read the record gets nothing of it, not even a button to it.
    ...(seen ? { entity, recordId } : {}),
  });
  const seenBy = (userId: string) => lookups.recordAs(tenantId, entity, recordId, userId);
  const changedBy = (viewerId: string) => (actorId ? lookups.changedBy(tenantId, actorId, viewerId) : Promise.resolve("Someone"));

  switch (event.type) {
    case "record.assigned": {
      if (ownerId === actorId) return [];
      const [seen, actorName] = await Promise.all([seenBy(ownerId), changedBy(ownerId)]);
      return [toUser(ownerId, "assigned", `New ${label} for you`, `${actorName} assigned you ${seen ? named(seen) : `${article(label)} ${label}`}.`, seen)];
    }
    case "opportunity.stageChanged": {
      const stage = typeof event.to === "string" ? await lookups.stage(tenantId, event.to) : undefined;
      if (!stage) return [];
      const notifications: Notification[] = [];
      if (ownerId !== actorId) {
        const seen = await seenBy(ownerId);
        if (seen?.sees("stageId")) {
          const text = seen.title !== undefined ? `"${seen.title}" moved to ${stage.name}.` : `One of your opportunities moved to ${stage.name}.`;
          notifications.push(toUser(ownerId, "stage", stage.won ? "Deal won" : "Stage changed", text, seen));
        }
      }
      if (stage.won) {
        // Everyone in a channel reads this card: no values here; each reader opens the deal under their own roles.
        for (const channel of await lookups.announcementChannels(tenantId)) {
          if (channel.kind !== "channel") continue;
          notifications.push({ tenantId, recipient: channel, dedupeKey: `${changeId}:won:${channel.channelId}`, title: "Deal won", text: "An opportunity was won.", entity, recordId });
        }
      }
      return notifications;
    }
    case "case.assigneeChanged": {
      const assigneeId = typeof event.assigneeId === "string" ? event.assigneeId : undefined;
      if (!assigneeId || assigneeId === actorId) return [];
      const [seen, actorName] = await Promise.all([seenBy(assigneeId), changedBy(assigneeId)]);
      if (!seen?.sees("assigneeId")) return [];
      return [toUser(assigneeId, "assignee", "Case assigned to you", `${actorName} made you the assignee of ${named(seen)}.`, seen)];
    }
    case "record.statusChanged": {
      if (entity !== "case" || event.to !== "Escalated" || ownerId === actorId) return [];
      const seen = await seenBy(ownerId);
      if (!seen?.sees("status")) return [];
      const text = seen.title !== undefined ? `The case "${seen.title}" was escalated.` : "One of your cases was escalated.";
      return [toUser(ownerId, "escalated", "Case escalated", text, seen)];
    }
    default:
      return [];
  }
}

/**
 * Subscribes to the change writer. A failure is logged and rethrown: the change
 * stays in the outbox and the sweeper delivers the event again (dedupe keys make
 * the second enqueue a no-op); the write that raised the event still succeeds.
 */
export function notifyOnDomainEvents(services: CrmServices, port: NotificationPort, lookups: EventLookups, log: (message: string, error?: unknown) => void): void {
  services.events.onEvent(async (event, changeId) => {
    try {
      for (const notification of await notificationsFor(event, changeId, lookups)) await port.enqueue(notification);
    } catch (error) {
      log(`could not enqueue notifications for ${event.type} (change ${changeId})`, error);
      throw error;
    }
  });
}
