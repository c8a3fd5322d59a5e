/**
 * An access review in a real browser against the real server: an Owner starts a
 * review of everyone; a second Owner opens it from the navigation, removes a
 * departed analyst's role with a comment, cannot decide about themselves, and the
 * change shows in the Users list; the first Owner sees the progress. At 360 px the
 * review fits without scrolling sideways.
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
const tenantId = "e2e-reviews";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await startTestServer({ config: { tabDir }, workflowPollMs: 0 });
  browser = await launchChromium();
  const as = (userId: string) => ({ as: { tenantId, userId } });
  await server.call("GET", "/api/me", as("olivia"));
  const analyst = await server.call("POST", "/api/roles", { ...as("olivia"), body: { name: "Analyst", template: "data-analyst" } });
  await server.call("POST", "/api/users", { ...as("olivia"), body: { userId: "otto", displayName: "Otto Owner", roleIds: ["owner"] } });
  await server.call("POST", "/api/users", { ...as("olivia"), body: { userId: "kim", displayName: "Kim Analyst", roleIds: ["member", analyst.body.id] } });
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

describe("access reviews in the tab", () => {
  it("an Owner starts a review; another Owner removes a role with a comment, never decides about themselves; progress shows", async () => {
    const olivia = await openAs("olivia", "Olivia Owner");
    await olivia.getByRole("tab", { name: "Access reviews" }).click();
    await olivia.getByText("No access reviews yet. Start one to check who still needs which roles.").waitFor();
    await olivia.getByRole("button", { name: "Start a review" }).click();
    const dialog = olivia.getByRole("dialog");
    await dialog.getByRole("textbox", { name: /Name/ }).fill("Year-end review");
    await dialog.getByRole("button", { name: "Start review" }).click();
    await olivia.getByText("“Year-end review” started: 3 people to review. Reviewers are told in Teams.").waitFor();
    await olivia.getByRole("list", { name: "Access reviews" }).getByText("0 of 3 reviewed").waitFor();

    const otto = await openAs("otto", "Otto Owner", { width: 360, height: 800 });
    await otto.getByRole("tab", { name: "Access reviews" }).click();
    await otto.getByRole("link", { name: "Year-end review" }).click();
    const people = otto.getByRole("list", { name: "People under review" });
    await people.waitFor();
    expect(await otto.getByRole("group", { name: "Decide about Otto Owner" }).count()).toBe(0);
    await people.getByRole("textbox", { name: "Comment about Kim Analyst" }).fill("Moved to finance");
    // Keyboard: focus the button and press Enter.
    await otto.getByRole("group", { name: "Decide about Kim Analyst" }).getByRole("button", { name: "Remove roles" }).focus();
    await otto.keyboard.press("Enter");
    await people.getByText(/Roles removed by Otto Owner .*“Moved to finance”/).waitFor();
    expect(await otto.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await otto.screenshot({ path: path.join(shots, "access-review-360.png"), fullPage: true });

    const users = await server.call("GET", "/api/users", { as: { tenantId, userId: "olivia" } });
    expect(users.body.items.find((user: { userId: string }) => user.userId === "kim").roleIds).toEqual(["member"]);
    await olivia.reload();
    await olivia.getByRole("tab", { name: "Access reviews" }).click();
    await olivia.getByRole("list", { name: "Access reviews" }).getByText("1 of 3 reviewed").waitFor();
  });

  it("someone left with only the Member role has no Access reviews entry and cannot open one by link", async () => {
    const kim = await openAs("kim", "Kim Analyst");
    expect(await kim.getByRole("tab", { name: "Access reviews" }).count()).toBe(0);
    const reviews = await server.call("GET", "/api/access/reviews", { as: { tenantId, userId: "olivia" } });
    await kim.goto(`${server.url}/#/reviews/${reviews.body.items[0].id}`);
    await kim.getByText(/This access review could not be loaded: That access review does not exist or you do not have access to it./).waitFor();
  });
});
