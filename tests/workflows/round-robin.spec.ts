import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, createWorkflow, setUpTenant } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
});
afterAll(async () => {
  await server?.close();
});

describe("round-robin assignment of new leads", () => {
  it("spreads 100 leads evenly over 4 active users and skips the inactive one", async () => {
    const tenantId = "rr";
    const { owner } = await setUpTenant(server, tenantId, ["ann", "bob", "cat", "dan", "eve"]);
    const off = await server.call("PATCH", "/api/users/eve", { as: owner, body: { active: false } });
    expect(off.status).toBe(200);
    const template = await server.call("POST", "/api/config/workflow-templates/round-robin-new-leads", { as: owner, body: { roleId: "member" } });
    expect(template.status).toBe(201);

    for (let index = 0; index < 100; index += 1) {
      const created = await server.call("POST", "/api/leads", { as: owner, body: { name: `Lead ${index}` } });
      expect(created.status).toBe(201);
    }
    await server.workflows.drain();

    const counts = new Map<string, number>();
    let token: string | undefined;
    do {
      const page = await server.call("GET", `/api/leads?owner=all&pageSize=100${token ? `&continuationToken=${token}` : ""}`, { as: owner });
      for (const lead of page.body.items) counts.set(lead.ownerId, (counts.get(lead.ownerId) ?? 0) + 1);
      token = page.body.continuationToken;
    } while (token);
    expect(Object.fromEntries(counts)).toEqual({ ann: 25, bob: 25, cat: 25, dan: 25 });

    // Each new owner was told once, through the stored notifications (no bot in this test).
    const stored = await server.call("GET", "/api/config/workflow-notifications", { as: owner });
    expect(stored.body.items).toHaveLength(100);

    // Every run is in the workflow's history, and the record's history names the workflow as the actor.
    const runs = await server.call("GET", `/api/config/workflows/${template.body.id}/runs?pageSize=100`, { as: owner });
    expect(runs.body.items).toHaveLength(100);
    expect(runs.body.items.every((run: { status: string }) => run.status === "done")).toBe(true);
    const leadId = runs.body.items[0].recordId;
    const history = await server.call("GET", `/api/leads/${leadId}/history`, { as: owner });
    const assign = history.body.items.find((entry: { action: string }) => entry.action === "lead.assign");
    expect(assign).toMatchObject({ actorKind: "workflow", actorId: `workflow.${template.body.id}` });
    const onRecord = await server.call("GET", `/api/workflow-runs?entity=lead&recordId=${leadId}`, { as: owner });
    expect(onRecord.body.items[0]).toMatchObject({ workflowId: template.body.id, status: "done", cause: "record.created" });
  }, 120_000);

  it("least-open picks the user with the fewest open records", async () => {
    const tenantId = "lo";
    const { owner } = await setUpTenant(server, tenantId, ["ann", "bob"]);
    // ann already has two open leads.
    for (const name of ["A1", "A2"]) {
      const lead = await server.call("POST", "/api/leads", { as: owner, body: { name, ownerId: "ann" } });
      expect(lead.status).toBe(201);
    }
    await createWorkflow(server, owner, {
      name: "Least open",
      entity: "lead",
      trigger: { type: "created" },
      conditions: { match: "all", rules: [{ field: "source", op: "equals", value: "Web" }] },
      actions: [{ type: "assign", strategy: "leastOpen", pool: { userIds: ["ann", "bob"] } }],
    });
    const owners: string[] = [];
    for (const name of ["W1", "W2", "W3"]) {
      const created = await server.call("POST", "/api/leads", { as: owner, body: { name, source: "Web" } });
      await server.workflows.drain();
      const lead = await server.call("GET", `/api/leads/${created.body.id}`, { as: owner });
      owners.push(lead.body.ownerId);
    }
    // bob (0 open) gets two before the two are level; then either.
    expect(owners.slice(0, 2)).toEqual(["bob", "bob"]);
  });
});
