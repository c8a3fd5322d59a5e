/**
 * Every response carries nosniff and a referrer policy; the tab (its pages, the
 * index.html fallback, the auth pages, its files, and a 304 revalidating them) carries
 * the tab's CSP, whose frame-ancestors names only ourselves and Microsoft's Teams /
 * Microsoft 365 / Outlook hosts; the API (JSON, errors, 404s, the bot) a CSP that lets
 * nothing run or frame it.
 * Never X-Frame-Options or Cross-Origin-Opener-Policy (they would break the tab in
 * Teams and its sign-in window). The browser's side is in tests/e2e/security-headers.spec.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBot } from "@crm/bot";
import { rawRequest } from "../support/raw-request.js";
import type { RawResponse } from "../support/raw-request.js";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const tabDir = mkdtempSync(path.join(tmpdir(), "crm-headers-tab-"));
for (const page of ["index.html", "auth-start.html", "auth-end.html"]) writeFileSync(path.join(tabDir, page), `<!doctype html><title>${page}</title>`);
mkdirSync(path.join(tabDir, "assets"));
writeFileSync(path.join(tabDir, "assets", "app.js"), "export {};");
writeFileSync(path.join(tabDir, "assets", "app.css"), "body{}");

const tabPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='; img-src 'self'; font-src 'self'; connect-src 'self' https://res.cdn.office.net; object-src 'none'; base-uri 'none'; form-action 'self'; " +
  "frame-ancestors 'self' *.cloud.microsoft teams.microsoft.com *.teams.microsoft.com *.microsoft365.com *.office.com outlook.office.com outlook.office365.com outlook-sdf.office.com outlook-sdf.office365.com";
const apiPolicy = "default-src 'none'; frame-ancestors 'none'";

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer({ config: { tabDir }, extend: async (app, services) => void (await registerBot(app, services, { auth: {}, startSender: false })) });
  token = await server.tokenFor("tenant-headers", "olivia");
});
afterAll(async () => {
  await server?.close();
  rmSync(tabDir, { recursive: true, force: true });
});

const get = (pathname: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) => rawRequest({ url: `${server.url}${pathname}`, ...options });

function expectHeaders(response: RawResponse, policy: string, label: string): void {
  expect(response.headers["x-content-type-options"], label).toBe("nosniff");
  expect(response.headers["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(response.headers["content-security-policy"], label).toBe(policy);
  expect(response.headers["x-frame-options"], label).toBeUndefined();
  expect(response.headers["cross-origin-opener-policy"], label).toBeUndefined();
}

describe("security headers", () => {
  it("the tab's pages, its index.html fallback, its files and HEAD requests carry the tab's policy", async () => {
    for (const pathname of ["/", "/index.html", "/leads/some-lead", "/settings", "/auth-start.html?clientId=x", "/auth-end.html"]) {
      const response = await get(pathname);
      expect(response.status, pathname).toBe(200);
      expect(response.headers["content-type"], pathname).toMatch(/^text\/html/);
      expectHeaders(response, tabPolicy, pathname);
    }
    for (const pathname of ["/assets/app.js", "/assets/app.css"]) expectHeaders(await get(pathname), tabPolicy, pathname);
    expectHeaders(await get("/", { method: "HEAD" }), tabPolicy, "HEAD /");
  });

  it("a reload's 304 for the tab keeps the tab's policy (a 304's headers replace the cached page's)", async () => {
    for (const pathname of ["/", "/index.html", "/assets/app.js"]) {
      const first = await get(pathname);
      const etag = first.headers.etag as string;
      expect(etag, pathname).toBeTruthy();
      const revalidated = await get(pathname, { headers: { "if-none-match": etag } });
      expect(revalidated.status, pathname).toBe(304);
      expectHeaders(revalidated, tabPolicy, `304 ${pathname}`);
    }
  });

  it("API answers, errors and 404s carry the policy that lets nothing run or frame them", async () => {
    const cases: [string, Promise<RawResponse>, number][] = [
      ["API JSON", get("/api/health"), 200],
      ["signed-in API JSON", get("/api/me", { headers: { authorization: `Bearer ${token}` } }), 200],
      ["OpenAPI", get("/api/openapi.json"), 200],
      ["401", get("/api/me"), 401],
      ["400 bad JSON", get("/api/leads", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{" }), 400],
      ["400 bad address", get("/api/leads/%E0%A4%A"), 400],
      ["403 dev mode guard", get("/api/health", { headers: { "x-forwarded-for": "203.0.113.7" } }), 403],
      ["404 API", get("/api/no-such-thing"), 404],
      ["415", get("/api/leads", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" }, body: "x" }), 415],
      ["bot", get("/api/messages", { method: "POST", body: "{}" }), 400],
    ];
    for (const [label, pending, status] of cases) {
      const response = await pending;
      expect(response.status, label).toBe(status);
      expectHeaders(response, apiPolicy, label);
    }
  });
});
