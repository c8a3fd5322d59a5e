/**
 * The tab under its Content-Security-Policy in real Chromium: the headers arrive, a
 * sign-in and the main screens (lists, a record, the board, the dashboard's charts,
 * settings, the auth pages with their Entra redirect) run with zero CSP violations,
 * and Fluent's styles (Griffel) are applied. Framing: a page of another origin
 * cannot frame the tab (nor the API); Teams, Outlook and Microsoft 365 can.
 * Chromium's --host-resolver-rules gives a local page those hosts' names, so this
 * runs offline: plain http for outlook.office.com and www.microsoft365.com;
 * teams.microsoft.com is on Chromium's HSTS preload list (always https), so it gets
 * a certificate made here by openssl, which this browser context accepts.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tabContentSecurityPolicy } from "@crm/shared/api";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { launchChromium } from "./support/browser.js";

const tabDir = path.resolve(import.meta.dirname, "..", "..", "tabs", "dist");

let server: TestServer;
let framer: Server;
let secureFramer: Server;
let framerPort: number;
let browser: Browser;
const certificateDir = mkdtempSync(path.join(tmpdir(), "crm-teams-cert-"));

/** A page that frames whatever `?src=` names: the stand-in for Teams, and for a hostile site. */
function framingPage(request: IncomingMessage, response: ServerResponse): void {
  const src = new URL(request.url ?? "/", "http://framer").searchParams.get("src") ?? "";
  response.writeHead(200, { "content-type": "text/html" });
  response.end(`<!doctype html><title>host</title><iframe id="tab" title="tab" width="1200" height="800" src="${src.replace(/"/g, "&quot;")}"></iframe>`);
}

function selfSignedCertificate(hostname: string): { key: Buffer; cert: Buffer } {
  const key = path.join(certificateDir, "key.pem");
  const cert = path.join(certificateDir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", `/CN=${hostname}`, "-addext", `subjectAltName=DNS:${hostname}`], {
    stdio: "ignore",
  });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

const listen = (listener: Server): Promise<number> => new Promise((resolve) => listener.listen(0, "127.0.0.1", () => resolve((listener.address() as AddressInfo).port)));

