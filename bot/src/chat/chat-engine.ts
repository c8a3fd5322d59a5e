/**
 * The bot's brain, free of the Bot Framework: claims the activity (a replay is
 * dropped), resolves the caller through the same ActorService as the API, runs a
 * command or a card action, and turns any failure into a short card.
 *
 * In a conversation with more than one person (group chat, channel) everything
 * it posts shows only what every reader may see: an answer that depends on the
 * reader becomes a card without record data, and each reader's own answer comes
 * through `handleCardAction` (Teams' `adaptiveCard/action`), computed by the same
 * commands under that reader's own roles.
 */
import { randomUUID } from "node:crypto";
import type { CrmServices } from "@crm/shared/services";
import { entityTypes } from "@crm/shared/policy";
import { isAppError } from "@crm/shared/errors";
import { isId } from "@crm/shared/domain";
import type { SubmitData } from "../cards/adaptive-card.js";
import { renderDidYouMeanCard, renderFailureCard, renderNoticeCard, renderProblemCard, renderUnknownCommandCard } from "../cards/message-cards.js";
import { asUserSpecificView, pressVerb, renderNotShownHereCard, renderSharedAnswerCard, viewVerb, withExecuteActions } from "../cards/shared-conversation-cards.js";
import type { NotificationQueue } from "../notifications/notification-queue.js";
import type { ConversationReferenceStore, StoredReference } from "../storage/conversation-references.js";
import type { ProcessedActivities } from "../storage/processed-activities.js";
import type { CardActionTurn, CardReply, ChatReply, ChatTurn } from "./chat-turn.js";
import { cardReply } from "./chat-turn.js";
import type { Command, CommandContext } from "./command.js";
import { maxCommandLength } from "./command.js";
import { matchCommand, suggestCommand } from "./command-matcher.js";

export type CardActionHandler = (context: CommandContext, data: Record<string, unknown>) => Promise<ChatReply[]>;

interface ChatEngineDeps {
  services: CrmServices;
  conversations: ConversationReferenceStore;
  processed: ProcessedActivities;
  notifications: NotificationQueue;
  commands: readonly Command[];
  cardActions: Readonly<Record<string, CardActionHandler>>;
  /** Card actions that only read (they may run as views); `command` is read-only when its command is. */
  readOnlyCardActions: ReadonlySet<string>;
  log: (message: string, error?: unknown) => void;
}

/** The bot's @mention removed, trimmed. */
const commandText = (raw: string): string => raw.replace(/<at>[^<]*<\/at>/gi, " ").trim();

const isShared = (turn: Pick<ChatTurn, "conversation">): boolean => turn.conversation.kind !== "personal";

export class ChatEngine {
  constructor(private readonly deps: ChatEngineDeps) {}

  /** The replies for this turn; undefined when it is a replay and must stay silent. */
  async handle(turn: ChatTurn): Promise<ChatReply[] | undefined> {
    try {
      if (turn.activityId && !(await this.deps.processed.claim(turn.tenantId, turn.conversation.id, turn.activityId))) return undefined;
      const context = await this.contextFor(turn);
      const data = typeof turn.value?.crm === "string" ? turn.value : { crm: "command", text: turn.text };
      const replies = await this.run(context, data);
      if (!isShared(turn)) return replies;
      const view = this.viewOf(data);
      const asked = typeof turn.value?.crm === "string" ? undefined : commandText(turn.text);
      return replies.map((reply) => this.forEveryone(reply, view, turn, asked));
    } catch (error) {
      // Claiming or resolving failed: the failure card carries nothing about anyone.
      return [this.failure(error)];
    }
  }

  /**
   * One reader's own card, for an Action.Execute press or a refresh Teams made
   * by itself: the answer under the reader's own roles, as the invoke response
   * (never a new message). A refresh only ever shows a view; a press that may
   * change something runs only when a person pressed, and once.
   */
  async handleCardAction(turn: CardActionTurn): Promise<CardReply> {
    try {
      if (turn.verb === viewVerb) {
        const view = this.viewOf(turn.data);
        if (!view) return this.forReader(renderProblemCard("Out of date", "This card is out of date. Type help to start again."), undefined, turn);
        return this.forReader(await this.first(await this.contextFor(turn), view), view, turn);
      }
      if (turn.verb !== pressVerb) return this.forReader(renderProblemCard("Unknown action", "This card is out of date. Type help to start again."), undefined, turn);
      if (turn.trigger !== "manual") return this.forReader(renderProblemCard("Press the button", "This button does something only when you press it."), undefined, turn);
      const view = this.viewOf(turn.data);
      if (turn.activityId && !(await this.deps.processed.claim(turn.tenantId, turn.conversation.id, turn.activityId))) {
        // Teams sent the same press again: it ran already. Show where things stand instead of doing it twice.
        const again = view ?? this.recordViewOf(turn.data);
        if (!again) return this.forReader(renderNoticeCard("Already done", "I already did this."), undefined, turn);
        return this.forReader(await this.first(await this.contextFor(turn), again), again, turn);
      }
      const reply = await this.first(await this.contextFor(turn), turn.data);
      return this.forReader(reply, (reply.kind === "card" ? reply.view : undefined) ?? view, turn);
    } catch (error) {
      return this.forReader(this.failure(error), undefined, turn);
    }
  }

  /** Keeps the personal chat's reference; a first one releases notifications waiting for it. */
  async rememberPersonalChat(tenantId: string, userId: string, reference: StoredReference): Promise<void> {
    try {
      const recipient = { kind: "user" as const, userId };
      if (await this.deps.conversations.remember(tenantId, recipient, reference)) await this.deps.notifications.markDue(tenantId, recipient);
    } catch (error) {
      this.deps.log("could not store a conversation reference", error);
    }
  }

