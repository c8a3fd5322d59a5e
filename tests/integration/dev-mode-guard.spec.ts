/**
 * Dev mode (no Entra app: the server signs tokens for anyone who asks) answers only
 * requests made straight on this machine, over real HTTP: every route (dev sign-in,
 * API, the tab's files and its index.html fallback, the bot, unknown paths) refuses
 * a request from another computer's address, one relayed by a proxy or tunnel, one
 * addressed to a foreign Host, and one sent by a page of another site. The bot
 * without BOT_ID keeps the same rule when the API itself has an Entra app.
 *
 * "Another computer" is real when this machine has a non-internal IPv4 address: the
 * server listens on it and the test connects from it, so the socket's remote address
 * is not loopback. Without one, Fastify's inject stands in with a remoteAddress.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { OutgoingHttpHeaders } from "node:http";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBot } from "@crm/bot";
import { readServerConfig } from "../../server/src/config.js";
import { rawRequest } from "../support/raw-request.js";
import type { RawResponse } from "../support/raw-request.js";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;
if (!externalAddress) console.warn("no non-internal IPv4 address: requests from another computer are simulated with Fastify's inject (remoteAddress)");

const tabDir = mkdtempSync(path.join(tmpdir(), "crm-guard-tab-"));
writeFileSync(path.join(tabDir, "index.html"), "<!doctype html><title>CRM</title><p>tab</p>");
const entra = readServerConfig({ AAD_APP_CLIENT_ID: "00000000-0000-0000-0000-000000000001", AAD_APP_OAUTH_AUTHORITY_HOST: "http://127.0.0.1:9" }).entra!;

/** A dev-mode server with the tab and the bot, as `npm start` runs it. */
const startDevServer = (host: string) => startTestServer({ config: { host, tabDir }, extend: async (app, services) => void (await registerBot(app, services, { auth: {}, startSender: false })) });
/** An Entra app configured, but no BOT_ID: only the bot is in dev mode. */
const startEntraServerWithDevBot = (host: string) =>
  startTestServer({ config: { host, entra }, extend: async (app, services) => void (await registerBot(app, services, { auth: {}, startSender: false })) });

let local: TestServer;
let remote: TestServer | undefined;
let entraLocal: TestServer;
let entraRemote: TestServer | undefined;
let token: string;

beforeAll(async () => {
  [local, entraLocal] = await Promise.all([startDevServer("127.0.0.1"), startEntraServerWithDevBot("127.0.0.1")]);
  if (externalAddress) [remote, entraRemote] = await Promise.all([startDevServer(externalAddress), startEntraServerWithDevBot(externalAddress)]);
  token = await local.tokenFor("tenant-guard", "olivia");
});
afterAll(async () => {
  await Promise.all([local?.close(), remote?.close(), entraLocal?.close(), entraRemote?.close()]);
  rmSync(tabDir, { recursive: true, force: true });
});

interface Route {
  method: string;
  path: string;
  body?: string;
  signedIn?: boolean;
  /** Its answer to a request made straight on this machine. */
  direct: number;
}

const routes: Route[] = [
  { method: "POST", path: "/api/dev/token", body: JSON.stringify({ tenantId: "tenant-guard", userId: "mallory", displayName: "Mallory" }), direct: 200 },
  { method: "GET", path: "/api/health", direct: 200 },
  { method: "GET", path: "/api/me", signedIn: true, direct: 200 },
  { method: "GET", path: "/", direct: 200 },
  { method: "GET", path: "/index.html", direct: 200 },
  { method: "GET", path: "/leads/some-lead", direct: 200 },
  { method: "POST", path: "/api/messages", body: "{}", direct: 400 },
  { method: "GET", path: "/api/no-such-thing", direct: 404 },
];

const portOf = (server: TestServer) => new URL(server.url).port;

function send(server: TestServer, route: Route, headers: Record<string, string> = {}, localAddress?: string): Promise<RawResponse> {
  return rawRequest({
    url: `${server.url}${route.path}`,
    method: route.method,
    headers: { host: `127.0.0.1:${portOf(server)}`, ...(route.signedIn ? { authorization: `Bearer ${token}` } : {}), ...headers },
    ...(route.body !== undefined ? { body: route.body } : {}),
    ...(localAddress ? { localAddress } : {}),
  });
}

/** An answer over a socket or from inject (whose headers may be numbers). */
type Answer = Omit<RawResponse, "headers"> & { headers: OutgoingHttpHeaders };

/** A refusal: 403 with our error body, a message saying why, no token and no stack trace. */
function expectRefused(response: Answer, reason: string, label: string): void {
  expect(response.status, label).toBe(403);
  expect(response.headers["content-type"], label).toMatch(/^application\/json/);
  expect(response.body?.error?.code, label).toBe("forbidden");
  expect(response.body.error.details.reason, label).toBe(reason);
  expect(response.body.error.message, label).toMatch(/development mode/);
  expect(response.text, label).not.toMatch(/"token"|at .*\.(js|ts)/);
}

