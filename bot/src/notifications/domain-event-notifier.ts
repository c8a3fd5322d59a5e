/**
 * Turns domain events into notifications: the new owner hears about an
 * assignment, the owner about a stage change, a won deal or an escalated case,
 * and channels with announcements on hear about won deals. Events arrive at
 * least once with their change id; the change id is in every dedupe key, so a
 * replayed event enqueues nothing new.
 */
import type { CrmServices, DomainEvent, EntityType, Notification, NotificationPort, Recipient } from "@crm/shared";
import { decideConfig, entityLabels, entityTypes, titleField, workflowServiceOf } from "@crm/shared";
import type { ConversationReferenceStore } from "../storage/conversation-references.js";

export interface EventLookups {
  recordTitle(tenantId: string, entity: EntityType, recordId: string): Promise<{ title: string; amount?: number } | undefined>;
  userName(tenantId: string, userId: string): Promise<string>;
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
    async recordTitle(tenantId, entity, recordId) {
      const record = await services.recordRepository.get(tenantId, entity, recordId);
      if (!record) return undefined;
      const amount = typeof record.fields.amount === "number" ? record.fields.amount : undefined;
      return { title: String(record.fields[titleField[entity]] ?? recordId), ...(amount !== undefined ? { amount } : {}) };
    },
    async userName(tenantId, userId) {
      return (await services.config.getUser(tenantId, userId))?.displayName || "Someone";
    },
    async changedBy(tenantId, actorId, viewerId) {
      if (!actorId.startsWith("workflow.")) return (await services.config.getUser(tenantId, actorId))?.displayName || "Someone";
      const viewer = await services.config.getUser(tenantId, viewerId);
      if (viewer?.active) {
        const actor = await services.actors.actorOf(viewer);
        if (decideConfig(actor, "workflows").allowed) {
          const workflow = await workflowServiceOf(services).get(actor, actorId.slice("workflow.".length)).catch(() => undefined);
          if (workflow) return `The workflow "${workflow.name}"`;
        }
      }
      return "A workflow";
    },
    async stage(tenantId, stageId) {
      for (const pipeline of await services.config.listPipelines(tenantId)) {
        const stage = pipeline.stages.find((candidate) => candidate.id === stageId);
        if (stage) return { name: stage.name, won: stage.won };
      }
      return undefined;
    },
    announcementChannels: (tenantId) => conversations.announcementChannels(tenantId),
  };
}

const isEntity = (value: unknown): value is EntityType => typeof value === "string" && (entityTypes as readonly string[]).includes(value);

export async function notificationsFor(event: DomainEvent, changeId: string, lookups: EventLookups): Promise<Notification[]> {
  const { tenantId } = event;
  const entity = event.entity;
  const recordId = typeof event.recordId === "string" ? event.recordId : undefined;
  const ownerId = typeof event.ownerId === "string" ? event.ownerId : undefined;
  const actorId = typeof event.actorId === "string" ? event.actorId : undefined;
  if (!isEntity(entity) || !recordId || !ownerId) return [];
  const label = entityLabels[entity].one;
  const toUser = (userId: string, key: string, title: string, text: string): Notification => ({
    tenantId,
    recipient: { kind: "user", userId },
    dedupeKey: `${changeId}:${key}:${userId}`,
    title,
    text,
    entity,
    recordId,
  });
  const describe = async () => (await lookups.recordTitle(tenantId, entity, recordId)) ?? { title: recordId };

  switch (event.type) {
    case "record.assigned": {
      if (ownerId === actorId) return [];
      const [record, actorName] = await Promise.all([describe(), actorId ? lookups.changedBy(tenantId, actorId, ownerId) : Promise.resolve("Someone")]);
      return [toUser(ownerId, "assigned", `New ${label} for you`, `${actorName} assigned you the ${label} "${record.title}".`)];
    }
    case "opportunity.stageChanged": {
      const stage = typeof event.to === "string" ? await lookups.stage(tenantId, event.to) : undefined;
      if (!stage) return [];
      const record = await describe();
      const notifications: Notification[] = [];
      if (ownerId !== actorId) {
        const title = stage.won ? "Deal won" : "Stage changed";
        notifications.push(toUser(ownerId, "stage", title, `"${record.title}" moved to ${stage.name}.`));
      }
      if (stage.won) {
        const ownerName = await lookups.userName(tenantId, ownerId);
        const amount = record.amount !== undefined ? ` (${record.amount.toLocaleString("en-US")})` : "";
        for (const channel of await lookups.announcementChannels(tenantId)) {
          if (channel.kind !== "channel") continue;
          notifications.push({
            tenantId,
            recipient: channel,
            dedupeKey: `${changeId}:won:${channel.channelId}`,
            title: "Deal won",
            text: `${ownerName} won "${record.title}"${amount}.`,
          });
        }
      }
      return notifications;
    }
    case "case.assigneeChanged": {
      const assigneeId = typeof event.assigneeId === "string" ? event.assigneeId : undefined;
      if (!assigneeId || assigneeId === actorId) return [];
      const [record, actorName] = await Promise.all([describe(), actorId ? lookups.changedBy(tenantId, actorId, assigneeId) : Promise.resolve("Someone")]);
      return [toUser(assigneeId, "assignee", "Case assigned to you", `${actorName} made you the assignee of the case "${record.title}".`)];
    }
    case "record.statusChanged": {
      if (entity !== "case" || event.to !== "Escalated" || ownerId === actorId) return [];
      const record = await describe();
      return [toUser(ownerId, "escalated", "Case escalated", `The case "${record.title}" was escalated.`)];
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
export function notifyOnDomainEvents(
  services: CrmServices,
  port: NotificationPort,
  lookups: EventLookups,
  log: (message: string, error?: unknown) => void,
): void {
  services.changes.onEvent(async (event, changeId) => {
    try {
      for (const notification of await notificationsFor(event, changeId, lookups)) await port.enqueue(notification);
    } catch (error) {
      log(`could not enqueue notifications for ${event.type} (change ${changeId})`, error);
      throw error;
    }
  });
}
