/**
 * A stand-in for Microsoft Graph mail and the Entra token endpoint on 127.0.0.1, so
 * the mail sync runs unchanged (msal-node client credentials, fetch) at the network
 * edge only:
 *
 * - `POST /{tenant}/oauth2/v2.0/token` (client credentials): an opaque token bound to
 *   that tenant; a wrong secret answers `invalid_client`.
 * - `GET /v1.0/users/{mailbox}/mailFolders/{inbox|sentitems}/messages/delta`: the
 *   folder's messages, then only what changed since the delta link's token, paged by
 *   `Prefer: odata.maxpagesize` (`@odata.nextLink`, last page `@odata.deltaLink`);
 *   deleted messages as `@removed`; `$select` honoured. A mailbox answers only tokens
 *   of its own tenant (403 otherwise).
 * - Faults: `throttle(n, status, seconds)` answers the next n Graph requests with
 *   429/503 and Retry-After; `expireDeltaLinks()` makes every earlier delta or paging
 *   link answer 410 Gone.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LocalMessage {
  id: string;
  conversationId?: string;
  subject?: string;
  from?: { emailAddress: { name?: string; address?: string } };
  toRecipients?: { emailAddress: { name?: string; address?: string } }[];
  ccRecipients?: { emailAddress: { name?: string; address?: string } }[];
  sentDateTime?: string;
  receivedDateTime?: string;
  bodyPreview?: string;
  body?: { contentType: "html" | "text"; content: string };
  hasAttachments?: boolean;
  webLink?: string;
}

type Change = { seq: number; id: string; message?: LocalMessage };

interface Folder {
  changes: Change[];
}

export interface LocalGraph {
  /** Graph's base, as the mail client takes it (`http://127.0.0.1:port`). */
  graphOrigin: string;
  /** Where msal-node requests tokens (`tokenEndpointHost`). */
  tokenEndpointHost: string;
  clientId: string;
  clientSecret: string;
  /** Adds or changes a message in a mailbox's folder (tenant-bound mailbox). */
  put(tenantId: string, mailbox: string, folder: "inbox" | "sentitems", message: Partial<LocalMessage> & { id: string }): LocalMessage;
  /** Deletes a message: the next delta lists it as `@removed`. */
  remove(tenantId: string, mailbox: string, folder: "inbox" | "sentitems", id: string): void;
  /** The next `count` Graph requests answer `status` with Retry-After `seconds`. */
  throttle(count: number, status?: 429 | 503, seconds?: number): void;
  /** Every delta and paging link handed out so far answers 410 Gone. */
  expireDeltaLinks(): void;
  /** Every Graph request so far: method, path and query, Prefer header. */
  requests: { url: string; prefer: string | undefined; status: number }[];
  tokensIssued: number;
  close(): Promise<void>;
}

