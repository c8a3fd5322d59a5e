/**
 * Mail sync's rows in `crmmail` (docs/email-sync.md), every partition after the tenant id:
 *
 * | partition | row key | what |
 * |---|---|---|
 * | `<tenant>\|sync` | `<mailbox>\|<folder>` | the folder's delta link, last sync, last error, needs-reconnect |
 * | `<tenant>\|addr\|<address>` | `<entity>\|<record id>` | index: the records whose email fields hold this normalised address |
 * | `<tenant>\|addrof` | `<entity>\|<record id>` | the addresses a record is indexed under (to drop stale index rows without a scan) |
 * | `<tenant>\|msg` | message key | a stored message (only linked mail is stored) |
 * | `<tenant>\|link\|<entity>\|<record id>` | `<inverted received ms>\|<message key>` | a record's messages, newest first |
 * | `<tenant>\|linked\|<message key>` | `<entity>\|<record id>` | the records a message links to (to unlink on `@removed`) |
 *
 * Addresses and mailboxes are URI-encoded in keys (a key may not hold `/ \ # ?`);
 * a message key is a hash of mailbox and Graph id (Graph ids hold `/` and `+`).
 */
import { createHash } from "node:crypto";
import { odata } from "@azure/data-tables";
import type { EntityType } from "../policy/model.js";
import type { TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

export interface RecordRef {
  entity: EntityType;
  id: string;
}

interface FolderState {
  deltaLink?: string;
  lastSyncAt?: string;
  lastError?: string;
  needsReconnect?: boolean;
}

export interface MailSettings {
  enabled: boolean;
  sharedMailboxes: string[];
}

export interface StoredMail {
  key: string;
  mailbox: string;
  graphId: string;
  conversationId: string;
  subject: string;
  from: string;
  to: string[];
  cc: string[];
  sentAt: string;
  receivedAt: string;
  preview: string;
  body: string;
  hasAttachments: boolean;
  webLink: string;
}

const keyPart = (text: string) => encodeURIComponent(text.toLowerCase());
const refKey = (ref: RecordRef) => `${ref.entity}|${ref.id}`;
const parseRef = (rowKey: string): RecordRef => {
  const [entity, id] = rowKey.split("|");
  return { entity: entity as EntityType, id: id ?? "" };
};
const maxTime = 9_999_999_999_999;
const inverted = (iso: string) => String(maxTime - (Date.parse(iso) || 0)).padStart(13, "0");

export const mailKey = (mailbox: string, graphId: string): string => createHash("sha256").update(`${mailbox.toLowerCase()}\n${graphId}`).digest("hex").slice(0, 40);

export class MailRepository {
  constructor(private readonly store: TableStore) {}

  private get table() {
    return this.store.table("mail");
  }

  async folderState(tenantId: string, mailbox: string, folder: string): Promise<FolderState> {
    try {
      const row = await this.table.getEntity<FolderState>(`${tenantId}|sync`, `${keyPart(mailbox)}|${folder}`);
      return {
        ...(row.deltaLink ? { deltaLink: row.deltaLink } : {}),
        ...(row.lastSyncAt ? { lastSyncAt: row.lastSyncAt } : {}),
        ...(row.lastError ? { lastError: row.lastError } : {}),
        needsReconnect: row.needsReconnect === true,
      };
    } catch (error) {
      if (isStatus(error, 404)) return {};
      throw error;
    }
  }

  async saveFolderState(tenantId: string, mailbox: string, folder: string, state: FolderState): Promise<void> {
    await this.table.upsertEntity(
      {
        partitionKey: `${tenantId}|sync`,
        rowKey: `${keyPart(mailbox)}|${folder}`,
        deltaLink: state.deltaLink ?? "",
        lastSyncAt: state.lastSyncAt ?? "",
        lastError: state.lastError ?? "",
        needsReconnect: state.needsReconnect === true,
      },
      "Replace",
    );
  }

  async settings(tenantId: string): Promise<MailSettings> {
    try {
      const row = await this.table.getEntity<{ enabled: boolean; sharedMailboxes: string }>(`${tenantId}|settings`, "settings");
      return { enabled: row.enabled === true, sharedMailboxes: JSON.parse(row.sharedMailboxes || "[]") as string[] };
    } catch (error) {
      if (isStatus(error, 404)) return { enabled: false, sharedMailboxes: [] };
      throw error;
    }
  }

  async saveSettings(tenantId: string, settings: MailSettings): Promise<void> {
    await this.table.upsertEntity({ partitionKey: `${tenantId}|settings`, rowKey: "settings", enabled: settings.enabled, sharedMailboxes: JSON.stringify(settings.sharedMailboxes) }, "Replace");
  }

  /** Sets the normalised addresses `ref` is indexed under: new index rows written, stale ones deleted. */
  async indexAddresses(tenantId: string, ref: RecordRef, addresses: readonly string[]): Promise<void> {
    const wanted = new Set(addresses);
    let previous: string[] = [];
    try {
      const row = await this.table.getEntity<{ addresses: string }>(`${tenantId}|addrof`, refKey(ref));
      previous = JSON.parse(row.addresses) as string[];
    } catch (error) {
      if (!isStatus(error, 404)) throw error;
    }
    for (const address of wanted) {
      if (!previous.includes(address)) await this.table.upsertEntity({ partitionKey: `${tenantId}|addr|${keyPart(address)}`, rowKey: refKey(ref) }, "Replace");
    }
    for (const address of previous) {
      if (!wanted.has(address)) await this.table.deleteEntity(`${tenantId}|addr|${keyPart(address)}`, refKey(ref)).catch(ignore404);
    }
    if (wanted.size === 0) await this.table.deleteEntity(`${tenantId}|addrof`, refKey(ref)).catch(ignore404);
    else await this.table.upsertEntity({ partitionKey: `${tenantId}|addrof`, rowKey: refKey(ref), addresses: JSON.stringify([...wanted]) }, "Replace");
  }

  /** The records indexed under a normalised address: one partition read. */
  async recordsWithAddress(tenantId: string, address: string): Promise<RecordRef[]> {
    const refs: RecordRef[] = [];
    const filter = odata`PartitionKey eq ${`${tenantId}|addr|${keyPart(address)}`}`;
    for await (const row of this.table.listEntities({ queryOptions: { filter, select: ["RowKey"] } })) refs.push(parseRef(String(row.rowKey)));
    return refs;
  }

  /** Writes the message and links it to `refs` (idempotent: the same message twice is one row). */
  async storeLinked(tenantId: string, mail: StoredMail, refs: readonly RecordRef[]): Promise<void> {
    const { key, to, cc, ...rest } = mail;
    await this.table.upsertEntity({ partitionKey: `${tenantId}|msg`, rowKey: key, ...rest, to: JSON.stringify(to), cc: JSON.stringify(cc) }, "Replace");
    const linkedNow = new Set(refs.map(refKey));
    for (const previous of await this.linksOf(tenantId, key)) {
      if (!linkedNow.has(previous.rowKey)) await this.unlinkOne(tenantId, key, previous.rowKey, previous.linkRowKey);
    }
    for (const ref of refs) {
      const linkRowKey = `${inverted(mail.receivedAt)}|${key}`;
      await this.table.upsertEntity({ partitionKey: `${tenantId}|link|${refKey(ref)}`, rowKey: linkRowKey }, "Replace");
      await this.table.upsertEntity({ partitionKey: `${tenantId}|linked|${key}`, rowKey: refKey(ref), linkRowKey }, "Replace");
    }
  }

  /** Unlinks and deletes a stored message (deleted in Outlook, or no longer matching); answers how many links it had. */
  async removeMessage(tenantId: string, key: string): Promise<number> {
    const links = await this.linksOf(tenantId, key);
    for (const link of links) await this.unlinkOne(tenantId, key, link.rowKey, link.linkRowKey);
    await this.table.deleteEntity(`${tenantId}|msg`, key).catch(ignore404);
    return links.length;
  }

  /** A record's messages, newest first, at most `limit`. */
  async messagesOf(tenantId: string, ref: RecordRef, limit: number): Promise<StoredMail[]> {
    const filter = odata`PartitionKey eq ${`${tenantId}|link|${refKey(ref)}`}`;
    const keys: string[] = [];
    for await (const row of this.table.listEntities({ queryOptions: { filter, select: ["RowKey"] } })) {
      keys.push(String(row.rowKey).split("|")[1] ?? "");
      if (keys.length >= limit) break;
    }
    const mails: StoredMail[] = [];
    for (const key of keys) {
      try {
        const row = await this.table.getEntity<Record<string, unknown>>(`${tenantId}|msg`, key);
        mails.push(toMail(key, row));
      } catch (error) {
        if (!isStatus(error, 404)) throw error;
      }
    }
    return mails;
  }

  private async linksOf(tenantId: string, key: string): Promise<{ rowKey: string; linkRowKey: string }[]> {
    const links: { rowKey: string; linkRowKey: string }[] = [];
    const filter = odata`PartitionKey eq ${`${tenantId}|linked|${key}`}`;
    for await (const row of this.table.listEntities<{ linkRowKey: string }>({ queryOptions: { filter } })) links.push({ rowKey: String(row.rowKey), linkRowKey: row.linkRowKey });
    return links;
  }

  private async unlinkOne(tenantId: string, key: string, ref: string, linkRowKey: string): Promise<void> {
    await this.table.deleteEntity(`${tenantId}|link|${ref}`, linkRowKey).catch(ignore404);
    await this.table.deleteEntity(`${tenantId}|linked|${key}`, ref).catch(ignore404);
  }
}

function ignore404(error: unknown): void {
  if (!isStatus(error, 404)) throw error;
}

function toMail(key: string, row: Record<string, unknown>): StoredMail {
  const text = (name: string) => (typeof row[name] === "string" ? row[name] : "");
  const list = (name: string) => {
    try {
      return JSON.parse(text(name) || "[]") as string[];
    } catch {
      return [];
    }
  };
  return {
    key,
    mailbox: text("mailbox"),
    graphId: text("graphId"),
    conversationId: text("conversationId"),
    subject: text("subject"),
    from: text("from"),
    to: list("to"),
    cc: list("cc"),
    sentAt: text("sentAt"),
    receivedAt: text("receivedAt"),
    preview: text("preview"),
    body: text("body"),
    hasAttachments: row.hasAttachments === true,
    webLink: text("webLink"),
  };
}