const forwardingHeaders: Record<string, string> = {
  "X-Forwarded-For": "203.0.113.7",
  "X-Forwarded-Host": "crm.example",
  "X-Forwarded-Proto": "https",
  "X-Forwarded-Port": "443",
  Forwarded: "for=203.0.113.7;proto=https",
  "X-Real-IP": "203.0.113.7",
  "X-Original-Host": "abc123-3978.euw.devtunnels.ms",
  "X-Original-URL": "/api/dev/token",
  "X-Original-Proto": "https",
  "X-Client-IP": "203.0.113.7",
  Via: "1.1 proxy.example",
  "CF-Connecting-IP": "203.0.113.7",
};

describe("a dev-mode server", () => {
  it("answers requests made straight on this machine, by each of its loopback names", async () => {
    for (const route of routes) expect((await send(local, route)).status, `${route.method} ${route.path}`).toBe(route.direct);
    for (const host of ["localhost", `localhost:${portOf(local)}`, `[::1]:${portOf(local)}`, "LOCALHOST"]) {
      expect((await send(local, routes[1]!, { host })).status, host).toBe(200);
    }
    expect((await send(local, routes[1]!, { origin: "http://localhost:5173" })).status).toBe(200);
  });

  it("refuses every route to another computer, dev sign-in included", async () => {
    for (const route of routes) {
      const label = `${route.method} ${route.path}`;
      if (remote) {
        expectRefused(await send(remote, route, { host: `127.0.0.1:${portOf(remote)}` }, externalAddress), "dev_mode_remote_address", label);
      } else {
        const injected = await local.app.inject({
          method: route.method as "GET",
          url: route.path,
          remoteAddress: "203.0.113.7",
          headers: { host: "127.0.0.1", "content-type": "application/json", ...(route.signedIn ? { authorization: `Bearer ${token}` } : {}) },
          ...(route.body !== undefined ? { payload: route.body } : {}),
        });
        expectRefused({ status: injected.statusCode, headers: injected.headers, text: injected.body, body: injected.json() }, "dev_mode_remote_address", label);
      }
    }
  });

  it("refuses every route when a proxy or tunnel relayed the request, though it arrives on loopback", async () => {
    for (const route of routes) {
      for (const [header, value] of Object.entries(forwardingHeaders)) {
        const response = await send(local, route, { [header]: value });
        expectRefused(response, "dev_mode_forwarded", `${route.method} ${route.path} with ${header}`);
        expect(response.body.error.message).toMatch(new RegExp(`proxy or tunnel \\(it carries a ${header.toLowerCase()} header\\)`));
      }
    }
  });

  it("refuses every route addressed to a foreign Host (DNS rebinding), and pages of other sites", async () => {
    for (const route of routes) {
      for (const host of ["evil.example", `evil.example:${portOf(local)}`, `127.0.0.1.nip.io:${portOf(local)}`, `localhost.evil.example:${portOf(local)}`]) {
        const response = await send(local, route, { host });
        expectRefused(response, "dev_mode_foreign_host", `${route.method} ${route.path} for ${host}`);
        expect(response.body.error.message).toContain(`addressed to "${host}"`);
      }
      expectRefused(await send(local, route, { origin: "https://evil.example" }), "dev_mode_foreign_origin", `${route.method} ${route.path} from a foreign page`);
    }
  });
});

describe("the bot without BOT_ID on a server with an Entra app", () => {
  const messages = routes.find((route) => route.path === "/api/messages")!;
  const health = routes.find((route) => route.path === "/api/health")!;

  it("has no dev sign-in, and the API serves proxies and other computers (its tokens are verified)", async () => {
    expect(entraLocal.devIssuer).toBeUndefined();
    expect((await send(entraLocal, routes[0]!)).status).toBe(404);
    expect((await send(entraLocal, health, { "X-Forwarded-For": "203.0.113.7" })).status).toBe(200);
    if (entraRemote) expect((await send(entraRemote, health, { host: `127.0.0.1:${portOf(entraRemote)}` }, externalAddress)).status).toBe(200);
  });

  it("answers on this machine but refuses activities from a proxy, a tunnel, a foreign Host or another computer", async () => {
    expect((await send(entraLocal, messages)).status).toBe(400);
    for (const [header, value] of Object.entries(forwardingHeaders)) expectRefused(await send(entraLocal, messages, { [header]: value }), "dev_mode_forwarded", header);
    const rebound = await send(entraLocal, messages, { host: "evil.example" });
    expectRefused(rebound, "dev_mode_foreign_host", "foreign host");
    expect(rebound.body.error.message).toMatch(/^The bot has no Bot Framework registration \(BOT_ID is not set\)/);
    if (entraRemote) {
      expectRefused(await send(entraRemote, messages, { host: `127.0.0.1:${portOf(entraRemote)}` }, externalAddress), "dev_mode_remote_address", "another computer");
    } else {
      const injected = await entraLocal.app.inject({
        method: "POST",
        url: "/api/messages",
        remoteAddress: "203.0.113.7",
        headers: { host: "127.0.0.1", "content-type": "application/json" },
        payload: "{}",
      });
      expectRefused({ status: injected.statusCode, headers: injected.headers, text: injected.body, body: injected.json() }, "dev_mode_remote_address", "another computer (inject)");
    }
  });
});
