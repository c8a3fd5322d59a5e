/**
 * Closing the server (what SIGTERM does): the request in flight finishes with its
 * answer and ends its connection, a request that arrives meanwhile gets our 503 with
 * Retry-After (health says "closing"), and the close takes well under 5 seconds.
 */
import { connect } from "node:net";
import type { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { requires } from "@crm/shared/policy";
import { startTestServer } from "../support/test-server.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw connection, so the test decides when each byte of a request goes out. */
function rawClient(port: number): { socket: Socket; received: () => string; ended: Promise<void> } {
  const socket = connect(port, "127.0.0.1");
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString()));
  const ended = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  return { socket, received: () => received, ended: Promise.race([ended, pause(5_000).then(() => undefined)]) };
}
const send = (socket: Socket, text: string) => new Promise<void>((resolve) => socket.write(text, () => resolve()));

describe("server shutdown", () => {
  it("finishes the request in flight, refuses what comes meanwhile with 503 and Retry-After, and closes at once", async () => {
    let release: () => void = () => undefined;
    let started = false;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = await startTestServer({
      extend: async (app) => {
        app.get("/api/test/slow", { config: { requires: requires.public("a slow request for this test") } }, async () => {
          started = true;
          await gate;
          return { finished: true };
        });
      },
    });
    const port = Number(new URL(server.url).port);
    const inFlight = rawClient(port);
    await send(inFlight.socket, "GET /api/test/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    for (let waited = 0; !started && waited < 5_000; waited += 10) await pause(10);
    expect(started).toBe(true);
    // Two more clients have begun their requests (headers on the way) when the close begins.
    const late = rawClient(port);
    const probe = rawClient(port);
    await send(late.socket, "GET /api/leads HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    await send(probe.socket, "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    await pause(50);

    const startedClosing = Date.now();
    const closed = server.close();
    await pause(100);
    await send(late.socket, "\r\n");
    await send(probe.socket, "\r\n");
    await Promise.all([late.ended, probe.ended]);
    release();
    await inFlight.ended;
    await closed;
    expect(Date.now() - startedClosing).toBeLessThan(5_000);

    expect(inFlight.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(inFlight.received()).toMatch(/connection: close/i);
    expect(inFlight.received()).toContain('{"finished":true}');
    expect(late.received()).toMatch(/^HTTP\/1\.1 503/);
    expect(late.received()).toMatch(/retry-after: 5/i);
    expect(late.received()).toContain('{"error":{"code":"unavailable","message":"The CRM is restarting. Try again in a few seconds."}}');
    expect(probe.received()).toMatch(/^HTTP\/1\.1 503/);
    expect(probe.received()).toContain('{"status":"closing","storage":"ok"}');
  });
});
