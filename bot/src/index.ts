/**
 * @crm/bot: the Teams bot on the one server. `registerBot` mounts
 * POST /api/messages, subscribes notifications to the domain events and starts
 * the notification sender; the returned NotificationPort is what workflows use.
 */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { CrmServices, NotificationPort } from "@crm/shared/services";
import { AppError } from "@crm/shared/errors";
import { LeaseManager } from "@crm/shared/storage";
import { botDevModeGuard } from "@crm/shared/api";
import { requires } from "@crm/shared/policy";
import { tenantAllowed } from "@crm/shared/auth";
import type { BotAuthConfig } from "./adapter/bot-framework.js";
import { botAuthFromEnv, createCloudAdapter, deliverProactive } from "./adapter/bot-framework.js";
import { createBotCore } from "./bot-core.js";
import type { BotNotificationPort } from "./notifications/bot-notification-port.js";
import { approvalNotificationRenderer } from "./notifications/approval-notification.js";
import type { SenderOptions } from "./notifications/notification-sender.js";
import { NotificationSender } from "./notifications/notification-sender.js";
import type { NotificationQueue } from "./notifications/notification-queue.js";
import type { ProcessedActivities } from "./storage/processed-activities.js";
import type { StoredReference } from "./storage/conversation-references.js";
import type { ChatReply } from "./chat/chat-turn.js";

export type { BotAuthConfig } from "./adapter/bot-framework.js";
export type { SenderOptions } from "./notifications/notification-sender.js";
export { NotificationQueue } from "./notifications/notification-queue.js";
export { BotNotificationPort } from "./notifications/bot-notification-port.js";

export interface BotOptions {
  /** Defaults to BOT_ID, BOT_PASSWORD, BOT_TENANT_ID, BOT_TYPE from the environment. */
  auth?: BotAuthConfig;
  sender?: Partial<SenderOptions>;
  /** Start the notification sender (default true). */
  startSender?: boolean;
  /** How often expired replay claims are swept (default hourly). */
  sweepIntervalMs?: number;
  /** ALLOWED_TENANTS, as the API's token verifier applies it; unset lets every tenant in. */
  allowedTenants?: readonly string[];
  /** A port already handed to producers (the workflow engine); bound to this bot's queue. */
  notifications?: BotNotificationPort;
  /** NODE_ENV=production: a bot without BOT_ID (unauthenticated activities) refuses to start. */
  production?: boolean;
}

export interface RegisteredBot {
  /** For workflows and other producers: enqueue a notification; the bot delivers it. */
  notifications: NotificationPort;
  sender: NotificationSender;
}

function activityTenant(body: Record<string, unknown>): string {
  const conversation = body.conversation as { tenantId?: unknown } | undefined;
  const channelData = body.channelData as { tenant?: { id?: unknown } } | undefined;
  const tenantId = conversation?.tenantId ?? channelData?.tenant?.id;
  return typeof tenantId === "string" ? tenantId : "";
}

export async function registerBot(app: FastifyInstance, services: CrmServices, options: BotOptions = {}): Promise<RegisteredBot> {
  const auth = options.auth ?? botAuthFromEnv(process.env);
  const devMode = !auth.appId;
  if (devMode && options.production) throw new Error("In production the bot needs its Bot Framework registration: set BOT_ID.");
  const log = (message: string, error?: unknown) => app.log.error({ err: error }, message);
  const { handler, queue, notificationRows, conversations, processed } = createBotCore(services, log);
  const adapter = createCloudAdapter(auth, log);

  // Without BOT_ID the adapter accepts unauthenticated activities: this machine only, as a dev-mode server.
  app.post(
    "/api/messages",
    { ...(devMode ? { onRequest: botDevModeGuard } : {}), config: { requires: requires.public("Bot Framework authentication, or this machine only in dev mode") } },
    async (request, reply) => {
      const body = request.body as Record<string, unknown> | undefined;
      if (!body || typeof body !== "object" || typeof body.type !== "string") {
        throw new AppError("invalid_input", "Send a Bot Framework activity.", { details: { fields: [{ field: "type", message: "An activity has a type." }] } });
      }
      // The same tenant allow-list as the tab's tokens: an organisation left out cannot use the bot either.
      if (!tenantAllowed(activityTenant(body), options.allowedTenants)) {
        throw new AppError("forbidden", "This CRM is not available to your organisation.");
      }
      const response = new CollectedResponse();
      await adapter.process({ body, headers: request.headers, method: request.method }, response, (context) => handler.run(context));
      reply.code(response.statusCode);
      return response.body === undefined ? reply.send() : reply.send(response.body);
    },
  );

  const holder = randomUUID();
  const leases = new LeaseManager(services.store, holder);
  const deliver = (reference: StoredReference, message: ChatReply) => deliverProactive(adapter, auth.appId ?? "", reference, message);
  const sender = new NotificationSender(notificationRows, leases, conversations, deliver, log, options.sender, approvalNotificationRenderer(services, log));
  queue.onEnqueued(() => sender.wake());
  options.notifications?.bind(queue);
  const sweeper = setInterval(() => void sweepExpired(leases, processed, queue, log), options.sweepIntervalMs ?? 60 * 60_000);
  sweeper.unref();
  if (options.startSender !== false) sender.start();
  app.addHook("onClose", async () => {
    clearInterval(sweeper);
    await sender.stop();
  });
  return { notifications: queue, sender };
}

/** Expired replay claims and week-old finished notifications, once per interval across all instances. */
async function sweepExpired(leases: LeaseManager, processed: ProcessedActivities, queue: NotificationQueue, log: (message: string, error?: unknown) => void): Promise<void> {
  try {
    if (!(await leases.tryAcquire("bot-sweeper", 10 * 60_000))) return;
    await processed.sweep();
    await queue.sweepFinished();
  } catch (error) {
    log("sweeping bot rows failed; the next round retries", error);
  }
}

/** The minimal response object CloudAdapter.process writes to; Fastify sends it afterwards. */
class CollectedResponse {
  statusCode = 200;
  body: unknown;
  readonly socket = undefined;
  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  header(): this {
    return this;
  }
  send(body?: unknown): this {
    if (body !== undefined) this.body = body;
    return this;
  }
  end(): this {
    return this;
  }
}
