/**
 * The Data quality screen in a real browser against the real server (in-memory Azurite):
 * two leads share an email, so the Owner sees two findings counted under "Same email";
 * dismissing one with a reason leaves the other, and a link opens the record.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { launchChromium } from "./support/browser.js";

const tabDir = path.resolve(import.meta.dirname, "..", "..", "tabs", "dist");
const shots = path.resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");
const tenantId = "e2e-quality";
const olivia = { tenantId, userId: "olivia" };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ config: { tabDir } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the Data quality screen", () => {
  it("shows duplicates with counts, dismisses one with a reason, and opens the record", async () => {
    await server.call("GET", "/api/me", { as: olivia });
    for (const name of ["Ada Lovelace", "Ada L."]) {
      const response = await server.call("POST", "/api/leads", { as: olivia, body: { name, email: name === "Ada L." ? "ADA@example.com" : "ada@example.com" } });
      expect(response.status, response.text).toBe(201);
    }
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(server.url);
    await page.getByLabel("Tenant").fill(tenantId);
    await page.getByLabel("User id").fill("olivia");
    await page.getByLabel("Display name").fill("Olivia Owner");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Leads" }).waitFor();
    await page.getByRole("tab", { name: "Data quality" }).click();
    await page.getByRole("heading", { name: "Data quality", level: 1 }).waitFor();
    await page.getByRole("list", { name: "Open findings per rule" }).getByText("Same email: 2").waitFor();
    await page.screenshot({ path: path.join(shots, "40-data-quality.png"), fullPage: true });
    const card = page.getByRole("article", { name: "Same email as another record: Ada L." });
    await card.getByRole("button", { name: "Dismiss" }).click();
    await card.getByLabel("Why is this not a problem?").fill("Same person, second address is fine");
    await card.getByRole("button", { name: "Dismiss finding" }).click();
    await page.getByText("Dismissed: 1 other lead has the same email.").waitFor();
    await page.getByRole("list", { name: "Open findings per rule" }).getByText("Same email: 1").waitFor();
    await page.getByRole("link", { name: "Ada Lovelace" }).click();
    await page.getByRole("heading", { name: "Ada Lovelace" }).waitFor();
    expect(page.url()).toContain("#/leads/");
  });
});
