/**
 * Access governance in the tab, in a real browser against the real server (in-memory
 * Azurite): a Member asks for a role with a reason and an end date; the second Owner
 * finds it under To decide and approves it; the Member sees it approved and holds the
 * role; the requester's own inbox stays empty (four eyes). An Owner switches on a
 * conflict rule and the Users panel shows the rule's refusal; the policy editor makes a
 * role time-bound and the ask dialog then requires an end date; a manager's grant of
 * that role asks why and until when, and waits for approval.
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
const tenantId = "e2e-approvals";
const olivia = { tenantId, userId: "olivia" };

let server: TestServer;
let browser: Browser;
const roles: Record<string, string> = {};

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ config: { tabDir } });
  browser = await launchChromium();
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
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
const noHorizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
/** yyyy-mm-dd, `days` from today (UTC), as the date input takes it. */
const dateIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const readable = (date: string) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(new Date(date));

async function api(method: string, url: string, body?: unknown) {
  const response = await server.call(method, url, { as: olivia, ...(body !== undefined ? { body } : {}) });
  expect(response.status, response.text).toBeLessThan(300);
  return response.body;
}

async function openApprovals(page: Page) {
  await page.getByRole("tab", { name: "Approvals" }).click();
  await page.getByRole("heading", { name: "Approvals", level: 1 }).waitFor();
}

async function openAccessSettings(page: Page) {
  await page.getByRole("tab", { name: "Settings" }).click();
  await page.getByRole("tablist", { name: "Settings sections" }).getByRole("tab", { name: "Access governance" }).click();
  await page.getByRole("heading", { name: "Approval policies" }).waitFor();
}

