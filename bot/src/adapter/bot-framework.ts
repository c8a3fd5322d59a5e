/**
 * The thin layer over botbuilder: the CloudAdapter with its authentication, the
 * Teams activity handler, and conversions between Bot Framework activities and
 * the bot's own ChatTurn / ChatReply. Nothing else in the bot imports botbuilder.
 */
import type { Activity, AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, ConversationReference, InvokeResponse, TurnContext } from "botbuilder";
import { CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory, TeamsActivityHandler, TurnContext as Turn } from "botbuilder";
import { normalizeDirectoryId } from "@crm/shared/auth";
import type { AdaptiveCard } from "../cards/adaptive-card.js";
import { cardBytes, maxCardBytes } from "../cards/adaptive-card.js";
import { renderProblemCard } from "../cards/message-cards.js";
import type { ChatEngine } from "../chat/chat-engine.js";
import type { CardActionTurn, ChatReply, ChatTurn, ConversationKind } from "../chat/chat-turn.js";
import type { DeliveryResult } from "../notifications/notification-sender.js";
import type { StoredReference } from "../storage/conversation-references.js";
import type { RosterEvent } from "@crm/shared/services";

export interface BotAuthConfig {
  appId?: string;
  password?: string;
  tenantId?: string;
  /** SingleTenant, MultiTenant or UserAssignedMSI. */
  type?: string;
}

/** BOT_ID and friends; without BOT_ID the adapter accepts unauthenticated activities (dev mode, loopback only). */
export const botAuthFromEnv = (env: NodeJS.ProcessEnv): BotAuthConfig => ({
  ...(env.BOT_ID ? { appId: env.BOT_ID } : {}),
  ...(env.BOT_PASSWORD ? { password: env.BOT_PASSWORD } : {}),
  ...(env.BOT_TENANT_ID ? { tenantId: env.BOT_TENANT_ID } : {}),
  ...(env.BOT_TYPE ? { type: env.BOT_TYPE } : {}),
});

export function createCloudAdapter(auth: BotAuthConfig, log: (message: string, error?: unknown) => void): CloudAdapter {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: auth.appId ?? "",
    MicrosoftAppPassword: auth.password ?? "",
    MicrosoftAppTenantId: auth.tenantId ?? "",
    MicrosoftAppType: auth.type ?? (auth.appId ? "SingleTenant" : "MultiTenant"),
  });
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context, error) => {
    log("bot turn failed outside the chat engine", error);
    await context.sendActivity(toActivity(renderProblemCard("Something went wrong", "Please try again in a moment."))).catch(() => undefined);
  };
  return adapter;
}

const tooLarge = () => renderProblemCard("Too much to show", "This answer is too large for a chat card. Narrow it down, or open the tab.");

/** A reply as an activity; a card over Teams' size limit becomes a short notice instead of a failed send. */
function toActivity(reply: ChatReply): Partial<Activity> {
  if (reply.kind === "text") return MessageFactory.text(reply.text);
  if (cardBytes(reply.card) > maxCardBytes) return toActivity(tooLarge());
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
  activity.summary = reply.summary.slice(0, 500);
  return activity;
}

const cannotTellWho = () => renderProblemCard("I cannot tell who you are", "This conversation carries no Microsoft Entra identity, so I cannot look anything up for you.");

const conversationKind = (activity: Activity): ConversationKind => {
  const type = activity.conversation?.conversationType;
  return type === "channel" ? "channel" : type === "groupChat" ? "groupChat" : "personal";
};

/**
 * Tenant and user come only from the authenticated activity: conversation tenant (or
 * channelData) and aadObjectId. Only the Teams channel vouches for these: on other Bot
 * Framework channels (Web Chat, Direct Line) the client writes `from` and `channelData`
 * itself. Teams names one tenant in both places; an activity naming two is not believed.
 */
