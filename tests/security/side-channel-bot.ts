/**
 * The bot's channels for the side-channel suite: the viewer's commands in a
 * personal chat, in a group chat (what everyone receives and the viewer's own
 * view), and the proactive messages that reach the viewer and the channel.
 * All through the real /api/messages route and a local channel recorder.
 */
import { entityLabels, entityTypes } from "@crm/shared/policy";
import type { TestServer } from "../support/test-server.js";
import type { ChannelRecorder, SentActivity } from "../bot/channel-recorder.js";
import type { Channel, World } from "./side-channel-kit.js";

export interface BotWorld {
  server: () => TestServer;
  channel: () => ChannelRecorder;
}

let sequence = 0;
const personal = (world: World, userId: string) => ({ id: `a:personal-${world.tenantId}-${userId}`, conversationType: "personal", tenantId: world.tenantId });
const groupChat = (world: World) => ({ id: `19:group-${world.tenantId}@thread.v2`, conversationType: "groupChat", tenantId: world.tenantId, isGroup: true });
export const channelIdOf = (world: World) => `19:channel-${world.tenantId}@thread.tacv2`;
const inChannel = (world: World) => ({
  conversation: { id: `${channelIdOf(world)};messageid=1`, conversationType: "channel", tenantId: world.tenantId, isGroup: true },
  channelData: { tenant: { id: world.tenantId }, channel: { id: channelIdOf(world) }, team: { id: `19:team-${world.tenantId}@thread.tacv2` } },
});

function activity(bot: BotWorld, world: World, userId: string, extra: Record<string, unknown>) {
  sequence += 1;
  return {
    type: "message",
    id: `side-${sequence}`,
    channelId: "msteams",
    serviceUrl: bot.channel().url,
    from: { id: `29:${userId}`, aadObjectId: userId, name: userId },
    recipient: { id: "28:crm-bot", name: "CRM" },
    conversation: personal(world, userId),
    channelData: { tenant: { id: world.tenantId } },
    ...extra,
  };
}

async function post(bot: BotWorld, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${bot.server().url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** What a message shows; its envelope (ids of activities and conversations) is left out. */
const shown = (sent: SentActivity) => ({ text: sent.body?.text, summary: sent.body?.summary, attachments: sent.body?.attachments });

/** Says `text` as `userId`; returns what the bot sent in that turn. */
export async function say(bot: BotWorld, world: World, userId: string, text: string, where: Record<string, unknown> = {}): Promise<{ status: number; sent: SentActivity[] }> {
  const before = bot.channel().sent.length;
  const response = await post(bot, activity(bot, world, userId, { text, ...where }));
  return { status: response.status, sent: bot.channel().sent.slice(before) };
}

/** A press of an Action.Execute by `userId`: the invoke response is that person's own view. */
async function execute(bot: BotWorld, world: World, userId: string, action: { verb: string; data: unknown }, where: Record<string, unknown>, trigger: "manual" | "automatic") {
  const response = await post(bot, activity(bot, world, userId, { type: "invoke", name: "adaptiveCard/action", value: { action: { type: "Action.Execute", ...action }, trigger }, ...where }));
  return { status: response.status, view: response.body };
}

/** The first Action.Execute of a card: its refresh, or else its first button. */
function firstExecute(card: any): { verb: string; data: unknown } | undefined {
  if (card?.refresh?.action) return card.refresh.action;
  return (card?.actions ?? []).find((action: { type: string }) => action.type === "Action.Execute");
}

const sentTo = (bot: BotWorld, conversationId: string) => bot.channel().sent.filter((entry) => entry.path.startsWith(`/v3/conversations/${encodeURIComponent(conversationId)}/activities`));

/** Replies to the viewer's own messages end with the id of the message they answer; proactive ones do not. */
export const proactiveTo = (bot: BotWorld, conversationId: string) => sentTo(bot, conversationId).filter((entry) => !/\/activities\/side-\d+$/.test(entry.path));

export function botChannelsOf(bot: BotWorld): Channel[] {
  const channels: Channel[] = [];
  const command = (name: string, text: (world: World) => string): Channel => ({
    name: `bot, personal chat: ${name}`,
    run: async (world) => {
      const { status, sent } = await say(bot, world, world.people.viewer.userId, text(world));
      return { status, sent: sent.map(shown) };
    },
  });
  const inGroup = (name: string, text: (world: World) => string): Channel => ({
    name: `bot, group chat: ${name}`,
    run: async (world) => {
      const where = { conversation: groupChat(world), channelData: { tenant: { id: world.tenantId } } };
      // The Owner asks in front of everyone; the viewer looks at the answer.
      const asked = await say(bot, world, world.people.owner.userId, text(world), where);
      const everyone = asked.sent.map(shown);
      const action = firstExecute(asked.sent[0]?.body?.attachments?.[0]?.content);
      const own = action ? await execute(bot, world, world.people.viewer.userId, action, where, "manual") : undefined;
      return { status: asked.status, everyone, viewer: own };
    },
  });
  for (const entity of entityTypes) {
    const word = entityLabels[entity].one;
    for (const [n, whose] of ["own", "Owner's", "colleague's"].entries()) {
      channels.push(command(`${word} (the ${whose})`, (world) => `${word} ${world.records[entity][n]}`));
      channels.push(inGroup(`${word} (the ${whose})`, (world) => `${word} ${world.records[entity][n]}`));
    }
    channels.push(command(`my ${entityLabels[entity].many}`, () => `my ${entityLabels[entity].many}`));
  }
  for (const text of ["find Side", "find S", "pipeline", "forecast", "my tasks", "my role", "help"]) {
    channels.push(command(text, () => text));
    channels.push(inGroup(text, () => text));
  }
  channels.push({
    name: "bot: proactive messages to the viewer",
    unordered: true,
    run: async (world) => proactiveTo(bot, personal(world, world.people.viewer.userId).id).map(shown),
  });
  channels.push({
    name: "bot: posts in the channel, and the viewer's own view of each",
    unordered: true,
    run: async (world) => {
      const posts = proactiveTo(bot, channelIdOf(world));
      const views = [];
      for (const sent of posts) {
        const action = firstExecute(sent.body?.attachments?.[0]?.content);
        views.push({ post: shown(sent), viewer: action ? await execute(bot, world, world.people.viewer.userId, action, inChannel(world), "automatic") : undefined });
      }
      return views;
    },
  });
  return channels;
}

/** Steps of the setup that need the bot: chats the viewer opens, announcements on, a won deal. */
export async function setUpBot(bot: BotWorld, world: World, advance: () => void): Promise<void> {
  for (const userId of [world.people.viewer.userId, world.people.owner.userId]) {
    advance();
    await say(bot, world, userId, "help");
  }
  advance();
  const announced = await say(bot, world, world.people.owner.userId, "announcements on", inChannel(world));
  if (announced.status !== 200) throw new Error(`setup: announcements: ${announced.status}`);
}
