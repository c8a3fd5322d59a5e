/** The bot's parts over one set of services, without HTTP: what registerBot mounts and what the specs drive. */
import type { CrmServices, RosterEvent } from "@crm/shared/services";
import { CrmActivityHandler } from "./adapter/bot-framework.js";
import { ChatEngine } from "./chat/chat-engine.js";
import type { Command } from "./chat/command.js";
import { cardActions, commands, readOnlyCardActions } from "./commands/index.js";
import { notifyOnDomainEvents, serviceLookups } from "./notifications/domain-event-notifier.js";
import { NotificationQueue } from "./notifications/notification-queue.js";
import { ConversationReferenceStore } from "./storage/conversation-references.js";
import { NotificationRows } from "./storage/notification-rows.js";
import { ProcessedActivities } from "./storage/processed-activities.js";

export interface BotCore {
  engine: ChatEngine;
  handler: CrmActivityHandler;
  queue: NotificationQueue;
  notificationRows: NotificationRows;
  conversations: ConversationReferenceStore;
  processed: ProcessedActivities;
}

export function createBotCore(services: CrmServices, log: (message: string, error?: unknown) => void, extraCommands: readonly Command[] = []): BotCore {
  const conversations = new ConversationReferenceStore(services.store);
  const processed = new ProcessedActivities(services.store);
  const notificationRows = new NotificationRows(services.store);
  const queue = new NotificationQueue(notificationRows);
  const engine = new ChatEngine({ services, conversations, processed, notifications: queue, commands: [...commands, ...extraCommands], cardActions, readOnlyCardActions, log });
  notifyOnDomainEvents(services, queue, serviceLookups(services, conversations), log);
  // A roster event that fails is logged, not retried by Teams: the scheduled reconciliation catches what it missed.
  const onRoster = async (event: RosterEvent | { ignored: string }): Promise<void> => {
    if ("ignored" in event) return;
    try {
      const outcome = await services.roster.handle(event);
      if (!outcome.handled) log(`Teams roster event ignored: ${outcome.reason}`);
    } catch (error) {
      log("a Teams roster event failed; the reconciliation catches it up", error);
    }
  };
  return { engine, handler: new CrmActivityHandler(engine, onRoster), queue, notificationRows, conversations, processed };
}