function toChatTurn(activity: Activity): ChatTurn | undefined {
  if (activity.channelId !== "msteams") return undefined;
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  const [conversationTenant, dataTenant] = [activity.conversation?.tenantId, channelData.tenant?.id];
  if (conversationTenant && dataTenant && normalizeDirectoryId(conversationTenant) !== normalizeDirectoryId(dataTenant)) return undefined;
  const rawTenant = conversationTenant ?? dataTenant;
  const rawUser = activity.from?.aadObjectId;
  if (!rawTenant || !rawUser) return undefined;
  // Compared in lowercase, as the API's token verifier does, so one person is one user in tab and chat.
  const tenantId = normalizeDirectoryId(rawTenant);
  const userId = normalizeDirectoryId(rawUser);
  const kind = conversationKind(activity);
  const conversationId = kind === "channel" ? activity.conversation.id.split(";")[0]! : activity.conversation.id;
  const value = activity.value && typeof activity.value === "object" && !Array.isArray(activity.value) ? (activity.value as Record<string, unknown>) : undefined;
  const text = activity.text ? (Turn.removeRecipientMention(activity) ?? activity.text) : "";
  const turn: ChatTurn = {
    ...(activity.id ? { activityId: activity.id } : {}),
    tenantId,
    userId,
    ...(activity.from.id ? { refreshUserId: activity.from.id } : {}),
    displayName: activity.from.name ?? "",
    conversation: { id: conversationId, kind },
    text: text ?? "",
    ...(value ? { value } : {}),
  };
  if (kind === "channel") {
    // The channel itself, not a thread, and nobody in particular: whoever turned announcements on is not named in later posts.
    const { user: _user, ...reference } = Turn.getConversationReference(activity);
    turn.channelReference = { ...reference, conversation: { ...reference.conversation, id: conversationId } };
  }
  return turn;
}

/** The invoke response that shows `card` to the one person whose client asked (Universal Actions). */
function cardResponse(card: AdaptiveCard): AdaptiveCardInvokeResponse {
  const fits = cardBytes(card) <= maxCardBytes ? card : tooLarge().card;
  return { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: fits as unknown as Record<string, unknown> };
}

/** An `adaptiveCard/action` invoke as the engine sees it; identity exactly as for messages (toChatTurn). */
function toCardActionTurn(activity: Activity, invoke: AdaptiveCardInvokeValue): CardActionTurn | undefined {
  const turn = toChatTurn(activity);
  if (!turn) return undefined;
  const { text: _text, value: _value, channelReference: _reference, ...base } = turn;
  const data = invoke.action.data && typeof invoke.action.data === "object" && !Array.isArray(invoke.action.data) ? invoke.action.data : {};
  // Only a press says "manual"; anything else counts as Teams refreshing by itself, the narrower case.
  const trigger = (activity.value as { trigger?: unknown } | undefined)?.trigger === "manual" ? "manual" : "automatic";
  return { ...base, verb: typeof invoke.action.verb === "string" ? invoke.action.verb : "", data, trigger };
}

const rosterKinds: Readonly<Record<string, RosterEvent["kind"]>> = {
  teamMemberAdded: "membersAdded",
  teamMemberRemoved: "membersRemoved",
  teamRenamed: "teamRenamed",
  teamDeleted: "teamDeleted",
};

/**
 * A Teams team's `conversationUpdate` as a roster event, or why it is not one. The tenant
 * comes from the authenticated activity as for messages; the team by its Entra group id.
 * The bot's own arrival or departure is not a roster change.
 */
function toRosterEvent(activity: Activity): RosterEvent | { ignored: string } {
  if (activity.channelId !== "msteams" || activity.type !== "conversationUpdate") return { ignored: "not a Teams conversation update" };
  const channelData = (activity.channelData ?? {}) as { eventType?: string; tenant?: { id?: string }; team?: { id?: string; name?: string; aadGroupId?: string } };
  const kind = channelData.eventType ? rosterKinds[channelData.eventType] : undefined;
  if (!kind) return { ignored: `event ${channelData.eventType ?? "without a type"} is not a roster change` };
  const [conversationTenant, dataTenant] = [activity.conversation?.tenantId, channelData.tenant?.id];
  if (conversationTenant && dataTenant && normalizeDirectoryId(conversationTenant) !== normalizeDirectoryId(dataTenant)) return { ignored: "the activity names two organisations" };
  const tenant = conversationTenant ?? dataTenant;
  const groupId = channelData.team?.aadGroupId;
  if (!tenant || !groupId) return { ignored: "the activity names no organisation or no team group id" };
  const base = {
    tenantId: normalizeDirectoryId(tenant),
    groupId: normalizeDirectoryId(groupId),
    ...(activity.id ? { activityId: activity.id } : {}),
    ...(channelData.team?.name ? { teamName: channelData.team.name } : {}),
  };
  if (kind === "teamRenamed" || kind === "teamDeleted") return { ...base, kind };
  const accounts = (kind === "membersAdded" ? activity.membersAdded : activity.membersRemoved) ?? [];
  const members = accounts
    .filter((account) => account.id !== activity.recipient?.id && account.aadObjectId)
    .map((account) => ({ userId: normalizeDirectoryId(account.aadObjectId!), ...(account.name ? { displayName: account.name } : {}) }));
  if (members.length === 0) return { ignored: "no person joined or left (the bot itself, or accounts without an Entra id)" };
  return { ...base, kind, members };
}

