/**
 * Stands in for the Bot Framework channel service (the activity's `serviceUrl`):
 * a local HTTP server on 127.0.0.1:0 that records every activity the bot sends,
 * and can answer 429 with Retry-After to the next requests.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentActivity {
  method: string;
  path: string;
  body: any;
  at: number;
}

export interface ChannelRecorder {
  url: string;
  sent: SentActivity[];
  /** Requests answered 429 (not delivered). */
  throttled: SentActivity[];
  /** Answer the next `count` requests whose path contains `pathPart` with 429 and this Retry-After (seconds). */
  throttleNext(count: number, retryAfterSeconds: number, pathPart?: string): void;
  /**
   * The bot's answers to one incoming activity among what was delivered since `from`:
   * replies carry the activity's id as `replyToId`, so a proactive notice that lands in
   * the same chat at the same moment is not taken for the answer.
   */
  repliesTo(activityId: string, from?: number): SentActivity[];
  /** Resolves once `predicate` holds for the delivered activities, or rejects after `timeoutMs`. */
  waitFor(predicate: (sent: SentActivity[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startChannelRecorder(): Promise<ChannelRecorder> {
  const sent: SentActivity[] = [];
  const throttled: SentActivity[] = [];
  let throttle = { count: 0, retryAfterSeconds: 1, pathPart: "" };
  let nextId = 1;
  const server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
    request.on("end", () => {
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const entry = { method: request.method ?? "", path: request.url ?? "", body, at: Date.now() };
      if (throttle.count > 0 && entry.path.includes(throttle.pathPart)) {
        throttle.count -= 1;
        throttled.push(entry);
        response.writeHead(429, { "content-type": "application/json", "retry-after": String(throttle.retryAfterSeconds) });
        response.end(JSON.stringify({ error: { code: "TooManyRequests", message: "slow down" } }));
        return;
      }
      sent.push(entry);
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ id: `sent-${nextId++}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    throttled,
    repliesTo(activityId, from = 0) {
      return sent.slice(from).filter((entry) => entry.body?.replyToId === activityId);
    },
    throttleNext(count, retryAfterSeconds, pathPart = "") {
      throttle = { count, retryAfterSeconds, pathPart };
    },
    async waitFor(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(sent)) {
        if (Date.now() > deadline) throw new Error(`timed out; the channel received ${sent.length} activities: ${JSON.stringify(sent.map((entry) => entry.path))}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The text a recorded activity shows: its card's TextBlocks and facts, or its text. */
export function shownText(activity: any): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const value = node as Record<string, unknown>;
      if (value.type === "TextBlock" && typeof value.text === "string") parts.push(value.text);
      if (typeof value.title === "string" && typeof value.value === "string") parts.push(`${value.title}: ${value.value}`);
      Object.values(value).forEach(walk);
    }
  };
  if (typeof activity?.text === "string") parts.push(activity.text);
  walk(activity?.attachments);
  return parts.join("\n");
}