export function message(id: string, from: string, to: string[], extra: Partial<LocalMessage> = {}): Partial<LocalMessage> & { id: string } {
  const at = extra.receivedDateTime ?? "2026-03-02T09:00:00Z";
  return {
    id,
    conversationId: `conv-${id}`,
    subject: `Subject ${id}`,
    from: { emailAddress: { name: from.split("@")[0], address: from } },
    toRecipients: to.map((address) => ({ emailAddress: { address } })),
    ccRecipients: [],
    sentDateTime: at,
    receivedDateTime: at,
    bodyPreview: `Preview of ${id}`,
    body: { contentType: "text", content: `Body of ${id}` },
    hasAttachments: false,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(id)}`,
    ...extra,
  };
}

/**
 * `clientAssertion`: the app proves itself with this assertion (a federated credential,
 * as a managed identity's token) instead of the secret; a request that sends a secret
 * or another assertion is refused as Entra refuses it.
 */
export async function startLocalGraph(options: { clientAssertion?: string } = {}): Promise<LocalGraph> {
  const clientId = randomUUID();
  const clientSecret = `local-secret-${randomUUID()}`;
  const folders = new Map<string, Folder>();
  const mailboxTenant = new Map<string, string>();
  const tokens = new Map<string, string>();
  /** Paging snapshots: skiptoken → remaining entries and the delta token to end with. */
  const pages = new Map<string, { generation: number; entries: object[]; endSeq: number }>();
  let seq = 0;
  let generation = 0;
  let throttled: { count: number; status: number; seconds: number } = { count: 0, status: 429, seconds: 1 };
  const requests: LocalGraph["requests"] = [];
  let tokensIssued = 0;
  let origin = "";

  const folderOf = (tenantId: string, mailbox: string, folder: string) => {
    const key = `${mailbox.toLowerCase()}|${folder}`;
    const owner = mailboxTenant.get(mailbox.toLowerCase());
    if (owner && owner !== tenantId) throw new Error(`mailbox ${mailbox} belongs to another tenant`);
    mailboxTenant.set(mailbox.toLowerCase(), tenantId);
    let found = folders.get(key);
    if (!found) folders.set(key, (found = { changes: [] }));
    return found;
  };

  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
  };
  const graphError = (response: ServerResponse, status: number, code: string, text: string, headers: Record<string, string> = {}) =>
    json(response, status, { error: { code, message: text } }, headers);

  const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => resolve(body));
    });

  const token = async (request: IncomingMessage, response: ServerResponse, tenantId: string) => {
    const form = new URLSearchParams(await readBody(request));
    if (form.get("grant_type") !== "client_credentials") return json(response, 400, { error: "unsupported_grant_type" });
    const proven = options.clientAssertion
      ? form.get("client_assertion_type") === "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" && form.get("client_assertion") === options.clientAssertion && !form.has("client_secret")
      : form.get("client_secret") === clientSecret;
    if (form.get("client_id") !== clientId || !proven) {
      return json(response, 401, { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided.", error_codes: [7000215] });
    }
    const accessToken = `local-graph-${randomUUID()}`;
    tokens.set(accessToken, tenantId);
    tokensIssued += 1;
    json(response, 200, { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: accessToken });
  };

  const select = (entry: LocalMessage, fields: string[] | undefined): object => {
    if (!fields) return entry;
    const picked: Record<string, unknown> = { id: entry.id };
    for (const field of fields) if (field in entry) picked[field] = (entry as unknown as Record<string, unknown>)[field];
    return picked;
  };

  const delta = (request: IncomingMessage, response: ServerResponse, url: URL, tenantId: string, mailbox: string, folderName: string) => {
    const prefer = String(request.headers.prefer ?? "");
    const pageSize = Math.max(1, Number(/odata\.maxpagesize=(\d+)/.exec(prefer ?? "")?.[1] ?? 10));
    const skip = url.searchParams.get("$skiptoken");
    let snapshot = skip ? pages.get(skip) : undefined;
    if (skip && (!snapshot || snapshot.generation !== generation)) return graphError(response, 410, "SyncStateNotFound", "The sync state is gone; start over.");
    if (!snapshot) {
      const deltaToken = url.searchParams.get("$deltatoken");
      let since = 0;
      if (deltaToken) {
        const [tokenGeneration, tokenSeq] = deltaToken.split(".").map(Number);
        if (tokenGeneration !== generation) return graphError(response, 410, "SyncStateNotFound", "The sync state is gone; start over.");
        since = tokenSeq ?? 0;
      }
      const fields = url.searchParams.get("$select")?.split(",");
      const folder = folderOf(tenantId, mailbox, folderName);
      const latest = new Map<string, Change>();
      for (const change of folder.changes) if (change.seq > since) latest.set(change.id, change);
      const entries: object[] = [];
      for (const change of latest.values()) {
        if (change.message) entries.push(select(change.message, fields));
        else if (since > 0) entries.push({ id: change.id, "@removed": { reason: "deleted" } });
      }
      snapshot = { generation, entries, endSeq: seq };
    }
    const value = snapshot.entries.slice(0, pageSize);
    const rest = snapshot.entries.slice(pageSize);
    const base = `${origin}${url.pathname}`;
    if (rest.length > 0) {
      const next = randomUUID();
      pages.set(next, { ...snapshot, entries: rest });
      return json(response, 200, { value, "@odata.nextLink": `${base}?$skiptoken=${next}` });
    }
    json(response, 200, { value, "@odata.deltaLink": `${base}?$deltatoken=${generation}.${snapshot.endSeq}` });
  };

  const deltaPath = /^\/v1\.0\/users\/([^/]+)\/mailFolders\/(inbox|sentitems)\/messages\/delta$/;
  const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", origin);
    const tokenMatch = tokenPath.exec(url.pathname);
    if (tokenMatch && request.method === "POST") return void token(request, response, decodeURIComponent(tokenMatch[1] ?? ""));
    const record = { url: `${request.method} ${url.pathname}${url.search}`, prefer: request.headers.prefer === undefined ? undefined : String(request.headers.prefer), status: 200 };
    requests.push(record);
    const answer = (status: number, code: string, text: string, headers: Record<string, string> = {}) => {
      record.status = status;
      graphError(response, status, code, text, headers);
    };
    if (throttled.count > 0) {
      throttled.count -= 1;
      return answer(throttled.status, throttled.status === 429 ? "TooManyRequests" : "ServiceUnavailable", "Slow down.", { "retry-after": String(throttled.seconds) });
    }
    const tenantId = tokens.get((request.headers.authorization ?? "").replace(/^Bearer /, ""));
    if (!tenantId) return answer(401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
    const match = deltaPath.exec(url.pathname);
    if (!match || request.method !== "GET") return answer(404, "ResourceNotFound", "No such resource.");
    const mailbox = decodeURIComponent(match[1] ?? "");
    const owner = mailboxTenant.get(mailbox.toLowerCase());
    if (owner !== undefined && owner !== tenantId) return answer(403, "ErrorAccessDenied", "Access is denied.");
    response.on("finish", () => (record.status = response.statusCode));
    delta(request, response, url, tenantId, mailbox, match[2] ?? "inbox");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    graphOrigin: origin,
    tokenEndpointHost: origin,
    clientId,
    clientSecret,
    put: (tenantId, mailbox, folderName, change) => {
      const folder = folderOf(tenantId, mailbox, folderName);
      const previous = [...folder.changes].reverse().find((entry) => entry.id === change.id)?.message;
      const full = { ...(previous ?? {}), ...change };
      folder.changes.push({ seq: (seq += 1), id: change.id, message: full });
      return full;
    },
    remove: (tenantId, mailbox, folderName, id) => {
      folderOf(tenantId, mailbox, folderName).changes.push({ seq: (seq += 1), id });
    },
    throttle: (count, status = 429, seconds = 1) => {
      throttled = { count, status, seconds };
    },
    expireDeltaLinks: () => {
      generation += 1;
    },
    requests,
    get tokensIssued() {
      return tokensIssued;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
