/**
 * The mail sync engine: per mailbox, per folder (Inbox, Sent Items), follows Graph's
 * delta from the folder's saved link, stores each message that matches a CRM record
 * (and only those), unlinks what Outlook deleted, and saves where the next run
 * starts after every page. An expired link (410) starts the folder over; messages
 * are keyed by mailbox and Graph id, so the second pass stores nothing twice.
 *
 * Matching: every from/to/cc address, normalised, is looked up in the address index
 * (one partition read per address, maintained by MailAddressIndex on record change);
 * a subject carrying a case's reference (`CASE-<id>`) links that case (one point
 * read). Nothing is scanned, and every key starts with the tenant id: one tenant's
 * mail never reaches another's records.
 */
import type { Lease } from "../storage/leases.js";
import type { MailRepository, RecordRef, StoredMail } from "../storage/mail-repository.js";
import { mailKey } from "../storage/mail-repository.js";
import type { Clock } from "../services/clock.js";
import type { GraphMailClient, GraphMessage, MailFolder } from "./graph-mail-client.js";
import { DeltaExpired, MailboxAccessDenied, mailFolders } from "./graph-mail-client.js";
import { clean, maxPreviewChars, maxSubjectChars, normaliseAddress, toPlainText } from "./sanitize.js";

/** Addresses looked up per message at most (a mass mail to thousands matches on its first ones). */
const maxAddresses = 50;
const maxRecipientsStored = 100;

/** Reads one case by id (a point read), to link mail whose subject carries its reference. */
type CaseExists = (tenantId: string, caseId: string) => Promise<boolean>;

export interface FolderRun {
  folder: MailFolder;
  pages: number;
  stored: number;
  removed: number;
  skipped: number;
  resynced: boolean;
}

export interface MailboxRun {
  folders: FolderRun[];
  needsReconnect: boolean;
  /** Set when the run stopped early (lease lost). */
  interrupted: boolean;
}

/** The reference a case's subject lines carry, e.g. "Re: printer [CASE-0abc…]". */
export const caseReference = (caseId: string): string => `CASE-${caseId}`;
const caseReferencePattern = /\bCASE-([0-9a-z]{19})\b/gi;

