/**
 * Step-up sign-in in a real browser, dev mode with the step-up policy on: an Owner
 * changes a user's roles, the tab asks "Confirm it's you"; Cancel (Escape) leaves the
 * roles as they were and says so, Confirm signs in again with the dev multi-factor flag
 * and the change is saved. In a dark browser theme too.
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
const tenantId = "e2e-step-up";
const owner = { tenantId, userId: "olivia", displayName: "Olivia Owner" };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ config: { tabDir, stepUp: { maxAuthAgeMinutes: 15, authorizationUri: "/api/dev/token" } } });
  browser = await launchChromium();
  // The founder becomes the Owner; adding a Member grants no role, so it needs no step-up.
  await server.call("GET", "/api/me", { as: owner });
  expect((await server.call("POST", "/api/users", { as: owner, body: { userId: "max", displayName: "Max Member" } })).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function maxRoles(): Promise<string[]> {
  const users = await server.call("GET", "/api/users", { as: owner });
  return users.body.items.find((user: { userId: string }) => user.userId === "max").roleIds;
}

async function openUsersAsOwner(colorScheme: "light" | "dark"): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByLabel("Tenant").fill(tenantId);
  await page.getByLabel("User id").fill(owner.userId);
  await page.getByLabel("Display name").fill(owner.displayName);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Leads" }).waitFor();
  await page.getByRole("tab", { name: "Settings" }).click();
  await page.getByRole("tab", { name: "Users & roles" }).click();
  await page.getByRole("combobox", { name: "Roles of Max Member" }).waitFor();
  return page;
}

async function chooseRole(page: Page, role: string) {
  await page.getByRole("combobox", { name: "Roles of Max Member" }).click();
  // A multiselect dropdown lists its options as checkboxes in a menu.
  await page.getByRole("menuitemcheckbox", { name: role, exact: true }).click();
}

describe("step-up sign-in in the tab", () => {
  it("asks to confirm a role change: Cancel leaves it unchanged, Confirm saves it", async () => {
    const page = await openUsersAsOwner("light");

    await chooseRole(page, "Owner");
    const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
    await dialog.waitFor();
    await dialog.getByText("This change needs a recent multi-factor sign-in. Nothing is saved until you confirm.").waitFor();
    // After Fluent's opening animation, for the screenshot.
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(shots, "30-step-up-confirm.png") });
    // Keyboard: focus is inside the dialog, and Escape cancels.
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    await page.getByText(/^Nothing was changed: .*confirm it's you/).waitFor();
    expect(await maxRoles()).toEqual(["member"]);
    await expect.poll(() => page.getByRole("combobox", { name: "Roles of Max Member" }).textContent()).toBe("Member");

    await chooseRole(page, "Owner");
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Confirm" }).click();
    await page.getByText("Max Member updated.").waitFor();
    expect(await maxRoles()).toEqual(["member", "owner"]);
    await page.context().close();
  });

  it("shows the dialog in a dark theme, and Cancel by its button leaves the roles as they are", async () => {
    const page = await openUsersAsOwner("dark");
    await chooseRole(page, "Owner");
    const dialog = page.getByRole("dialog", { name: "Confirm it's you" });
    await dialog.waitFor();
    const colors = await dialog.evaluate((element) => {
      const style = getComputedStyle(element);
      return { background: style.backgroundColor, text: style.color };
    });
    expect(colors.background).not.toBe("rgb(255, 255, 255)");
    await page.screenshot({ path: path.join(shots, "31-step-up-confirm-dark.png") });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await page.getByText(/^Nothing was changed/).waitFor();
    expect(await maxRoles()).toEqual(["member", "owner"]);
    await page.context().close();
  });
});
