/**
 * Microsoft 365 Agents Playground, started by the same launcher as
 * `npm run playground`, against the real server with the bot mounted; driven
 * in headless Debian chromium: type "help", see the card.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const chromiumPath = "/usr/bin/chromium";

let server: TestServer;
let launcher: ChildProcess;
let browser: Browser;
let playgroundUrl: string;

function startPlayground(botPort: number): Promise<string> {
  launcher = spawn(process.execPath, [path.join(root, "bot", "playground", "start-playground.mjs")], {
    cwd: root,
    env: { ...process.env, PORT: String(botPort), PLAYGROUND_PORT: "0", TEAMSAPPTESTER_BROWSER: "none" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the playground did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /Agents Playground: open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    launcher.stdout!.on("data", read);
    launcher.stderr!.on("data", read);
    launcher.on("exit", (code) => reject(new Error(`the playground launcher exited (${code}):\n${output}`)));
  });
}

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error("Debian chromium is missing: apt-get install -y chromium");
  server = await startTestServer({ extend: async (app, services) => void (await registerBot(app, services, { auth: {} })) });
  playgroundUrl = await startPlayground(Number(new URL(server.url).port));
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
});

afterAll(async () => {
  await browser?.close();
  if (launcher && launcher.exitCode === null) {
    const exited = new Promise((resolve) => launcher.once("exit", resolve));
    launcher.kill("SIGTERM");
    await exited;
  }
  await server?.close();
});

describe("Agents Playground against the local bot", () => {
  it("answers help with the command card", async () => {
    const page = await browser.newPage();
    const offMachine: string[] = [];
    // Offline and local only: the playground's web fonts come from a CDN; nothing may leave this machine.
    await page.route(
      (url) => url.hostname !== "127.0.0.1",
      (route) => {
        offMachine.push(route.request().url());
        return route.abort();
      },
    );
    await page.goto(playgroundUrl, { waitUntil: "domcontentloaded" });
    const compose = page.getByRole("textbox").first();
    await compose.waitFor({ timeout: 30_000 });
    await compose.click();
    await page.keyboard.type("help");
    await page.keyboard.press("Enter");
    const card = page.locator(".ac-adaptiveCard", { hasText: "CRM bot: what you can do here" });
    await card.first().waitFor({ timeout: 30_000 });
    const text = await card.first().innerText();
    expect(text).toContain("my leads");
    expect(text).toContain("new lead [name], [company], [email]");
    expect(text).toMatch(/Signed in as .+ \(Owner\)/);
    expect(offMachine.every((url) => !url.includes("127.0.0.1"))).toBe(true);
    await page.close();
  });
});
