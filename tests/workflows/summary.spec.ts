/** The workflow list carries each workflow's last run and open dead letters, kept in one summary row per workflow. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, createWorkflow, setUpTenant } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let server: TestServer;
const tenantId = "wfsum";
const owner = { tenantId, userId: "owner" };

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await setUpTenant(server, tenantId, ["ann", "bob"]);
});
afterAll(async () => {
  await server?.close();
});

const listed = async (id: string) => {
  const response = await server.call("GET", "/api/config/workflows", { as: owner });
  expect(response.status).toBe(200);
  return response.body.items.find((item: { id: string }) => item.id === id);
};
const letters = async () => (await server.call("GET", "/api/config/workflow-dead-letters", { as: owner })).body.items as { id: string; workflowId: string }[];

describe("GET /api/config/workflows: last run and open dead letters", () => {
  it("starts with no run and no failures", async () => {
    const workflow = await createWorkflow(server, owner, { name: "Never ran", entity: "opportunity", trigger: { type: "manual" }, actions: [{ type: "noop" }] });
    const item = await listed(workflow.id);
    expect(item.openDeadLetters).toBe(0);
    expect(item.lastRun).toBeUndefined();
    expect(item.name).toBe("Never ran");
  });

  it("shows the latest run of each workflow, with its outcome and time", async () => {
    const tag = await createWorkflow(server, owner, {
      name: "Tag web leads",
      entity: "lead",
      trigger: { type: "created" },
      conditions: { match: "all", rules: [{ field: "company", op: "notEmpty" }] },
      actions: [{ type: "setField", field: "source", value: "Web" }],
    });
    await server.call("POST", "/api/leads", { as: owner, body: { name: "First", company: "Contoso" } });
    await server.workflows.drain();
    const first = await listed(tag.id);
    expect(first.lastRun).toMatchObject({ status: "done", finishedAt: "2026-03-02T09:00:00.000Z" });

    clock.advance(60_000);
    const second = await server.call("POST", "/api/leads", { as: owner, body: { name: "Second" } });
    await server.workflows.drain();
    const item = await listed(tag.id);
    expect(item.lastRun).toMatchObject({ status: "conditionsNotMet", finishedAt: "2026-03-02T09:01:00.000Z", recordId: second.body.id });
    expect(item.openDeadLetters).toBe(0);
    await server.call("POST", `/api/config/workflows/${tag.id}/disable`, { as: owner });
  });

  it("counts dead letters as they come, and lowers the count on retry and discard", async () => {
    const workflow = await createWorkflow(server, owner, { name: "Cases to ann", entity: "case", trigger: { type: "created" }, actions: [{ type: "assign", strategy: "user", userId: "ann" }] });
    const other = await createWorkflow(server, owner, { name: "Cases noted", entity: "case", trigger: { type: "created" }, actions: [{ type: "noop" }] });
    expect((await server.call("PATCH", "/api/users/ann", { as: owner, body: { active: false } })).status).toBe(200);
    clock.advance(60_000);
    const broken = await server.call("POST", "/api/cases", { as: owner, body: { title: "Broken printer" } });
    const jammed = await server.call("POST", "/api/cases", { as: owner, body: { title: "Jammed printer" } });
    await server.workflows.drain();

    let item = await listed(workflow.id);
    expect(item.openDeadLetters).toBe(2);
    expect(item.lastRun).toMatchObject({ status: "failed" });
    expect((await listed(other.id)).openDeadLetters).toBe(0);
    expect((await listed(other.id)).lastRun).toMatchObject({ status: "done" });

    // Listing the letters (which also reconciles) leaves the right count alone.
    const open = (await letters()).filter((letter) => letter.workflowId === workflow.id);
    expect(open).toHaveLength(2);
    expect((await listed(workflow.id)).openDeadLetters).toBe(2);

    expect((await server.call("PATCH", "/api/users/ann", { as: owner, body: { active: true } })).status).toBe(200);
    clock.advance(60_000);
    const retried = open.find((letter) => (letter as { recordId?: string }).recordId === broken.body.id)!;
    expect((await server.call("POST", `/api/config/workflow-dead-letters/${retried.id}/retry`, { as: owner })).status).toBe(200);
    // Retrying the same letter twice is a 404 and does not count twice.
    expect((await server.call("POST", `/api/config/workflow-dead-letters/${retried.id}/retry`, { as: owner })).status).toBe(404);
    item = await listed(workflow.id);
    expect(item.openDeadLetters).toBe(1);
    await server.workflows.drain();
    item = await listed(workflow.id);
    expect(item.lastRun).toMatchObject({ status: "done", recordId: broken.body.id, finishedAt: "2026-03-02T09:03:00.000Z" });
    expect((await server.call("GET", `/api/cases/${broken.body.id}`, { as: owner })).body.ownerId).toBe("ann");

    const left = open.find((letter) => letter.id !== retried.id)!;
    expect((left as { recordId?: string }).recordId).toBe(jammed.body.id);
    expect((await server.call("DELETE", `/api/config/workflow-dead-letters/${left.id}`, { as: owner })).status).toBe(204);
    expect((await server.call("DELETE", `/api/config/workflow-dead-letters/${left.id}`, { as: owner })).status).toBe(404);
    expect((await listed(workflow.id)).openDeadLetters).toBe(0);
    expect(await letters()).toHaveLength(0);
    await server.call("POST", `/api/config/workflows/${workflow.id}/disable`, { as: owner });
    await server.call("POST", `/api/config/workflows/${other.id}/disable`, { as: owner });
  });

  it("repairs a count that is off (letters from before the summaries) when the Owner lists the letters", async () => {
    const workflow = await createWorkflow(server, owner, { name: "Cases to bob", entity: "case", trigger: { type: "created" }, actions: [{ type: "assign", strategy: "user", userId: "bob" }] });
    await server.call("PATCH", "/api/users/bob", { as: owner, body: { active: false } });
    await server.call("POST", "/api/cases", { as: owner, body: { title: "Old failure" } });
    await server.workflows.drain();
    expect((await listed(workflow.id)).openDeadLetters).toBe(1);
    // As if the letter had been written before summary rows existed.
    const table = server.services.store.table("work");
    await table.updateEntity({ partitionKey: `${tenantId}|dead`, rowKey: `~sum|${workflow.id}`, openDeadLetters: 0 }, "Merge");
    expect((await listed(workflow.id)).openDeadLetters).toBe(0);
    expect(await letters()).toHaveLength(1);
    expect((await listed(workflow.id)).openDeadLetters).toBe(1);
    await server.call("PATCH", "/api/users/bob", { as: owner, body: { active: true } });
  });
});