describe("approvals in the tab", () => {
  it("a Member asks, the second Owner approves, the Member holds the role; conflict refusals and time-bound policies show in settings", async () => {
    // Olivia is the tenant's first user, so its Owner; Otto a second Owner; Max and Mia Members.
    const owner = await openAs("olivia", "Olivia Owner");
    roles.manager = (await api("POST", "/api/roles", { name: "Sales Manager", template: "sales-manager" })).id;
    roles.lead = (await api("POST", "/api/roles", { name: "Support Lead", template: "sales-rep" })).id;
    roles.builder = (await api("POST", "/api/roles", { name: "Workflow Builder", template: "sales-rep", config: ["workflows"] })).id;
    roles.approver = (await api("POST", "/api/roles", { name: "Access Approver", template: "sales-rep", config: ["approveAccess"] })).id;
    await api("POST", "/api/users", { userId: "otto", displayName: "Otto Owner", roleIds: ["owner"] });
    await api("POST", "/api/users", { userId: "mia", displayName: "Mia Member", roleIds: [roles.builder] });
    const max = await openAs("max", "Max Member");

    // Max asks for Sales Manager with a reason and an end date.
    await openApprovals(max);
    await max.getByText("Nothing waits for your decision.").waitFor();
    expect(await max.getByRole("tab", { name: "History" }).count()).toBe(0);
    await max.getByRole("button", { name: "Ask for a role" }).click();
    const ask = max.getByRole("dialog", { name: "Ask for a role" });
    await ask.getByRole("combobox", { name: "Role" }).click();
    // Member and the roles Max holds are not offered.
    expect(await max.getByRole("option", { name: "Member" }).count()).toBe(0);
    await max.getByRole("option", { name: "Sales Manager" }).click();
    await ask.getByText("An Owner approves; a reason is needed; may be permanent.").waitFor();
    await ask.getByLabel("Why is this access needed?").fill("Covering Q4 renewals while Sam is away");
    await ask.getByText("38 / 1000 characters").waitFor();
    const endsAt = dateIn(20);
    await ask.getByLabel("End date").fill(endsAt);
    await shot(max, "40-member-ask-for-role");
    await ask.getByRole("button", { name: "Send request" }).click();
    await ask.waitFor({ state: "detached" });
    await max.getByText("You asked for Sales Manager. It waits for approval.").waitFor();
    const mine = max.getByRole("article", { name: "Sales Manager for Max Member" });
    await mine.getByText("Waiting", { exact: true }).waitFor();
    await mine.getByText(readable(endsAt)).waitFor();
    // Four eyes: the requester's own inbox stays empty.
    await max.getByRole("tab", { name: "To decide" }).click();
    await max.getByText("Nothing waits for your decision.").waitFor();

    // Otto, the second Owner, finds it under To decide with everything he needs to decide.
    const otto = await openAs("otto", "Otto Owner");
    await openApprovals(otto);
    const waiting = otto.getByRole("article", { name: "Sales Manager for Max Member" });
    await waiting.getByText("Covering Q4 renewals while Sam is away").waitFor();
    await waiting.getByText(readable(endsAt)).waitFor();
    await waiting.getByText("No decisions yet.").waitFor();
    await waiting.getByLabel("Comment (optional)").fill("Fine for the quarter");
    await shot(otto, "41-owner-to-decide");
    await waiting.getByRole("button", { name: "Approve" }).click();
    await otto.getByText("Max Member now has Sales Manager.").waitFor();
    await otto.getByText("Nothing waits for your decision.").waitFor();
    // The History lists it with its decider and comment.
    await otto.getByRole("tab", { name: "History" }).click();
    await otto
      .getByRole("article", { name: "Sales Manager for Max Member" })
      .getByText(/Otto Owner approved on .*: “Fine for the quarter”/)
      .waitFor();

    // Max sees it approved, and holds the role.
    await max.getByRole("tab", { name: "My requests" }).click();
    await mine.getByText("Approved", { exact: true }).waitFor();
    await mine.getByText(/Max Member holds Sales Manager since/).waitFor();
    expect((await api("GET", "/api/users")).items.find((user: { userId: string }) => user.userId === "max").roleIds).toContain(roles.manager);
    await shot(max, "42-member-my-requests-approved");

    // At 360 px the page fits.
    const narrow = await openAs("max", "Max Member", { width: 360, height: 800 });
    await openApprovals(narrow);
    await narrow.getByRole("tab", { name: "My requests" }).click();
    await narrow.getByRole("article", { name: "Sales Manager for Max Member" }).waitFor();
    expect(await noHorizontalOverflow(narrow)).toBeLessThanOrEqual(0);
    await shot(narrow, "43-member-approvals-360");
    // Teams dark and high contrast: the page follows the colour scheme and forced colours (Fluent tokens).
    await narrow.emulateMedia({ colorScheme: "dark" });
    await shot(narrow, "43-member-approvals-360-dark");
    await narrow.emulateMedia({ colorScheme: "light", forcedColors: "active" });
    await narrow.getByRole("article", { name: "Sales Manager for Max Member" }).getByText("Approved", { exact: true }).waitFor();
    await shot(narrow, "43-member-approvals-360-contrast");

    // Olivia switches on "Workflows and access approvals"; giving Mia (a Workflow Builder) Access Approver is refused with the rule's message.
    await openAccessSettings(owner);
    await owner.getByText("Nobody holds conflicting powers.").waitFor();
    // The switch follows what the server saved, so it is clicked, then read.
    await owner.getByRole("switch", { name: "Workflows and access approvals is on" }).click();
    await owner.getByText("“Workflows and access approvals” is on.").waitFor();
    await expect.poll(() => owner.getByRole("switch", { name: "Workflows and access approvals is on" }).isChecked()).toBe(true);
    await owner.getByRole("tablist", { name: "Settings sections" }).getByRole("tab", { name: "Users & roles" }).click();
    // The approved grant is time-bound: its end shows beside the role.
    await owner.getByText(`Sales Manager until ${readable(endsAt)}`).waitFor();
    await owner.getByRole("combobox", { name: "Roles of Mia Member" }).click();
    // A multiselect's options are menu item checkboxes.
    await owner.getByRole("menuitemcheckbox", { name: "Access Approver" }).click();
    await owner
      .getByRole("alert")
      .getByText(
        'The role Access Approver cannot be given: it breaks the separation-of-duties rule "Workflows and access approvals". Whoever builds workflows could give a workflow roles and then approve their own access.',
      )
      .waitFor();
    await owner.keyboard.press("Escape");
    await shot(owner, "44-owner-conflict-refused");
    expect((await api("GET", "/api/users")).items.find((user: { userId: string }) => user.userId === "mia").roleIds).toEqual([roles.builder]);

    // The policy editor makes Support Lead time-bound (at most 30 days).
    await openAccessSettings(owner);
    await owner.getByRole("button", { name: "Edit the approval policy for Support Lead" }).click();
    const editor = owner.getByRole("group", { name: "Approval policy for Support Lead" });
    await editor.getByRole("switch", { name: "Needs approval" }).check();
    await editor.getByRole("switch", { name: "Permanent allowed" }).uncheck();
    await editor.getByLabel("Longest grant in days").fill("30");
    await owner.getByRole("button", { name: "Save policy for Support Lead" }).click();
    await owner.getByText("The approval policy for Support Lead is saved.").waitFor();
    await owner.getByText("An Owner approves; a reason is needed; at most 30 days.").waitFor();
    await shot(owner, "45-owner-access-governance");

    // Asking for it now requires an end date.
    await max.getByRole("button", { name: "Ask for a role" }).click();
    await ask.getByRole("combobox", { name: "Role" }).click();
    await max.getByRole("option", { name: "Support Lead" }).click();
    await ask.getByText("An Owner approves; a reason is needed; at most 30 days.").waitFor();
    await ask.getByLabel("Why is this access needed?").fill("Support rota in December");
    await ask.getByRole("button", { name: "Send request" }).click();
    await ask.getByText("This role is given for at most 30 days: choose an end date.").waitFor();
    expect(await ask.getByLabel("End date").getAttribute("aria-invalid")).toBe("true");
    expect(await ask.getByLabel("End date").getAttribute("max")).toBe(dateIn(30));
    // Beyond the longest grant: the server's field problem shows beside the field.
    await ask.getByLabel("End date").fill(dateIn(45));
    await ask.getByRole("button", { name: "Send request" }).click();
    await ask.getByText("This role is given for at most 30 days.", { exact: true }).waitFor();
    await ask.getByLabel("End date").fill(dateIn(10));
    await ask.getByRole("button", { name: "Send request" }).click();
    await ask.waitFor({ state: "detached" });
    await max.getByRole("article", { name: "Support Lead for Max Member" }).getByText("Waiting", { exact: true }).waitFor();

    // A manager giving Support Lead is asked why and until when in the same flow; the role waits for approval.
    await owner.getByRole("tablist", { name: "Settings sections" }).getByRole("tab", { name: "Users & roles" }).click();
    await owner.getByRole("combobox", { name: "Roles of Mia Member" }).click();
    await owner.getByRole("menuitemcheckbox", { name: "Support Lead" }).click();
    const reason = owner.getByRole("dialog", { name: "Giving Support Lead to Mia Member needs approval" });
    await reason.getByLabel("Why is this access needed?").fill("Cover for the December rota");
    await reason.getByLabel("End date").fill(dateIn(14));
    await reason.getByRole("button", { name: "Ask for approval" }).click();
    await owner.getByText("Support Lead waits for approval.").waitFor();
    expect((await api("GET", "/api/users")).items.find((user: { userId: string }) => user.userId === "mia").roleIds).toEqual([roles.builder]);
  });
});
