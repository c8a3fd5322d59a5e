/**
 * Workflows in the tab, in a real browser against the real server (in-memory Azurite,
 * the workflow worker polling every second): an Owner creates "round-robin new leads"
 * from its template over two Members and builds a follow-up workflow in the editor
 * (a problem the server finds lands on its control); a lead the Owner creates goes to
 * a Member, who finds the follow-up under My tasks; the runs show in the workflow's
 * history and on the lead; a Member sees no Workflows settings, even by deep link.
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
const tenantId = "e2e-workflows";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ config: { tabDir }, workflowPollMs: 200 });
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

async function openWorkflowSettings(page: Page) {
  await page.getByRole("tab", { name: "Settings" }).click();
  await page.getByRole("tablist", { name: "Settings sections" }).getByRole("tab", { name: "Workflows" }).click();
  await page.getByRole("heading", { name: "Workflows", level: 2 }).waitFor();
}

describe("workflows in the tab", () => {
  it("Owner builds round-robin from the template and a follow-up in the editor; a new lead goes to a Member with a task; runs show; Members see no workflow settings", async () => {
    const owner = await openAs("olivia", "Olivia Owner");
    // Two Members (signing in once makes them users of the tenant).
    const members = { max: "Max Member", mia: "Mia Member" } as Record<string, string>;
    for (const [userId, displayName] of Object.entries(members)) expect((await server.call("GET", "/api/me", { as: { tenantId, userId, displayName } })).status).toBe(200);
    await owner.reload();
    await owner.getByRole("heading", { name: "Leads" }).waitFor();

    await openWorkflowSettings(owner);
    await owner.getByText(/No workflows yet/).waitFor();
    await shot(owner, "20-owner-workflows-empty");

    // From the template, over the two Members.
    await owner.getByRole("button", { name: "Start from a template" }).click();
    const dialog = owner.getByRole("dialog");
    await dialog.getByRole("radio", { name: "Round-robin new leads" }).check();
    await dialog.getByRole("checkbox", { name: "Max Member" }).check();
    await dialog.getByRole("checkbox", { name: "Mia Member" }).check();
    await shot(owner, "21-owner-workflow-template");
    await dialog.getByRole("button", { name: "Create workflow" }).click();
    await owner.getByRole("heading", { name: "Round-robin new leads" }).waitFor();
    await owner.getByRole("region", { name: "In plain words" }).getByText("Assign in turn among Max Member, Mia Member (inactive users skipped)").waitFor();
    await shot(owner, "22-owner-workflow-round-robin");

    // A follow-up built in the editor: when a lead is given to someone, they get a task.
    await owner.getByRole("button", { name: "← All workflows" }).click();
    await owner.getByRole("button", { name: "New workflow" }).click();
    await owner.getByRole("textbox", { name: /^Name/ }).fill("Follow up assigned leads");
    await owner.getByRole("combobox", { name: "When a lead…" }).selectOption({ label: "is given to someone" });
    await owner.getByRole("button", { name: "Add action" }).click();
    await owner.getByRole("combobox", { name: "Action 1: what to do" }).selectOption({ label: "Create a task or reminder" });
    const title = owner.getByRole("textbox", { name: "Action 1: title" });
    await title.fill("");
    await owner.getByRole("button", { name: "Save workflow" }).click();
    // The server's problem is shown on that control, which gets the focus.
    await expect.poll(() => title.getAttribute("aria-invalid")).toBe("true");
    await expect.poll(() => title.evaluate((element) => element === document.activeElement)).toBe(true);
    await owner.getByText("The workflow cannot be saved yet:").waitFor();
    await shot(owner, "23-owner-workflow-editor-field-error");
    await title.fill("Call {record} today");
    await owner.getByRole("button", { name: "Save workflow" }).click();
    await owner.getByText("“Follow up assigned leads” is saved and on.").waitFor();
    expect(await title.getAttribute("aria-invalid")).not.toBe("true");

    // The Owner creates a lead; the worker gives it to a Member.
    await owner.getByRole("tab", { name: "Leads" }).click();
    await owner.getByRole("button", { name: "New lead" }).click();
    const leadDialog = owner.getByRole("dialog");
    await leadDialog.getByLabel("Name").fill("Tailspin web enquiry");
    await leadDialog.getByRole("button", { name: "Create lead" }).click();
    await leadDialog.waitFor({ state: "detached" });
    let assignee = "";
    await expect
      .poll(
        async () => {
          const page = await server.call("GET", "/api/leads?owner=all", { as: { tenantId, userId: "olivia" } });
          assignee = page.body.items.find((lead: { name: string }) => lead.name === "Tailspin web enquiry")?.ownerId ?? "";
          return assignee;
        },
        { timeout: 20_000 },
      )
      .toMatch(/^(max|mia)$/);

    // Both workflows ran on it: the round-robin, then the follow-up its assignment started.
    const leadId = (await server.call("GET", "/api/leads?owner=all", { as: { tenantId, userId: "olivia" } })).body.items.find((lead: { name: string }) => lead.name === "Tailspin web enquiry").id;
    await expect
      .poll(
        async () => {
          const runs = await server.call("GET", `/api/workflow-runs?entity=lead&recordId=${leadId}`, { as: { tenantId, userId: "olivia" } });
          return runs.body.items.map((run: { workflowName: string; status: string }) => `${run.workflowName}: ${run.status}`).sort();
        },
        { timeout: 20_000 },
      )
      .toEqual(["Follow up assigned leads: done", "Round-robin new leads: done"]);

    // The lead's detail shows who has it and the workflow runs that touched it.
    await owner.getByRole("link", { name: "Tailspin web enquiry" }).click();
    await owner.getByRole("heading", { name: "Tailspin web enquiry" }).waitFor();
    const runs = owner.getByRole("region", { name: "Workflow runs" });
    await runs.getByText("Follow up assigned leads").waitFor();
    await owner.getByText(`owned by ${members[assignee]}`).waitFor();
    await runs.getByText("Round-robin new leads").waitFor();
    await shot(owner, "24-owner-lead-workflow-runs");

    // The run in the workflow's history, and both workflows in the list.
    await openWorkflowSettings(owner);
    const list = owner.getByRole("list", { name: "Workflows" });
    await list.getByRole("button", { name: "Follow up assigned leads" }).waitFor();
    await shot(owner, "25-owner-workflows-list");
    await list.getByRole("button", { name: "Round-robin new leads" }).click();
    const history = owner.getByRole("region", { name: "Runs" });
    await history.getByText(`assigned to ${assignee}`, { exact: false }).waitFor();
    await history.getByText("Done", { exact: true }).first().waitFor();

    // A dry run on the lead: it would assign again, in turn; nothing changes.
    await owner.getByRole("combobox", { name: "Lead", exact: true }).selectOption({ label: "Tailspin web enquiry" });
    await owner.getByRole("button", { name: "Dry run" }).click();
    await owner.getByRole("region", { name: "Dry run result" }).getByText("It would run:").waitFor();
    await shot(owner, "26-owner-workflow-history-dry-run");

    // Failed runs and the case workflow render for the Owner.
    await owner.getByRole("tab", { name: "Failed runs" }).click();
    await owner.getByText(/No failed runs/).waitFor();
    await owner.getByRole("tab", { name: "Case workflow" }).click();
    await owner.getByRole("heading", { name: "Allowed moves" }).waitFor();
    await shot(owner, "27-owner-case-workflow");

    // The Member who got the lead finds the follow-up under My tasks.
    const member = await openAs(assignee, members[assignee]!);
    await member.getByRole("link", { name: "Tailspin web enquiry" }).waitFor();
    expect(await member.getByRole("tab", { name: "Settings" }).count()).toBe(0);
    await member.getByRole("tab", { name: "My tasks" }).click();
    const task = member.getByRole("checkbox", { name: "Call Tailspin web enquiry today: done" });
    await task.waitFor();
    await shot(member, "28-member-my-tasks");
    await task.click();
    await member.getByRole("heading", { name: "To do (0)" }).waitFor();

    // A Member sees no workflow settings, not even by deep link, and the API refuses them.
    await member.goto(`${server.url}/#/settings/workflows`);
    await member.getByText("You have no configuration permissions.").waitFor();
    expect(await member.getByRole("tab", { name: "Workflows" }).count()).toBe(0);
    expect(await member.getByRole("button", { name: "New workflow" }).count()).toBe(0);
    expect((await server.call("GET", "/api/config/workflows", { as: { tenantId, userId: assignee } })).status).toBe(403);
    await shot(member, "29-member-no-workflow-settings");

    // 320 px: the Owner's editor and the Member's tasks fit without sideways scrolling.
    const narrowOwner = await openAs("olivia", "Olivia Owner", { width: 320, height: 640 });
    await openWorkflowSettings(narrowOwner);
    await narrowOwner.getByRole("list", { name: "Workflows" }).getByRole("button", { name: "Follow up assigned leads" }).click();
    await narrowOwner.getByRole("textbox", { name: "Action 1: title" }).waitFor();
    expect(await noHorizontalOverflow(narrowOwner)).toBeLessThanOrEqual(0);
    await shot(narrowOwner, "30-owner-workflow-editor-320px");
    const narrowMember = await openAs(assignee, members[assignee]!, { width: 320, height: 640 });
    await narrowMember.goto(`${server.url}/#/tasks`);
    await narrowMember.getByRole("heading", { name: "My tasks" }).waitFor();
    await narrowMember.getByRole("switch", { name: /Show done/ }).check();
    await narrowMember.getByText("Call Tailspin web enquiry today").waitFor();
    expect(await noHorizontalOverflow(narrowMember)).toBeLessThanOrEqual(0);
    await shot(narrowMember, "31-member-my-tasks-320px");
  });
});