beforeAll(async () => {
  server = await startTestServer({ config: { tabDir } });
  framer = createServer(framingPage);
  secureFramer = createHttpsServer(selfSignedCertificate("teams.microsoft.com"), framingPage);
  framerPort = await listen(framer);
  const securePort = await listen(secureFramer);
  const names = ["outlook.office.com", "www.microsoft365.com", "evil.example", "teams.microsoft.com.evil.example"].map((name) => `MAP ${name}:80 127.0.0.1:${framerPort}`);
  browser = await launchChromium([`--host-resolver-rules=${[...names, `MAP teams.microsoft.com:443 127.0.0.1:${securePort}`].join(", ")}`]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([framer, secureFramer].map((listener) => new Promise((resolve) => (listener ? listener.close(resolve) : resolve(undefined)))));
  await server?.close();
  rmSync(certificateDir, { recursive: true, force: true });
});

/** Collects CSP violations in every frame (securitypolicyviolation events) and "Refused to" console messages. */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  // The certificate of the stand-in for teams.microsoft.com is made here: accept it.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ignoreHTTPSErrors: true });
  const violations: string[] = [];
  await context.exposeBinding("reportCspViolation", (_source, text: string) => void violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      void (window as unknown as { reportCspViolation(text: string): Promise<void> }).reportCspViolation(`${event.violatedDirective}: ${event.blockedURI} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  const page = await context.newPage();
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  return { page, violations };
}

async function signIn(page: Page, tenantId: string, userId: string, displayName: string): Promise<void> {
  await page.getByRole("heading", { name: "Sign in to the CRM" }).waitFor();
  await page.getByLabel("Tenant").fill(tenantId);
  await page.getByLabel("User id").fill(userId);
  await page.getByLabel("Display name").fill(displayName);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Leads" }).waitFor();
}

/** How many CSS rules Fluent's style engine (Griffel) and FluentProvider put in their style elements. */
const insertedCssRules = (page: Page) => page.evaluate(() => [...document.querySelectorAll("style")].reduce((total, style) => total + (style.sheet?.cssRules.length ?? 0), 0));

describe("the tab under its Content-Security-Policy", () => {
  it("arrives with its headers, and a sign-in and the main screens run with zero CSP violations", async () => {
    const { page, violations } = await watchedPage();
    const response = await page.goto(server.url);
    const headers = response!.headers();
    expect(headers["content-security-policy"]).toBe(tabContentSecurityPolicy);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"]).toBeUndefined();

    await signIn(page, "e2e-csp", "olivia", "Olivia Owner");
    // A reload revalidates index.html (304): the tab keeps its own policy and runs again.
    await page.reload();
    await page.getByRole("heading", { name: "Leads" }).waitFor();
    // Styled by Fluent: its rules are in the page, and a primary button is not the browser's grey.
    expect(await insertedCssRules(page)).toBeGreaterThan(100);
    const newLead = page.getByRole("button", { name: "New lead" });
    expect(await newLead.evaluate((element) => getComputedStyle(element).borderRadius)).not.toBe("0px");
    await newLead.click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Contoso under CSP");
    await dialog.getByRole("button", { name: "Create lead" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("link", { name: "Contoso under CSP" }).click();
    await page.getByRole("heading", { name: "Contoso under CSP" }).waitFor();

    await page.getByRole("tab", { name: "Opportunities" }).click();
    await page.getByRole("tab", { name: "Board", exact: true }).click();
    await page.getByRole("tab", { name: "Cases" }).click();
    await page.getByRole("tab", { name: "Dashboard" }).click();
    await page.getByRole("img", { name: /Leads by status/ }).waitFor();
    await page.getByRole("tab", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    await page.getByRole("tab", { name: "My tasks" }).click();

    // The auth pages: auth-start.html stores a state and leaves for Entra (answered here), auth-end.html checks it.
    await page.route(/^https:\/\/login\.microsoftonline\.com\//, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<p>Entra</p>" }));
    let authorize: URL | undefined;
    page.on("request", (request) => {
      if (request.url().startsWith("https://login.microsoftonline.com/")) authorize = new URL(request.url());
    });
    await page.goto(`${server.url}/auth-start.html?clientId=11111111-2222-4333-8444-555555555555&tenantId=aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee`);
    await expect.poll(() => authorize?.searchParams.get("state")).toBeTruthy();
    const authEnd = await page.goto(`${server.url}/auth-end.html?code=abc&state=${authorize!.searchParams.get("state")}`);
    expect(authEnd!.headers()["content-security-policy"]).toBe(tabContentSecurityPolicy);
    await expect.poll(() => page.getByRole("status").textContent(), { timeout: 8000 }).toBe("Signed in. You can close this window.");

    expect(violations).toEqual([]);
    await page.context().close();
  });
});

/** The tab's frame on a host page, once it has loaded or failed. */
async function framedTab(page: Page, hostUrl: string, src: string): Promise<Frame> {
  await page.goto(`${hostUrl}/?src=${encodeURIComponent(src)}`);
  const element = await page.waitForSelector("#tab");
  const frame = await element.contentFrame();
  await frame!.waitForLoadState("load").catch(() => undefined);
  return frame!;
}

describe("framing", () => {
  for (const host of ["https://teams.microsoft.com", "http://outlook.office.com", "http://www.microsoft365.com"]) {
    it(`${host} can frame the tab`, async () => {
      const { page, violations } = await watchedPage();
      const frame = await framedTab(page, host, server.url);
      // Outside Teams, teams-js does not answer in a frame: after its ~3 s the tab runs as a web page.
      await frame.getByRole("heading", { name: "Sign in to the CRM" }).waitFor({ timeout: 15_000 });
      expect(violations).toEqual([]);
      await page.context().close();
    });
  }

  for (const [name, host] of [
    ["a site of another name (evil.example)", () => "http://evil.example"],
    ["a look-alike name (teams.microsoft.com.evil.example)", () => "http://teams.microsoft.com.evil.example"],
    ["a page on another port of this machine", () => `http://127.0.0.1:${framerPort}`],
  ] as const) {
    it(`${name} cannot frame the tab, nor the API`, async () => {
      const { page, violations } = await watchedPage();
      for (const src of [server.url, `${server.url}/leads`, `${server.url}/api/health`]) {
        const frame = await framedTab(page, host(), src);
        await expect.poll(() => violations.some((text) => /frame-ancestors/.test(text)), { timeout: 10_000 }).toBe(true);
        expect(frame.url()).not.toBe(src);
        expect(await frame.getByRole("heading", { name: "Sign in to the CRM" }).count()).toBe(0);
        expect(await frame.evaluate(() => document.body?.innerText ?? "").catch(() => "")).not.toMatch(/Sign in to the CRM|"status"/);
        violations.length = 0;
      }
      await page.context().close();
    });
  }
});
