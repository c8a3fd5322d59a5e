/**
 * Responsibilities in a real browser against the real server: a Member reads the chart
 * and whom to ask, and cannot edit; an Owner moves through the matrix with the arrow
 * keys, sets a cell with a letter key, saves, and the Member sees the change; two
 * Accountables are refused in words. At 360 px the page itself does not scroll sideways
 * (the matrix scrolls in its own box).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { launchChromium } from "./support/browser.js";

const tabDir = path.resolve(import.meta.dirname, "..", "..", "tabs", "dist");
const shots = path.resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");
const tenantId = "e2e-raci";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ config: { tabDir }, workflowPollMs: 0 });
  browser = await launchChromium();
  const as = (userId: string) => ({ as: { tenantId, userId } });
  await server.call("GET", "/api/me", as("olivia"));
  const analyst = await server.call("POST", "/api/roles", { ...as("olivia"), body: { name: "Analysts", template: "data-analyst" } });
  await server.call("POST", "/api/users", { ...as("olivia"), body: { userId: "ana", displayName: "Ana Analyst", roleIds: [analyst.body.id] } });
  await server.call("POST", "/api/users", { ...as("olivia"), body: { userId: "max", displayName: "Max Member" } });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openAs(userId: string, displayName: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole("heading", { name: "Sign in to the CRM" }).waitFor();
  await page.getByLabel("Tenant").fill(tenantId);
  await page.getByLabel("User id").fill(userId);
  await page.getByLabel("Display name").fill(displayName);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Leads" }).waitFor();
  await page.getByRole("tab", { name: "Responsibilities" }).click();
  await page.getByRole("grid", { name: "Responsibilities" }).waitFor();
  return page;
}

describe("responsibilities in the tab", () => {
  it("a Member reads whom to ask; an Owner edits with the keyboard and saves; bad charts are refused in words", async () => {
    const max = await openAs("max", "Max Member", { width: 360, height: 800 });
    const grid = max.getByRole("grid", { name: "Responsibilities" });
    await grid.getByText("Ask: Ana Analyst").first().waitFor();
    expect(await max.getByRole("button", { name: "Save changes" }).count()).toBe(0);
    expect(await max.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await max.screenshot({ path: path.join(shots, "raci-member-360.png") });

    const olivia = await openAs("olivia", "Olivia Owner");
    const everyone = olivia.getByRole("button", { name: "Data cleanup, Everyone: Informed" });
    await everyone.focus();
    await olivia.keyboard.press("ArrowRight");
    await olivia.keyboard.press("ArrowRight");
    const focused = await olivia.evaluate(() => document.activeElement?.getAttribute("aria-label"));
    expect(focused).toBe("Data cleanup, Member: no part");
    await olivia.keyboard.press("c");
    await olivia.getByRole("button", { name: "Data cleanup, Member: Consulted" }).waitFor();
    await olivia.getByRole("button", { name: "Save changes" }).click();
    await olivia.getByText("Responsibilities saved.").waitFor();

    await max.reload();
    await max.getByRole("grid", { name: "Responsibilities" }).waitFor();
    await max.getByRole("button", { name: "Data cleanup, Member: Consulted" }).waitFor();

    await olivia.getByRole("button", { name: "Data cleanup, Owner: no part" }).focus();
    await olivia.keyboard.press("a");
    await olivia.getByRole("button", { name: "Save changes" }).click();
    const alert = olivia.getByRole("alert").filter({ hasText: "Accountable roles" });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('"Data cleanup" has 2 Accountable roles (CRM Manager, Owner): exactly one role makes the final call.');
    // The refused change stays, to be put right and saved again.
    expect(await olivia.getByRole("button", { name: "Save changes" }).isEnabled()).toBe(true);
    await olivia.screenshot({ path: path.join(shots, "raci-owner.png") });
  });
});
