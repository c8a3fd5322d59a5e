/**
 * Running a workflow lends its roles for a moment: whoever runs it, dry-runs it,
 * retries one of its failed runs or makes one from a template needs what saving it
 * needs, every role it runs as (decideGrant). Otherwise a user who may only read
 * cases closes one by running an Owner's workflow.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, createWorkflow, setUpTenant } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let server: TestServer;
const tenantId = "wfgrants";
const owner = { tenantId, userId: "owner" };
const ops = { tenantId, userId: "ops" };
let caseId = "";

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await setUpTenant(server, tenantId, ["bob"]);
  // Sales Ops Lead: the workflows permission, but cases are read-only.
  const role = await server.call("POST", "/api/roles", { as: owner, body: { name: "Sales Ops", template: "sales-ops-lead" } });
  expect(role.status).toBe(201);
  expect((await server.call("POST", "/api/users", { as: owner, body: { userId: "ops", displayName: "Ops", roleIds: [role.body.id] } })).status).toBe(201);
  const created = await server.call("POST", "/api/cases", { as: owner, body: { title: "Printer on fire", status: "New", priority: "Low" } });
  expect(created.status).toBe(201);
  caseId = created.body.id;
});
afterAll(async () => {
  await server?.close();
});

const deniedActions = async () =>
  ((await server.call("GET", "/api/audit?actorId=ops", { as: owner })).body.items as { action: string; outcome: string }[]).filter((entry) => entry.outcome === "denied").map((entry) => entry.action);

describe("acting with a workflow's roles", () => {
  it("refuses to run or dry-run an Owner's workflow for someone without the Owner role", async () => {
    const closeIt = await createWorkflow(server, owner, {
      name: "Close it",
      entity: "case",
      trigger: { type: "manual" },
      roleIds: ["owner"],
      actions: [{ type: "setField", field: "status", value: "Closed" }],
    });
    const run = await server.call("POST", `/api/config/workflows/${closeIt.id}/run`, { as: ops, body: { recordId: caseId } });
    expect(run.status).toBe(403);
    expect(run.body.error.message).toContain("more than this user holds");
    const dry = await server.call("POST", `/api/config/workflows/${closeIt.id}/dry-run`, { as: ops, body: { recordId: caseId } });
    expect(dry.status).toBe(403);
    await server.workflows.drain();
    expect((await server.call("GET", `/api/cases/${caseId}`, { as: owner })).body.status).toBe("New");
    expect(await deniedActions()).toEqual(expect.arrayContaining(["workflow.run", "workflow.dryRun"]));
    // The Owner may.
    expect((await server.call("POST", `/api/config/workflows/${closeIt.id}/run`, { as: owner, body: { recordId: caseId } })).status).toBe(202);
    await server.workflows.drain();
    expect((await server.call("GET", `/api/cases/${caseId}`, { as: owner })).body.status).toBe("Closed");
  });

  it("refuses a draft dry run that names roles the caller does not hold", async () => {
    const draft = { name: "Draft", entity: "case", trigger: { type: "manual" }, roleIds: ["owner"], actions: [{ type: "setField", field: "status", value: "Closed" }] };
    const dry = await server.call("POST", "/api/config/workflows/dry-run", { as: ops, body: { workflow: draft, recordId: caseId } });
    expect(dry.status).toBe(403);
  });

  it("refuses to retry a failed run of a workflow whose roles the caller does not hold", async () => {
    const giveToBob = await createWorkflow(server, owner, {
      name: "Give to Bob",
      entity: "lead",
      trigger: { type: "created" },
      roleIds: ["owner"],
      actions: [{ type: "assign", strategy: "user", userId: "bob" }],
    });
    // Bob leaves: assigning to him fails for good, so the run becomes a dead letter.
    expect((await server.call("PATCH", "/api/users/bob", { as: owner, body: { active: false } })).status).toBe(200);
    expect((await server.call("POST", "/api/leads", { as: owner, body: { name: "Orphan" } })).status).toBe(201);
    await server.workflows.drain();
    const letters = await server.call("GET", "/api/config/workflow-dead-letters", { as: owner });
    const letter = letters.body.items.find((item: { workflowId?: string }) => item.workflowId === giveToBob.id);
    expect(letter).toBeDefined();
    const retried = await server.call("POST", `/api/config/workflow-dead-letters/${letter.id}/retry`, { as: ops });
    expect(retried.status).toBe(403);
    expect(await deniedActions()).toContain("workflow.retry");
    expect((await server.call("POST", `/api/config/workflow-dead-letters/${letter.id}/retry`, { as: owner })).status).toBe(200);
  });
});
