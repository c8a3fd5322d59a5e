/**
 * Drives the bot through botbuilder's TestAdapter over real services on an
 * embedded in-memory Azurite: the same handler, engine, policy and storage as
 * production, with only the channel replaced by the adapter's queue.
 */
import { randomUUID } from "node:crypto";
import type { Activity } from "botbuilder";
import { TestAdapter } from "botbuilder";
import type { CrmServices } from "@crm/shared/services";
import { TableStore } from "@crm/shared/storage";
import { createServices, systemClock } from "@crm/shared/services";
import type { AdaptiveCard } from "../cards/adaptive-card.js";
import type { BotCore } from "../bot-core.js";
import { createBotCore } from "../bot-core.js";
import { BotNotificationPort } from "../notifications/bot-notification-port.js";
import type { Command } from "../chat/command.js";

export interface Said {
  activities: Partial<Activity>[];
  cards: AdaptiveCard[];
  /** Every TextBlock, fact and text of the replies, one per line. */
  text: string;
}

export interface ChatUser {
  tenantId: string;
  userId: string;
  name: string;
  say(text: string): Promise<Said>;
  /** A card button press: Action.Submit data plus the card's inputs. */
  submit(data: Record<string, unknown>): Promise<Said>;
  /** Sends an activity with a chosen id (replays). */
  send(activity: Partial<Activity>): Promise<Said>;
  /** An Action.Execute press ("manual") or a refresh Teams makes by itself ("automatic"): the invoke response. */
  invoke(verb: string, data: Record<string, unknown>, options?: { trigger?: "automatic" | "manual"; id?: string }): Promise<Invoked>;
}

export interface Invoked {
  status: number;
  /** The invoke response's body (`{ statusCode, type, value }`). */
  body: { statusCode: number; type: string; value: any };
  /** The card shown to this reader only. */
  card: AdaptiveCard;
  /** Its TextBlocks and facts, one per line. */
  text: string;
  /** Whatever else the bot sent in that turn (nothing, for an invoke). */
  sent: Partial<Activity>[];
}

export interface BotTestKit {
  services: CrmServices;
  core: BotCore;
  logged: { message: string; error?: unknown }[];
  /** A user in a personal chat (or a channel, or a group chat); the first user of a tenant becomes its Owner. */
  user(tenantId: string, userId: string, name?: string, where?: { channelId: string } | { groupChatId: string }): Promise<ChatUser>;
  close(): Promise<void>;
}

export async function startBotTestKit(extraCommands: readonly Command[] = []): Promise<BotTestKit> {
  const store = await TableStore.open({ inMemory: true });
  // Workflows tell people through the bot's queue, as in the server.
  const notifications = new BotNotificationPort();
  const services = createServices(store, systemClock, { notifications });
  const logged: { message: string; error?: unknown }[] = [];
  const core = createBotCore(services, (message, error) => logged.push({ message, error }), extraCommands);
  notifications.bind(core.queue);

  const user = async (tenantId: string, userId: string, name = userId, where?: { channelId: string } | { groupChatId: string }): Promise<ChatUser> => {
    const conversation =
      where && "channelId" in where
        ? { id: `${where.channelId};messageid=${Date.now()}`, conversationType: "channel", tenantId, isGroup: true, name: "" }
        : where
          ? { id: where.groupChatId, conversationType: "groupChat", tenantId, isGroup: true, name: "" }
          : { id: `personal-${userId}-${randomUUID()}`, conversationType: "personal", tenantId, isGroup: false, name: "" };
    const adapter = new TestAdapter(async (context) => core.handler.run(context), {});
    const defaults: Partial<Activity> = {
      channelId: "msteams",
      serviceUrl: "https://channel.invalid/",
      from: { id: `29:${userId}`, name, aadObjectId: userId },
      recipient: { id: "28:crm-bot", name: "CRM" },
      conversation,
    };
    const send = async (activity: Partial<Activity>): Promise<Said> => {
      await adapter.receiveActivity({ type: "message", id: randomUUID(), ...defaults, ...activity });
      const activities = adapter.activeQueue.splice(0);
      const cards = activities.flatMap((reply) => (reply.attachments ?? []).map((attachment) => attachment.content as AdaptiveCard));
      return { activities, cards, text: activities.map(shownText).join("\n") };
    };
    const invoke = async (verb: string, data: Record<string, unknown>, options: { trigger?: "automatic" | "manual"; id?: string } = {}): Promise<Invoked> => {
      const value = { action: { type: "Action.Execute", verb, data }, trigger: options.trigger ?? "manual" };
      const said = await send({ type: "invoke", name: "adaptiveCard/action", ...(options.id ? { id: options.id } : {}), value });
      const response = said.activities.find((activity) => activity.type === "invokeResponse");
      if (!response) throw new Error(`no invoke response; the bot sent ${JSON.stringify(said.activities)}`);
      const { status, body } = response.value as { status: number; body: Invoked["body"] };
      return { status, body, card: body.value, text: shownText({ attachments: [{ contentType: "card", content: body.value }] }), sent: said.activities.filter((activity) => activity !== response) };
    };
    const chat: ChatUser = {
      tenantId,
      userId,
      name,
      say: (text) => send({ text }),
      submit: (data) => send({ text: "", value: data }),
      send,
      invoke,
    };
    // Joining happens on the first message, as in Teams.
    await chat.say("my role");
    return chat;
  };

  return { services, core, logged, user, close: () => store.close() };
}

/** The visible text of a reply: its text, every TextBlock and every fact. */
function shownText(activity: Partial<Activity>): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const value = node as Record<string, unknown>;
      if (value.type === "TextBlock" && typeof value.text === "string") parts.push(value.text);
      if (typeof value.title === "string" && typeof value.value === "string" && !("type" in value)) parts.push(`${value.title}: ${value.value}`);
      Object.values(value).forEach(walk);
    }
  };
  if (typeof activity.text === "string" && activity.text) parts.push(activity.text);
  walk(activity.attachments);
  return parts.join("\n");
}

/** Every Action.Submit's data in a card, nested ShowCards included. */
export function submitActions(card: AdaptiveCard): { title: string; data: Record<string, unknown> }[] {
  const found: { title: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const value = node as Record<string, unknown>;
      if (value.type === "Action.Submit") found.push({ title: String(value.title), data: value.data as Record<string, unknown> });
      Object.values(value).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** Titles of the card's top-level actions (the detail card's allowed actions). */
export const actionTitles = (card: AdaptiveCard): string[] => (card.actions ?? []).map((action) => action.title);

/** Every Action.Execute in a card (buttons, nested ShowCards, the refresh): title, verb and data. */
export function executeActions(card: AdaptiveCard): { title: string; verb: string; data: Record<string, unknown> }[] {
  const found: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const value = node as Record<string, unknown>;
      if (value.type === "Action.Execute") found.push({ title: String(value.title), verb: String(value.verb), data: value.data as Record<string, unknown> });
      Object.values(value).forEach(walk);
    }
  };
  walk(card);
  return found;
}