export class MailSync {
  constructor(
    private readonly repository: MailRepository,
    private readonly client: GraphMailClient,
    private readonly caseExists: CaseExists,
    private readonly clock: Clock,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  async syncMailbox(tenantId: string, mailbox: string, lease?: Lease): Promise<MailboxRun> {
    const run: MailboxRun = { folders: [], needsReconnect: false, interrupted: false };
    for (const folder of mailFolders) {
      try {
        const folderRun = await this.syncFolder(tenantId, mailbox, folder, lease);
        if (!folderRun) {
          run.interrupted = true;
          break;
        }
        run.folders.push(folderRun);
      } catch (error) {
        const needsReconnect = error instanceof MailboxAccessDenied || (error as { details?: { reason?: string } }).details?.reason === "needs_reconnect";
        const state = await this.repository.folderState(tenantId, mailbox, folder);
        await this.repository.saveFolderState(tenantId, mailbox, folder, {
          ...state,
          needsReconnect,
          lastError: needsReconnect
            ? "Microsoft 365 refused access to this mailbox. Reconnect it, or ask an admin to grant consent."
            : "Microsoft 365 mail could not be read; the sync tries again in a few minutes.",
        });
        if (needsReconnect) {
          run.needsReconnect = true;
          break;
        }
        throw error;
      }
    }
    return run;
  }

  /** One folder to its current delta link; undefined when the lease was lost mid-way. */
  private async syncFolder(tenantId: string, mailbox: string, folder: MailFolder, lease: Lease | undefined): Promise<FolderRun | undefined> {
    const state = await this.repository.folderState(tenantId, mailbox, folder);
    const run: FolderRun = { folder, pages: 0, stored: 0, removed: 0, skipped: 0, resynced: false };
    let link = state.deltaLink || this.client.initialLink(mailbox, folder);
    for (;;) {
      if (lease && !lease.held()) return undefined;
      let page;
      try {
        page = await this.client.page(tenantId, link);
      } catch (error) {
        if (!(error instanceof DeltaExpired) || run.resynced) throw error;
        // The link expired: start the folder over; stored messages are upserted by key, so none is doubled.
        this.log(`mail sync: delta link of ${folder} expired, resyncing`);
        run.resynced = true;
        link = this.client.initialLink(mailbox, folder);
        continue;
      }
      run.pages += 1;
      for (const message of page.messages) {
        if (lease && !lease.held()) return undefined;
        await this.apply(tenantId, mailbox, message, run);
      }
      const next = page.nextLink ?? page.deltaLink;
      if (!next) throw new Error("Graph sent a delta page without a next or delta link");
      // Where the next run starts: the next page of this one (a crash resumes there), then the delta link.
      await this.repository.saveFolderState(tenantId, mailbox, folder, {
        deltaLink: next,
        lastSyncAt: page.deltaLink ? this.clock.now().toISOString() : (state.lastSyncAt ?? ""),
        needsReconnect: false,
      });
      if (!page.nextLink) return run;
      link = page.nextLink;
    }
  }

  private async apply(tenantId: string, mailbox: string, message: GraphMessage, run: FolderRun): Promise<void> {
    const key = mailKey(mailbox, message.id);
    if (message["@removed"]) {
      if ((await this.repository.removeMessage(tenantId, key)) > 0) run.removed += 1;
      return;
    }
    const refs = await this.match(tenantId, message);
    if (refs.length === 0) {
      run.skipped += 1;
      return;
    }
    await this.repository.storeLinked(tenantId, toStored(key, mailbox, message), refs);
    run.stored += 1;
  }

  private async match(tenantId: string, message: GraphMessage): Promise<RecordRef[]> {
    const addresses = new Set<string>();
    for (const entry of [message.from, ...(message.toRecipients ?? []), ...(message.ccRecipients ?? [])]) {
      const address = normaliseAddress(entry?.emailAddress?.address);
      if (address) addresses.add(address);
      if (addresses.size >= maxAddresses) break;
    }
    const refs = new Map<string, RecordRef>();
    for (const address of addresses) {
      for (const ref of await this.repository.recordsWithAddress(tenantId, address)) refs.set(`${ref.entity}|${ref.id}`, ref);
    }
    for (const [, caseId] of (message.subject ?? "").slice(0, maxSubjectChars).matchAll(caseReferencePattern)) {
      const id = (caseId ?? "").toLowerCase();
      if (!refs.has(`case|${id}`) && (await this.caseExists(tenantId, id))) refs.set(`case|${id}`, { entity: "case", id });
    }
    return [...refs.values()];
  }
}

const addressText = (entry: GraphMessage["from"]): string => {
  const address = clean(entry?.emailAddress?.address ?? "", 254);
  const name = clean(entry?.emailAddress?.name ?? "", 200);
  return name && name.toLowerCase() !== address.toLowerCase() ? `${name} <${address}>` : address;
};

function toStored(key: string, mailbox: string, message: GraphMessage): StoredMail {
  const recipients = (list: GraphMessage["toRecipients"]) => (list ?? []).slice(0, maxRecipientsStored).map(addressText).filter(Boolean);
  return {
    key,
    mailbox,
    graphId: message.id.slice(0, 1_000),
    conversationId: clean(message.conversationId ?? "", 1_000),
    subject: clean(message.subject ?? "", maxSubjectChars),
    from: addressText(message.from),
    to: recipients(message.toRecipients),
    cc: recipients(message.ccRecipients),
    sentAt: validTime(message.sentDateTime),
    receivedAt: validTime(message.receivedDateTime ?? message.sentDateTime),
    preview: clean(message.bodyPreview ?? "", maxPreviewChars),
    body: toPlainText(message.body?.content ?? "", message.body?.contentType),
    hasAttachments: message.hasAttachments === true,
    webLink: /^https:\/\//.test(message.webLink ?? "") ? (message.webLink ?? "").slice(0, 2_000) : "",
  };
}

const validTime = (text: string | undefined): string => {
  const at = Date.parse(text ?? "");
  return Number.isFinite(at) ? new Date(at).toISOString() : "";
};
