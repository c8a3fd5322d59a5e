/**
 * A workflow acts with the roles stored on it. Whoever saves or enables it must
 * hold every one of them (nobody grants more than they hold), and without roles
 * named it runs with its author's own, never silently as Owner.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, createWorkflow, setUpTenant } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let server: TestServer;
const tenantId = "wfrunas";
const owner = { tenantId, userId: "owner" };
const ops = { tenantId, userId: "ops" };
let opsRoleId = "";

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await setUpTenant(server, tenantId, []);
  // Sales Ops Lead: the workflows permission, but cases are read-only.
  const role = await server.call("POST", "/api/roles", { as: owner, body: { name: "Sales Ops", template: "sales-ops-lead" } });
  expect(role.status).toBe(201);
  opsRoleId = role.body.id;
  const added = await server.call("POST", "/api/users", { as: owner, body: { userId: "ops", displayName: "Ops", roleIds: [opsRoleId] } });
  expect(added.status).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

const closeEveryCase = { name: "Close every case", entity: "case", trigger: { type: "created" }, actions: [{ type: "setField", field: "status", value: "Closed" }] };

describe("the roles a workflow runs as", () => {
  it("refuses a workflow with roles its author does not hold, with the reason, audited", async () => {
    const refused = await server.call("POST", "/api/config/workflows", { as: ops, body: { ...closeEveryCase, roleIds: ["owner"] } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("more than this user holds");
    const audit = await server.call("GET", "/api/audit?actorId=ops", { as: owner });
    expect(audit.body.items).toContainEqual(expect.objectContaining({ action: "workflow.create", outcome: "denied" }));
    expect((await server.call("GET", "/api/config/workflows", { as: owner })).body.items).toHaveLength(0);
  });

  it("runs a workflow saved without roles with its author's own, not as Owner", async () => {
    const workflow = await createWorkflow(server, ops, closeEveryCase);
    expect(workflow.roleIds).toEqual([opsRoleId]);
    const created = await server.call("POST", "/api/cases", { as: owner, body: { title: "Printer on fire", status: "New", priority: "Low" } });
    expect(created.status).toBe(201);
    await server.workflows.drain();
    expect((await server.call("GET", `/api/cases/${created.body.id}`, { as: owner })).body.status).toBe("New");
    const runs = await server.call("GET", `/api/config/workflows/${workflow.id}/runs`, { as: owner });
    expect(runs.body.items[0]).toMatchObject({ status: "failed" });

    // Nor can the author give it more later.
    const update = await server.call("PUT", `/api/config/workflows/${workflow.id}`, { as: ops, body: { ...closeEveryCase, roleIds: ["owner"] } });
    expect(update.status).toBe(403);
    await server.call("DELETE", `/api/config/workflows/${workflow.id}`, { as: owner });
  });

  it("refuses to enable a workflow whose roles the caller does not hold", async () => {
    const workflow = await createWorkflow(server, owner, { ...closeEveryCase, enabled: false, roleIds: ["owner"] });
    const enable = await server.call("POST", `/api/config/workflows/${workflow.id}/enable`, { as: ops });
    expect(enable.status).toBe(403);
    expect((await server.call("GET", `/api/config/workflows/${workflow.id}`, { as: owner })).body.enabled).toBe(false);
    expect((await server.call("POST", `/api/config/workflows/${workflow.id}/enable`, { as: owner })).status).toBe(200);
    await server.call("DELETE", `/api/config/workflows/${workflow.id}`, { as: owner });
  });

  it("applies the same rule to the case workflow's SLA escalations", async () => {
    const caseWorkflow = {
      statuses: ["New", "In progress", "Waiting on customer", "Escalated", "Resolved", "Closed"],
      unansweredStatuses: ["New"],
      transitions: [{ from: "*", to: "Closed", roleIds: ["owner", opsRoleId] }],
      sla: [{ priority: "High", respondWithin: { amount: 4, unit: "hours" }, escalate: { setStatus: "Closed" } }],
    };
    const refused = await server.call("PUT", "/api/config/case-workflow", { as: ops, body: { ...caseWorkflow, roleIds: ["owner"] } });
    expect(refused.status).toBe(403);
    const saved = await server.call("PUT", "/api/config/case-workflow", { as: ops, body: caseWorkflow });
    expect(saved.status).toBe(200);
    expect(saved.body.roleIds).toEqual([opsRoleId]);
    const created = await server.call("POST", "/api/cases", { as: owner, body: { title: "Site down", priority: "High", status: "New" } });
    await server.workflows.drain();
    clock.advance(5 * 3_600_000);
    await server.workflows.drain();
    // The escalation ran with the Sales Ops role, which may not update cases.
    expect((await server.call("GET", `/api/cases/${created.body.id}`, { as: owner })).body.status).toBe("New");
    // It did fire, and failed for want of permission.
    const letters = await server.call("GET", "/api/config/workflow-dead-letters", { as: owner });
    expect(letters.text).toContain(created.body.id);
  });
});
