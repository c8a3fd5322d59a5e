/**
 * The bot's brain, free of the Bot Framework: claims the activity (a replay is
 * dropped), resolves the caller through the same ActorService as the API, runs a
 * command or a card action, and turns any failure into a short card.
 */
import { randomUUID } from "node:crypto";
import type { CrmServices } from "@crm/shared";
import { isAppError } from "@crm/shared";
import { renderDidYouMeanCard, renderFailureCard, renderProblemCard, renderUnknownCommandCard } from "../cards/message-cards.js";
import type { NotificationQueue } from "../notifications/notification-queue.js";
import type { ConversationReferenceStore, StoredReference } from "../storage/conversation-references.js";
import type { ProcessedActivities } from "../storage/processed-activities.js";
import type { ChatReply, ChatTurn } from "./chat-turn.js";
import type { Command, CommandContext } from "./command.js";
import { maxCommandLength } from "./command.js";
import { matchCommand, suggestCommand } from "./command-matcher.js";

export type CardActionHandler = (context: CommandContext, data: Record<string, unknown>) => Promise<ChatReply[]>;

export interface ChatEngineDeps {
  services: CrmServices;
  conversations: ConversationReferenceStore;
  processed: ProcessedActivities;
  notifications: NotificationQueue;
  commands: readonly Command[];
  cardActions: Readonly<Record<string, CardActionHandler>>;
  log: (message: string, error?: unknown) => void;
}

export class ChatEngine {
  constructor(private readonly deps: ChatEngineDeps) {}

  /** The replies for this turn; undefined when it is a replay and must stay silent. */
  async handle(turn: ChatTurn): Promise<ChatReply[] | undefined> {
    try {
      if (turn.activityId && !(await this.deps.processed.claim(turn.tenantId, turn.conversation.id, turn.activityId))) return undefined;
      const { actor, user } = await this.deps.services.actors.resolve({ tenantId: turn.tenantId, userId: turn.userId, displayName: turn.displayName });
      const context: CommandContext = { services: this.deps.services, actor, user, turn, conversations: this.deps.conversations };
      const action = typeof turn.value?.crm === "string" ? turn.value.crm : undefined;
      if (action === "command" && typeof turn.value?.text === "string") return await this.runText(context, turn.value.text);
      if (action) {
        const handler = this.deps.cardActions[action];
        if (!handler) return [renderProblemCard("Unknown action", "This card is out of date. Type help to start again.")];
        return await handler(context, turn.value!);
      }
      return await this.runText(context, turn.text);
    } catch (error) {
      return [this.failure(error)];
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

  private async runText(context: CommandContext, rawText: string): Promise<ChatReply[]> {
    const text = rawText.replace(/<at>[^<]*<\/at>/gi, " ").trim();
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
