/**
 * Where the bot may speak unprompted: the conversation reference of each user's
 * personal chat (saved when the bot is installed or first spoken to) and of each
 * channel where an Owner turned announcements on. Rows live in the `bot` table,
 * in the tenant's own partition.
 */
import { odata } from "@azure/data-tables";
import type { Recipient } from "@crm/shared/services";
import type { TableStore } from "@crm/shared/storage";
import { isStatus } from "@crm/shared/storage";
import { recipientKey } from "./bot-keys.js";

/** A Bot Framework conversation reference, kept as opaque JSON outside the adapter. */
export type StoredReference = Record<string, unknown> & { serviceUrl?: string; conversation?: { id?: string } };

interface ReferenceRow {
  reference: string;
  recipient: string;
  announcements?: boolean;
  updatedAt: string;
}

const partition = (tenantId: string): string => `${tenantId}|conversations`;

export class ConversationReferenceStore {
  /** Which rows this process already saved, so a chatty user costs no extra reads. */
  private readonly known = new Map<string, string>();

  constructor(private readonly store: TableStore) {}

  /** Saves the reference; resolves true when this conversation was not known before. */
  async remember(tenantId: string, recipient: Recipient, reference: StoredReference, options: { announcements?: boolean } = {}): Promise<boolean> {
    const rowKey = recipientKey(recipient);
    const cacheKey = `${tenantId}\n${rowKey}`;
    const serialized = JSON.stringify(reference);
    if (options.announcements === undefined && this.known.get(cacheKey) === serialized) return false;
    const table = this.store.table("bot");
    const existing = await this.read(tenantId, rowKey);
    const row: ReferenceRow = {
      reference: serialized,
      recipient: JSON.stringify(recipient),
      announcements: options.announcements ?? existing?.announcements ?? false,
      updatedAt: new Date().toISOString(),
    };
    if (!existing || existing.reference !== serialized || existing.announcements !== row.announcements) {
      await table.upsertEntity({ partitionKey: partition(tenantId), rowKey, ...row }, "Replace");
    }
    this.known.set(cacheKey, serialized);
    return existing === undefined;
  }

  /** Where to post to this recipient; none for a channel whose announcements are off ("I will no longer post in this channel"). */
  async get(tenantId: string, recipient: Recipient): Promise<StoredReference | undefined> {
    const row = await this.read(tenantId, recipientKey(recipient));
    if (!row || (recipient.kind === "channel" && row.announcements !== true)) return undefined;
    return JSON.parse(row.reference) as StoredReference;
  }

  /** Channels of the tenant where announcements are on (one partition query). */
  async announcementChannels(tenantId: string): Promise<Recipient[]> {
    const rows = this.store.table("bot").listEntities<ReferenceRow>({
      queryOptions: { filter: odata`PartitionKey eq ${partition(tenantId)} and announcements eq ${true}` },
    });
    const channels: Recipient[] = [];
    for await (const row of rows) {
      const recipient = JSON.parse(row.recipient) as Recipient;
      if (recipient.kind === "channel") channels.push(recipient);
    }
    return channels;
  }

  private async read(tenantId: string, rowKey: string): Promise<ReferenceRow | undefined> {
    try {
      return await this.store.table("bot").getEntity<ReferenceRow>(partition(tenantId), rowKey);
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
