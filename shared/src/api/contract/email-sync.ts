/** Email sync on the wire: the tenant's settings, mailbox status, and a record's emails (docs/email-sync.md). */
import { Type } from "typebox";

const strict = { additionalProperties: false } as const;

export const EmailSyncSettingsInput = Type.Object(
  {
    enabled: Type.Boolean({ description: "Sync on or off for the tenant." }),
    sharedMailboxes: Type.Array(Type.String({ minLength: 3, maxLength: 254 }), { maxItems: 20, description: "Shared mailboxes read with application access, e.g. sales@contoso.com." }),
  },
  strict,
);

export const EmailSyncSettingsOutput = Type.Object({ enabled: Type.Boolean(), sharedMailboxes: Type.Array(Type.String()) }, strict);

export const EmailSyncStatusOutput = Type.Object(
  {
    enabled: Type.Boolean(),
    mailboxes: Type.Array(
      Type.Object(
        {
          mailbox: Type.String(),
          lastSyncAt: Type.Optional(Type.String({ description: "When both folders were last synced to their end (the older of the two)." })),
          error: Type.Optional(Type.String()),
          needsReconnect: Type.Boolean(),
        },
        strict,
      ),
    ),
  },
  strict,
);

export const EmailSyncRunOutput = Type.Object({ queued: Type.Integer({ description: "Mailboxes queued for a sync now." }) }, strict);

const RecordEmail = Type.Object(
  {
    id: Type.String(),
    conversationId: Type.String(),
    subject: Type.String(),
    from: Type.String(),
    to: Type.Array(Type.String()),
    cc: Type.Array(Type.String()),
    sentAt: Type.String(),
    receivedAt: Type.String(),
    preview: Type.String(),
    body: Type.Optional(Type.String({ description: "Plain text; absent when a field rule hides email bodies (emailBody) from the reader." })),
    hasAttachments: Type.Boolean(),
    webLink: Type.String({ description: "Open in Outlook (https), or empty." }),
  },
  strict,
);

export const RecordEmailsOutput = Type.Object({ items: Type.Array(RecordEmail) }, strict);