/** Teams' activity handler wired to the chat engine. */
export class CrmActivityHandler extends TeamsActivityHandler {
  constructor(
    private readonly engine: ChatEngine,
    private readonly onRoster: (event: RosterEvent | { ignored: string }) => Promise<void> = async () => undefined,
  ) {
    super();
    this.onConversationUpdate(async (context, next) => {
      await this.onRoster(toRosterEvent(context.activity));
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.answer(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberPersonalChat(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botAdded = (context.activity.membersAdded ?? []).some((member) => member.id === context.activity.recipient?.id);
      if (botAdded) await this.rememberPersonalChat(context);
      await next();
    });
  }

  /** A malformed `adaptiveCard/action` gets 400 here, instead of failing inside botbuilder's own reading of it. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const value = context.activity.value as { action?: unknown } | undefined;
    if (context.activity.name === "adaptiveCard/action" && (!value || typeof value.action !== "object" || value.action === null)) {
      return { status: 400, body: { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: "This card action carries no action." } } };
    }
    return super.onInvokeActivity(context);
  }

  /** Action.Execute presses and refreshes: answered with the invoker's own card, never a message to the conversation. */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invoke: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const turn = toCardActionTurn(context.activity, invoke);
    if (!turn) return cardResponse(cannotTellWho().card);
    return cardResponse((await this.engine.handleCardAction(turn)).card);
  }

  private async answer(context: TurnContext): Promise<void> {
    const turn = toChatTurn(context.activity);
    if (!turn) {
      await context.sendActivity(toActivity(cannotTellWho()));
      return;
    }
    await this.rememberPersonalChat(context);
    const replies = await this.engine.handle(turn);
    if (!replies || replies.length === 0) return;
    await context.sendActivities(replies.map(toActivity));
  }

  private async rememberPersonalChat(context: TurnContext): Promise<void> {
    const turn = toChatTurn(context.activity);
    if (!turn || turn.conversation.kind !== "personal") return;
    await this.engine.rememberPersonalChat(turn.tenantId, turn.userId, Turn.getConversationReference(context.activity));
  }
}

/** Sends one proactive message; classifies failures for the sender's retry policy. */
export async function deliverProactive(adapter: CloudAdapter, appId: string, reference: StoredReference, reply: ChatReply): Promise<DeliveryResult> {
  try {
    // Catch inside the turn: an error escaping it would reach onTurnError, which answers with an error card instead.
    let failed: { error: unknown } | undefined;
    await adapter.continueConversationAsync(appId, reference as Partial<ConversationReference>, async (context) => {
      await context.sendActivity(toActivity(reply)).catch((error: unknown) => {
        failed = { error };
      });
    });
    if (failed) throw failed.error;
    return { ok: true };
  } catch (error) {
    const failure = error as { statusCode?: number; response?: { status?: number; headers?: { get?(name: string): string | null | undefined } | Record<string, string> } };
    const status = failure.statusCode ?? failure.response?.status;
    const message = `${status ?? "no status"}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300);
    if (status === 429) return { ok: false, error: message, retryAfterMs: retryAfterMs(failure.response?.headers) };
    // The bot was removed or the conversation is gone: retrying will not help.
    if (status === 403 || status === 404) return { ok: false, error: message, permanent: true };
    return { ok: false, error: message };
  }
}

function retryAfterMs(headers: { get?(name: string): string | null | undefined } | Record<string, string> | undefined): number {
  const raw = typeof headers?.get === "function" ? headers.get("retry-after") : (headers as Record<string, string> | undefined)?.["retry-after"];
  const seconds = Number(raw);
  if (raw && Number.isFinite(seconds)) return Math.min(Math.max(seconds * 1000, 250), 10 * 60_000);
  const date = raw ? Date.parse(raw) : NaN;
  if (Number.isFinite(date)) return Math.min(Math.max(date - Date.now(), 250), 10 * 60_000);
  return 2_000;
}
