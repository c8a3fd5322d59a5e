/**
 * Storage that goes away under a running server: requests answer 503 `unavailable`
 * with Retry-After and our words (never the storage's text), quickly when the
 * connection is refused and within the bounded timeout when storage hangs; health
 * says so; and everything answers again once storage is back, with nothing lost.
 * Storage is a real Azurite behind a TCP relay the test cuts and restores.
 */
import { Socket, createServer } from "node:net";
import type { Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedAzurite } from "@crm/shared/storage";
import type { EmbeddedAzurite } from "@crm/shared/storage";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";

/** Forwards to Azurite while "up"; refuses connections when "down"; takes them and never answers when "hung". */
class StorageRelay {
  mode: "up" | "down" | "hung" = "up";
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: number) {}

  async listen(port = 0): Promise<void> {
    this.server = createServer((client) => {
      this.sockets.add(client);
      client.on("close", () => this.sockets.delete(client));
      client.on("error", () => undefined);
      if (this.mode === "hung") return;
      const upstream = new Socket();
      this.sockets.add(upstream);
      upstream.on("close", () => this.sockets.delete(upstream));
      upstream.on("error", () => client.destroy());
      upstream.connect(this.target, "127.0.0.1", () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
      client.on("close", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", () => resolve()));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Cuts every connection; "down" also stops listening, so new ones are refused. */
  async cut(mode: "down" | "hung"): Promise<void> {
    this.mode = mode;
    for (const socket of this.sockets) socket.destroy();
    if (mode === "down") await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  async restore(): Promise<void> {
    if (this.mode === "down") await this.listen(this.port);
    else for (const socket of this.sockets) socket.destroy();
    this.mode = "up";
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server?.listening ? this.server.close(() => resolve()) : resolve()));
  }
}

let azurite: EmbeddedAzurite;
let relay: StorageRelay;
let server: TestServer;
const { call } = apiAs(() => server);
const owner = { tenantId: "outage", userId: "owner" };

beforeAll(async () => {
  azurite = await startEmbeddedAzurite();
  const azuritePort = Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)/.exec(azurite.connectionString)![1]);
  relay = new StorageRelay(azuritePort);
  await relay.listen();
  const connectionString = azurite.connectionString.replace(`127.0.0.1:${azuritePort}`, `127.0.0.1:${relay.port}`);
  server = await startTestServer({ config: { connectionString, inMemoryStorage: false }, workflowPollMs: 0 });
});
afterAll(async () => {
  await relay?.restore().catch(() => undefined);
  await server?.close();
  await relay?.close();
  await azurite?.close();
});

async function timed<T>(work: () => Promise<T>): Promise<{ answer: T; ms: number }> {
  const startedAt = Date.now();
  const answer = await work();
  return { answer, ms: Date.now() - startedAt };
}

const unavailable = { error: { code: "unavailable", message: "The CRM cannot reach its storage just now. Try again in a few seconds." } };

describe("storage outage", () => {
  it("answers 503 with Retry-After at once when storage refuses connections, and heals when it is back", async () => {
    const before = await call(owner, "POST", "/api/leads", { name: "Before the outage" });
    expect(before.status, before.text).toBe(201);
    await relay.cut("down");

    const read = await timed(() => call(owner, "GET", `/api/leads/${before.body.id}`));
    expect(read.answer.status).toBe(503);
    expect(read.answer.headers.get("retry-after")).toBe("5");
    expect(read.answer.body).toEqual(unavailable);
    expect(read.ms).toBeLessThan(3_000);
    const write = await call(owner, "POST", "/api/leads", { name: "During the outage" });
    expect(write.status).toBe(503);
    expect(write.text).not.toMatch(/ECONNREFUSED|RestError|127\.0\.0\.1|stack/i);
    expect((await call(owner, "GET", "/api/health")).status).toBe(503);

    await relay.restore();
    const after = await call(owner, "GET", `/api/leads/${before.body.id}`);
    expect(after.status).toBe(200);
    expect(after.body.name).toBe("Before the outage");
    expect((await call(owner, "GET", "/api/health")).status).toBe(200);
  });

  it("answers 503 within the bounded timeout when storage takes connections and never answers", async () => {
    await call(owner, "GET", "/api/me");
    await relay.cut("hung");
    const read = await timed(() => call(owner, "GET", "/api/leads"));
    expect(read.answer.status).toBe(503);
    expect(read.answer.body).toEqual(unavailable);
    // Two tries of at most 5 s each, and 200 ms between them.
    expect(read.ms).toBeLessThan(12_500);
    await relay.restore();
    expect((await call(owner, "GET", "/api/leads")).status).toBe(200);
  }, 30_000);
});
