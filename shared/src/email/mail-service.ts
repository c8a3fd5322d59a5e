/**
 * Email sync for people: the tenant's settings and mailbox status (the `emailSync`
 * configuration permission), syncing now, and a record's emails for whoever may read
 * the record (RecordService decides; a record the reader may not see is 404). A role
 * whose field rules hide the pseudo-field `emailBody` on the entity reads emails
 * without their bodies.
 */
import { AppError } from "../errors/app-error.js";
import type { Actor, EntityType } from "../policy/model.js";
import { decideConfig, fieldAccess } from "../policy/decide.js";
import type { AuditRepository } from "../storage/audit-repository.js";
import type { MailRepository, MailSettings, StoredMail } from "../storage/mail-repository.js";
import type { Clock } from "../services/clock.js";
import { configChange } from "../services/config-change.js";
import type { RecordService } from "../services/record-service.js";
import { mailFolders } from "./graph-mail-client.js";
import type { MailJobs } from "./mail-jobs.js";
import { normaliseAddress } from "./sanitize.js";

/** The field key a field rule names to hide email bodies from a role. */
const emailBodyField = "emailBody";

interface RecordEmail {
  id: string;
  conversationId: string;
  subject: string;
  from: string;
  to: string[];
  cc: string[];
  sentAt: string;
  receivedAt: string;
  preview: string;
  body?: string;
  hasAttachments: boolean;
  webLink: string;
}

interface MailboxStatus {
  mailbox: string;
  lastSyncAt?: string;
  error?: string;
  needsReconnect: boolean;
}

const noPermission = () => new AppError("forbidden", "Configuring email sync needs the email sync permission.");

export class MailService {
  constructor(
    private readonly repository: MailRepository,
    private readonly records: Pick<RecordService, "get">,
    private readonly audit: Pick<AuditRepository, "append">,
    private readonly clock: Clock,
    private readonly jobs: MailJobs | undefined,
  ) {}

  async settings(actor: Actor): Promise<MailSettings> {
    if (!decideConfig(actor, "emailSync").allowed) throw noPermission();
    return this.repository.settings(actor.tenantId);
  }

  async saveSettings(actor: Actor, input: MailSettings): Promise<MailSettings> {
    if (!decideConfig(actor, "emailSync").allowed) throw noPermission();
    const mailboxes: string[] = [];
    for (const [index, text] of input.sharedMailboxes.entries()) {
      const address = normaliseAddress(text);
      if (!address)
        throw new AppError("invalid_input", "Each shared mailbox must be an email address.", {
          details: { fields: [{ field: `sharedMailboxes.${index}`, message: "Enter an email address, like sales@contoso.com." }] },
        });
      if (!mailboxes.includes(address)) mailboxes.push(address);
    }
    const before = await this.repository.settings(actor.tenantId);
    const after = { enabled: input.enabled, sharedMailboxes: mailboxes };
    await this.repository.saveSettings(actor.tenantId, after);
    await this.audit.append(configChange(this.clock, { ...actor, kind: "user" }, "emailSync.save", before, after).audit);
    if (after.enabled && this.jobs) for (const mailbox of mailboxes) await this.jobs.runSoon(actor.tenantId, mailbox);
    return after;
  }

  async status(actor: Actor): Promise<{ enabled: boolean; mailboxes: MailboxStatus[] }> {
    const settings = await this.settings(actor);
    const mailboxes: MailboxStatus[] = [];
    for (const mailbox of settings.sharedMailboxes) {
      const states = await Promise.all(mailFolders.map((folder) => this.repository.folderState(actor.tenantId, mailbox, folder)));
      const synced = states
        .map((state) => state.lastSyncAt ?? "")
        .filter(Boolean)
        .sort();
      const error = states.find((state) => state.lastError)?.lastError;
      mailboxes.push({ mailbox, ...(synced[0] ? { lastSyncAt: synced[0] } : {}), ...(error ? { error } : {}), needsReconnect: states.some((state) => state.needsReconnect === true) });
    }
    return { enabled: settings.enabled, mailboxes };
  }

  /** Queues a sync of every shared mailbox now; answers how many were queued. */
  async syncNow(actor: Actor): Promise<number> {
    const settings = await this.settings(actor);
    if (!settings.enabled) throw new AppError("conflict", "Email sync is turned off. Turn it on first.");
    if (!this.jobs) throw new AppError("unavailable", "Email sync is not set up on this server yet. Ask your admin to configure it.");
    for (const mailbox of settings.sharedMailboxes) await this.jobs.runSoon(actor.tenantId, mailbox);
    return settings.sharedMailboxes.length;
  }

  /** The record's emails, newest first, under the reader's field rules; 404 when the reader may not see the record. */
  async emailsOf(actor: Actor, entity: EntityType, id: string, limit = 50): Promise<RecordEmail[]> {
    await this.records.get(actor, entity, id);
    const hideBody = fieldAccess(actor, entity, emailBodyField) === "hidden";
    const mails = await this.repository.messagesOf(actor.tenantId, { entity, id }, limit);
    return mails.map((mail) => toEmail(mail, hideBody));
  }
}

function toEmail(mail: StoredMail, hideBody: boolean): RecordEmail {
  const { key, mailbox: _mailbox, graphId: _graphId, body, ...rest } = mail;
  return { id: key, ...rest, ...(hideBody ? {} : { body }) };
}
