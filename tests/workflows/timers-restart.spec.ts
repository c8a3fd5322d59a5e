/** Time triggers are stored rows: they survive a restart and fire once, at the Clock's time. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readServerConfig } from "../../server/src/config.js";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, days, setUpTenant } from "./support.js";

const start = Date.parse("2026-03-02T09:00:00Z");
const clock = new TestClock(start);
let dataDir: string;
let server: TestServer | undefined;

const boot = async () => {
  server = await startTestServer({ clock, workflowPollMs: 0, config: { ...readServerConfig({}), port: 0, inMemoryStorage: false, dataDir } });
  return server;
};
const restart = async () => {
  await server!.close();
  return boot();
};

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "crm-workflow-timers-"));
});
afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("time triggers across a restart", () => {
  it("reminds the owner of a stalled opportunity once, 14 days after the last activity", async () => {
    let current = await boot();
    const { owner } = await setUpTenant(current, "timers", ["ann"]);
    const template = await current.call("POST", "/api/config/workflow-templates/stale-opportunity-reminder", { as: owner, body: {} });
    expect(template.status).toBe(201);
    const deal = await current.call("POST", "/api/opportunities", { as: owner, body: { name: "Big deal", ownerId: "ann" } });
    expect(deal.status).toBe(201);
    await current.workflows.drain();

    const notifications = async () => (await current.call("GET", "/api/config/workflow-notifications", { as: owner })).body.items as { title: string; text: string; recipient: { userId: string } }[];
    const annTasks = async () => (await current.call("GET", "/api/tasks", { as: { tenantId: "timers", userId: "ann" } })).body.items as { title: string; dueAt: string }[];

    // A day before it is due, after a restart: nothing.
    clock.set(new Date(start + days(13)).toISOString());
    current = await restart();
    await current.workflows.drain();
    expect(await notifications()).toHaveLength(0);

    // Just after: once, to the owner, with a follow-up reminder due a day later.
    clock.set(new Date(start + days(14) + 60_000).toISOString());
    current = await restart();
    expect(await current.workflows.drain()).toBeGreaterThan(0);
    await current.workflows.drain();
    expect(await notifications()).toEqual([expect.objectContaining({ recipient: { kind: "user", userId: "ann" }, text: "Big deal has not moved for 14 days." })]);
    expect(await annTasks()).toEqual([expect.objectContaining({ title: "Follow up on Big deal", dueAt: new Date(start + days(15)).toISOString() })]);

    // Later, after another restart: the stalled reminder does not fire again; the task's reminder comes due once.
    clock.set(new Date(start + days(15) + 60_000).toISOString());
    current = await restart();
    await current.workflows.drain();
    await current.workflows.drain();
    const all = await notifications();
    expect(all.map((item) => item.title).sort()).toEqual(["Reminder", "Stalled opportunity reminder"]);
    const runs = await current.call("GET", `/api/config/workflows/${template.body.id}/runs`, { as: owner });
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({ status: "done", cause: "timer", causedAt: new Date(start + days(14)).toISOString() });
  }, 120_000);

  it("moves the timer when the record sees activity (a note)", async () => {
    const current = server ?? (await boot());
    const owner = { tenantId: "timers", userId: "owner" };
    clock.set(new Date(start + days(20)).toISOString());
    const deal = await current.call("POST", "/api/opportunities", { as: owner, body: { name: "Quiet deal" } });
    await current.workflows.drain();
    // A note on day 30 pushes the reminder to day 44.
    clock.set(new Date(start + days(30)).toISOString());
    expect((await current.call("POST", `/api/opportunities/${deal.body.id}/notes`, { as: owner, body: { text: "Called them" } })).status).toBe(201);
    await current.workflows.drain();
    clock.set(new Date(start + days(35)).toISOString());
    await current.workflows.drain();
    const before = (await current.call("GET", `/api/workflow-runs?entity=opportunity&recordId=${deal.body.id}`, { as: owner })).body.items;
    expect(before).toHaveLength(0);
    clock.set(new Date(start + days(44) + 1000).toISOString());
    await current.workflows.drain();
    const after = (await current.call("GET", `/api/workflow-runs?entity=opportunity&recordId=${deal.body.id}`, { as: owner })).body.items;
    expect(after).toHaveLength(1);
    expect(after[0].causedAt).toBe(new Date(start + days(44)).toISOString());
  }, 60_000);
});
