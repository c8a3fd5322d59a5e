/**
 * Settings → Users in a real browser: where each user came from and when they were last
 * seen, the Teams roster card with its pause switch (saved on the server), and a leaver
 * waiting in the Owners' queue under Pending reassignments. At 360 px nothing overflows.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { launchChromium } from "./support/browser.js";

const tabDir = path.resolve(import.meta.dirname, "..", "..", "tabs", "dist");
const tenantId = "e2e-roster";
const owner = { tenantId, userId: "olivia", displayName: "Olivia Owner" };
const group = "0c0c0c0c-1111-2222-3333-444444444444";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ config: { tabDir }, workflowPollMs: 0 });
  browser = await launchChromium();
  await server.call("GET", "/api/me", { as: owner });
  expect((await server.call("POST", "/api/roster/teams", { as: owner, body: { groupId: group, name: "Sales" } })).status).toBe(201);
  const outcome = await server.services.roster.handle({ tenantId, groupId: group, activityId: "e2e-1", kind: "membersAdded", members: [{ userId: "rosa", displayName: "Rosa Roster" }] });
  expect(outcome.handled).toBe(true);
  expect((await server.call("POST", "/api/users", { as: owner, body: { userId: "max", displayName: "Max Manual" } })).status).toBe(201);
  const max = { tenantId, userId: "max", displayName: "Max Manual" };
  expect((await server.call("POST", "/api/leads", { as: max, body: { name: "Ada Lovelace" } })).status).toBe(201);
  expect((await server.call("PATCH", "/api/users/max", { as: owner, body: { active: false } })).status).toBe(200);
  await server.services.leaverJobs.drain();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openUsers(width: number): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width, height: 800 } })).newPage();
  await page.goto(server.url);
  await page.getByLabel("Tenant").fill(tenantId);
  await page.getByLabel("User id").fill(owner.userId);
  await page.getByLabel("Display name").fill(owner.displayName);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Leads" }).waitFor();
  await page.getByRole("tab", { name: "Settings" }).click();
  await page.getByRole("tab", { name: "Users & roles" }).click();
  await page
    .getByRole("table", { name: "Pending reassignments" })
    .waitFor({ timeout: 10_000 })
    .catch(async (error: unknown) => {
      await page.screenshot({ path: "/tmp/roster-e2e.png", fullPage: true });
      throw error;
    });
  return page;
}

describe("Settings → Users: the Teams roster", () => {
  it("shows sources, last seen, the pending reassignment, and pauses sync on the server", async () => {
    const page = await openUsers(1280);
    const rowOf = (name: string) => page.getByRole("table", { name: "Users" }).getByRole("row").filter({ hasText: name });
    expect(await rowOf("Rosa Roster").textContent()).toContain("Teams roster");
    expect(await rowOf("Max Manual").textContent()).toContain("Added by hand");
    expect(await rowOf("Olivia Owner").textContent()).toContain("Signed in");
    expect(await rowOf("Rosa Roster").textContent()).toContain("Not yet");
    const pending = page.getByRole("table", { name: "Pending reassignments" }).getByRole("row").filter({ hasText: "Max Manual" });
    expect(await pending.textContent()).toContain("Waits for an Owner to reassign");
    expect(await page.getByText("Linked teams: Sales.").count()).toBe(1);

    await page.getByRole("switch", { name: "Follow the Teams roster" }).click();
    await page.getByRole("switch", { name: "Roster sync is paused" }).waitFor();
    expect((await server.call("GET", "/api/roster", { as: owner })).body.paused).toBe(true);

    // Who gets the next leaver's work: one person, chosen in the tab, saved on the server.
    await page.getByRole("combobox", { name: "When someone leaves, their open records and tasks go to" }).selectOption("user");
    await page.getByRole("combobox", { name: "Person" }).selectOption({ label: "Rosa Roster" });
    await page.getByRole("button", { name: "Save rule" }).click();
    await page.getByRole("status").filter({ hasText: "Saved. The next leaver's work goes by this rule." }).waitFor();
    expect((await server.call("GET", "/api/roster/reassignment-rule", { as: owner })).body).toEqual({ kind: "user", userId: "rosa" });
    await page.context().close();
  });

  it("fits 360 px without sideways scrolling of the page", async () => {
    const page = await openUsers(360);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});
