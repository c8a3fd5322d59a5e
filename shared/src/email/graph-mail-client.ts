/**
 * Reads a mailbox folder's changes from Microsoft Graph with a delta query, over
 * the global `fetch` (the same client in production and against the local Graph in
 * tests). Asks only for the fields the CRM stores (`$select`) in pages of
 * `pageSize` (`Prefer: odata.maxpagesize`), follows `@odata.nextLink` only on the
 * configured Graph origin, waits out Retry-After on 429/503, and reports an expired
 * delta link (410 Gone) as `DeltaExpired` so the caller starts the folder over.
 */
import { AppError } from "../errors/app-error.js";

export type MailFolder = "inbox" | "sentitems";
export const mailFolders: readonly MailFolder[] = ["inbox", "sentitems"];

interface GraphAddress {
  emailAddress?: { name?: string; address?: string };
}

/** A message as Graph sends it for the selected fields (any of them may be missing). */
export interface GraphMessage {
  id: string;
  conversationId?: string;
  subject?: string;
  from?: GraphAddress;
  toRecipients?: GraphAddress[];
  ccRecipients?: GraphAddress[];
  sentDateTime?: string;
  receivedDateTime?: string;
  bodyPreview?: string;
  body?: { contentType?: string; content?: string };
  hasAttachments?: boolean;
  webLink?: string;
  "@removed"?: { reason?: string };
}

/** What the CRM stores of a message, and nothing more. */
export const selectedFields = [
  "id",
  "conversationId",
  "subject",
  "from",
  "toRecipients",
  "ccRecipients",
  "sentDateTime",
  "receivedDateTime",
  "bodyPreview",
  "body",
  "hasAttachments",
  "webLink",
] as const;

interface DeltaPage {
  messages: GraphMessage[];
  /** The next page's link, or undefined on the last page. */
  nextLink?: string;
  /** On the last page: where the next sync starts. */
  deltaLink?: string;
}

/** The delta link (or a paging link) expired: Graph answered 410 Gone. */
export class DeltaExpired extends Error {
  constructor() {
    super("delta link expired");
  }
}

/** Graph refused the token (401/403): the mailbox must be reconnected or consent granted. */
export class MailboxAccessDenied extends Error {
  constructor(readonly status: number) {
    super(`Graph answered ${status}`);
  }
}

export interface GraphMailClientOptions {
  /** Graph's origin; `https://graph.microsoft.com` unless a test points it at loopback. */
  graphOrigin?: string;
  pageSize?: number;
  /** Longest wait honoured from a Retry-After (longer: the sync gives up and retries later). */
  maxRetryAfterMs?: number;
  /** Throttled answers in a row before giving up on this run. */
  maxThrottled?: number;
  sleep?: (ms: number) => Promise<void>;
}

const unavailable = "Microsoft 365 mail could not be read right now. The sync tries again in a few minutes.";

export class GraphMailClient {
  private readonly origin: string;
  private readonly pageSize: number;
  private readonly maxRetryAfterMs: number;
  private readonly maxThrottled: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Graph requests made (the bench counts round trips). */
  requests = 0;

  constructor(
    private readonly token: (tenantId: string) => Promise<string>,
    options: GraphMailClientOptions = {},
  ) {
    this.origin = (options.graphOrigin ?? "https://graph.microsoft.com").replace(/\/+$/, "");
    this.pageSize = options.pageSize ?? 50;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.maxThrottled = options.maxThrottled ?? 5;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The first link of a full sync of `folder`. */
  initialLink(mailbox: string, folder: MailFolder): string {
    return `${this.origin}/v1.0/users/${encodeURIComponent(mailbox)}/mailFolders/${folder}/messages/delta?$select=${selectedFields.filter((field) => field !== "id").join(",")}`;
  }

  /** One page from `link` (an initial, next or delta link). */
  async page(tenantId: string, link: string): Promise<DeltaPage> {
    if (new URL(link).origin !== this.origin) throw new AppError("unavailable", unavailable, { logMessage: `mail paging link off origin: ${link}` });
    for (let throttled = 0; ; throttled += 1) {
      const token = await this.token(tenantId);
      this.requests += 1;
      const response = await fetch(link, {
        headers: { authorization: `Bearer ${token}`, accept: "application/json", prefer: `odata.maxpagesize=${this.pageSize}, outlook.body-content-type="text"` },
      });
      if (response.status === 429 || response.status === 503) {
        await response.body?.cancel();
        const waitMs = retryAfterMs(response.headers.get("retry-after"));
        if (throttled + 1 >= this.maxThrottled || waitMs > this.maxRetryAfterMs) {
          throw new AppError("unavailable", unavailable, { logMessage: `Graph throttled the mail sync (${response.status}, Retry-After ${waitMs} ms)` });
        }
        await this.sleep(waitMs);
        continue;
      }
      if (response.status === 410) {
        await response.body?.cancel();
        throw new DeltaExpired();
      }
      if (response.status === 401 || response.status === 403) {
        await response.body?.cancel();
        throw new MailboxAccessDenied(response.status);
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new AppError("unavailable", unavailable, { logMessage: `Graph answered ${response.status} to a mail delta` });
      }
      const body = (await response.json()) as { value?: GraphMessage[]; "@odata.nextLink"?: string; "@odata.deltaLink"?: string };
      return {
        messages: Array.isArray(body.value) ? body.value.filter((entry) => typeof entry?.id === "string") : [],
        ...(body["@odata.nextLink"] ? { nextLink: body["@odata.nextLink"] } : {}),
        ...(body["@odata.deltaLink"] ? { deltaLink: body["@odata.deltaLink"] } : {}),
      };
    }
  }
}

/** Retry-After in seconds or as an HTTP date; 1 s when absent or unreadable. */
function retryAfterMs(header: string | null): number {
  if (!header) return 1_000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 1_000;
}
