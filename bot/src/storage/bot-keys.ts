/** Row keys for the bot's tables. Values that may hold key-illegal characters are hashed. */
import { createHash } from "node:crypto";
import type { Recipient } from "@crm/shared/services";

export const shortHash = (value: string): string => createHash("sha256").update(value).digest("hex").slice(0, 40);

/** Safe as a PartitionKey/RowKey part as it is (no / \ # ? or control characters, bounded). */
const safeKeyPart = /^[A-Za-z0-9._:@|-]{1,200}$/;
export const keyPart = (value: string): string => (safeKeyPart.test(value) ? value : `h-${shortHash(value)}`);

/** One notification queue per conversation: a user's personal chat or a channel. */
export const recipientKey = (recipient: Recipient): string => (recipient.kind === "user" ? `u-${keyPart(recipient.userId)}` : `c-${shortHash(recipient.channelId)}`);
