import type { Actor } from "@crm/shared/policy";
import type { CrmServices } from "@crm/shared/services";
import type { UserRecord } from "@crm/shared/storage";
import type { ConversationReferenceStore } from "../storage/conversation-references.js";
import type { ChatReply, ChatTurn } from "./chat-turn.js";

/** What a command may use: the same services (and so the same policy) as the API. */
export interface CommandContext {
  services: CrmServices;
  actor: Actor;
  user: UserRecord;
  turn: ChatTurn;
  conversations: ConversationReferenceStore;
}

export interface Command {
  /** The words that start the command, lowercase ("my leads"). */
  name: string;
  /** Other spellings that mean the same ("why cant i"). */
  aliases?: readonly string[];
  usage: string;
  summary: string;
  /**
   * It only reads: running it again, for anyone, changes nothing. Only such
   * commands may run as a view in a shared conversation (each reader's own
   * answer, also when Teams refreshes a card by itself). Absent means it changes something.
   */
  readOnly?: true;
  /** Whether help lists it for this caller (the command itself still asks the policy). */
  availableTo?(actor: Actor): boolean;
  run(context: CommandContext, args: string): Promise<ChatReply[]>;
}

/** Longest command text a message may carry; more is refused, not truncated. */
export const maxCommandLength = 1000;