  private async contextFor(turn: ChatTurn | CardActionTurn): Promise<CommandContext> {
    const { actor, user } = await this.deps.services.actors.resolve({ tenantId: turn.tenantId, userId: turn.userId, displayName: turn.displayName });
    return { services: this.deps.services, actor, user, turn: "text" in turn ? turn : { ...turn, text: "" }, conversations: this.deps.conversations };
  }

  /** Runs a command's text or a card action's data; failures become cards. */
  private async run(context: CommandContext, data: Record<string, unknown>): Promise<ChatReply[]> {
    try {
      const action = typeof data.crm === "string" ? data.crm : undefined;
      if (action === "command") {
        if (typeof data.text !== "string") return [renderProblemCard("Unknown action", "This card is out of date. Type help to start again.")];
        return await this.runText(context, data.text);
      }
      const handler = action ? this.deps.cardActions[action] : undefined;
      if (!handler) return [renderProblemCard("Unknown action", "This card is out of date. Type help to start again.")];
      return await handler(context, data);
    } catch (error) {
      return [this.failure(error)];
    }
  }

  private async first(context: CommandContext, data: Record<string, unknown>): Promise<ChatReply> {
    const [reply] = await this.run(context, data);
    return reply ?? renderNoticeCard("Done", "There is nothing more to show.");
  }

  /**
   * The data as a view, when it only reads: a read-only command's text, a record
   * to show, or the next page of a list. Rebuilt from known keys only, so a view
   * carries nothing else the client sent. Undefined for anything that may change something.
   */
  private viewOf(data: Record<string, unknown>): SubmitData | undefined {
    const action = typeof data.crm === "string" ? data.crm : undefined;
    if (action === "command") {
      if (typeof data.text !== "string") return undefined;
      const text = commandText(data.text) || "help";
      if (text.length > maxCommandLength) return undefined;
      return matchCommand(this.deps.commands, text)?.command.readOnly ? { crm: "command", text } : undefined;
    }
    if (!action || !this.deps.readOnlyCardActions.has(action)) return undefined;
    const strings = Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].length <= 2000);
    const known = new Set(["crm", "entity", "id", "key", "token", "after"]);
    return Object.fromEntries(strings.filter(([key]) => known.has(key))) as SubmitData;
  }

  /** The record or access request a press was about, as a view (for a press Teams sent twice). */
  private recordViewOf(data: Record<string, unknown>): SubmitData | undefined {
    const { entity, id } = data;
    if (data.crm === "accessDecide" && typeof id === "string" && isId(id)) return { crm: "accessRequest", id };
    if (data.crm === "findingDismiss" && typeof data.key === "string" && data.key.length <= 200 && typeof entity === "string" && typeof id === "string")
      return { crm: "finding", entity, id, key: data.key };
    if (typeof entity !== "string" || !(entityTypes as readonly string[]).includes(entity) || typeof id !== "string" || !isId(id)) return undefined;
    return { crm: "show", entity, id };
  }

  /** What everyone in a shared conversation receives for one reply. */
  private forEveryone(reply: ChatReply, view: SubmitData | undefined, turn: ChatTurn, asked: string | undefined): ChatReply {
    const own = (reply.kind === "card" ? reply.view : undefined) ?? view;
    if (own) return renderSharedAnswerCard(own, { ...(asked ? { asked } : {}), refreshUserIds: turn.refreshUserId ? [turn.refreshUserId] : [] });
    if (reply.kind === "card" && reply.forAnyone) return { ...reply, card: withExecuteActions(reply.card) };
    return renderNotShownHereCard();
  }

  /** A reply as one reader's card: buttons that answer in place, refreshed from `view` for this reader. */
  private forReader(reply: ChatReply, view: SubmitData | undefined, turn: CardActionTurn): CardReply {
    const card = reply.kind === "card" ? reply : renderNoticeCard("Answer", reply.text);
    return cardReply(asUserSpecificView(card.card, view, turn.refreshUserId ? [turn.refreshUserId] : []), card.summary);
  }

  private async runText(context: CommandContext, rawText: string): Promise<ChatReply[]> {
    const text = commandText(rawText);
    if (text.length > maxCommandLength) {
      return [renderProblemCard("That message is too long", `Commands have at most ${maxCommandLength} characters.`)];
    }
    if (text === "") return this.runText(context, "help");
    const match = matchCommand(this.deps.commands, text);
    if (match) return match.command.run(context, match.args);
    const suggestion = suggestCommand(this.deps.commands, text);
    if (suggestion) return [renderDidYouMeanCard(text, `${suggestion.command.name}${suggestion.args ? ` ${suggestion.args}` : ""}`)];
    return [renderUnknownCommandCard(text)];
  }

  private failure(error: unknown): ChatReply {
    if (isAppError(error) && error.code !== "internal") {
      const titles: Partial<Record<string, string>> = {
        not_found: "Not found",
        forbidden: "Not allowed",
        invalid_input: "Please check your input",
        precondition_failed: "Changed meanwhile",
        conflict: "Already done",
        rate_limited: "Too many requests",
        unavailable: "Not available right now",
      };
      return renderProblemCard(titles[error.code] ?? "That did not work", error.message, error.details?.fields ?? []);
    }
    const reference = randomUUID().slice(0, 8);
    this.deps.log(`bot turn failed (reference ${reference})`, error);
    return renderFailureCard(reference);
  }
}
