/**
 * The quarterly reminder on real Azurite with a clock the test moves: at the start of
 * each quarter the Accountable of every task not reviewed this quarter is told once
 * (a rerun or a second run notifies nobody twice), a task reviewed this quarter is left
 * alone, and the next quarter's reminder is queued by the run itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";
import { TestClock, days } from "../workflows/support.js";

let server: TestServer;
const clock = new TestClock(Date.parse("2026-12-02T09:00:00Z"));
const { call, created } = apiAs(() => server);
const tenantId = "raci-reminders";
const founder = { tenantId, userId: "founder" };
const kip = { tenantId, userId: "kip" };

const titlesFor = async (userId: string) =>
  (await server.services.workflowEngine.storedNotifications!.pending(tenantId))
    .filter((notification) => notification.recipient.kind === "user" && notification.recipient.userId === userId)
    .map((notification) => notification.title)
    .sort();

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await call(founder, "GET", "/api/me");
  const manager = (await created(founder, "/api/roles", { name: "CRM Managers", template: "crm-manager" })).body.id;
  await created(founder, "/api/users", { userId: "kip", displayName: "Kip", roleIds: [manager] });
});
afterAll(async () => {
  await server.close();
});

describe("the quarterly review reminder", () => {
  it("reaches a tenant that never saved its chart: queued when the tenant is founded", async () => {
    const untouched = { tenantId: "raci-untouched", userId: "founder" };
    await call(untouched, "GET", "/api/me");
    const queued: unknown[] = [];
    for await (const row of server.services.store.table("work").listEntities<{ job: string; dueAt: number }>({ queryOptions: { filter: "PartitionKey eq 'raci-untouched|q|access'" } }))
      queued.push({ ...JSON.parse(row.job), dueAt: row.dueAt });
    expect(queued).toEqual([{ kind: "raciRemind", id: "2027-01-01", dueAt: Date.parse("2027-01-01T00:00:00Z") }]);
  });

  it("is queued by the first save for the next quarter's start, and then tells each Accountable once per task", async () => {
    const view = (await call(founder, "GET", "/api/raci")).body;
    const chart = {
      tasks: view.tasks.map((task: { key: string; name: string; description: string; assignments: { ref: string; letter: string }[] }) => ({
        key: task.key,
        name: task.name,
        description: task.description,
        assignments: Object.fromEntries(task.assignments.map((cell) => [cell.ref, cell.letter])),
      })),
    };
    expect((await call(founder, "PUT", "/api/raci", chart)).status).toBe(200);
    // Reviewed in Q4: the review is due again from 1 January.
    expect((await call(kip, "POST", "/api/raci/tasks/dataCleanup/review")).status).toBe(200);
    await server.services.accessJobs.drain();
    expect(await titlesFor("kip")).toEqual([]);

    clock.set("2027-01-01T00:00:01Z");
    expect(await server.services.accessJobs.drain()).toBeGreaterThan(0);
    // Kip holds the CRM Manager template: Accountable for data cleanup and lead source tracking.
    expect(await titlesFor("kip")).toEqual(["Quarterly review: Data cleanup", "Quarterly review: Lead source tracking"]);
    // The Owner is Accountable for system configuration and access reviews, and stands in where nobody holds the role.
    expect(await titlesFor("founder")).toEqual([
      "Quarterly review: Access reviews",
      "Quarterly review: Case logging",
      "Quarterly review: Lead follow-up",
      "Quarterly review: Pipeline stage updates",
      "Quarterly review: System configuration",
    ]);

    // A rerun (a retried job) notifies nobody twice.
    await server.services.raci.remindReviews(tenantId);
    expect(await titlesFor("kip")).toHaveLength(2);
  });

  it("comes back next quarter by itself (the run queued it), with the words for an Accountable", async () => {
    expect((await call(kip, "POST", "/api/raci/tasks/dataCleanup/review")).status).toBe(200);
    clock.set("2027-03-31T23:00:00Z");
    await server.services.accessJobs.drain();
    clock.set("2027-04-01T00:00:01Z");
    expect(await server.services.accessJobs.drain()).toBeGreaterThan(0);
    const pending = await server.services.workflowEngine.storedNotifications!.pending(tenantId);
    const april = pending.filter((notification) => notification.dedupeKey.startsWith("raci|2027-04-01|"));
    expect(april.map((notification) => notification.dedupeKey).sort()).toContain("raci|2027-04-01|dataCleanup|kip");
    expect(april.find((notification) => notification.dedupeKey === "raci|2027-04-01|dataCleanup|kip")?.text).toBe(
      "You are Accountable for Data cleanup. Check who is Responsible, Consulted and Informed in the responsibilities chart, then mark this quarter's review done.",
    );
  });

  it("skips a task whose review was done in the quarter the job runs in", async () => {
    clock.advance(days(1));
    const current = (await call(founder, "GET", "/api/raci")).body;
    const tasks = current.tasks.map((task: { key: string; name: string; description: string; assignments: { ref: string; letter: string }[] }) => ({
      key: task.key,
      name: task.name,
      description: task.description,
      assignments: Object.fromEntries(task.assignments.map((cell) => [cell.ref, cell.letter])),
    }));
    const added = [
      ...tasks,
      { key: "emailSync", name: "Email sync", description: "", assignments: { owner: "A", everyone: "R" } },
      { key: "newsletters", name: "Newsletters", description: "", assignments: { owner: "A", everyone: "R" } },
    ];
    expect((await call(founder, "PUT", "/api/raci", { tasks: added }, { "if-match": current.etag })).status).toBe(200);
    expect((await call(founder, "POST", "/api/raci/tasks/emailSync/review")).status).toBe(200);
    await server.services.raci.remindReviews(tenantId);
    const keys = (await server.services.workflowEngine.storedNotifications!.pending(tenantId)).map((notification) => notification.dedupeKey);
    expect(keys).toContain("raci|2027-04-01|newsletters|founder");
    expect(keys).not.toContain("raci|2027-04-01|emailSync|founder");
  });
});
