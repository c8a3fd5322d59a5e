import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, hours, setUpTenant } from "./support.js";

const start = Date.parse("2026-03-02T09:00:00Z");
const clock = new TestClock(start);
let server: TestServer;
const tenantId = "cases";
const owner = { tenantId, userId: "owner" };
const ann = { tenantId, userId: "ann" };

const caseWorkflow = {
  statuses: ["New", "In progress", "Waiting on customer", "Escalated", "Resolved", "Closed"],
  unansweredStatuses: ["New"],
  transitions: [
    { from: "New", to: "In progress", roleIds: ["owner", "member"] },
    { from: "In progress", to: "Resolved", roleIds: ["owner", "member"] },
    { from: "*", to: "Escalated", roleIds: ["owner"] },
    { from: "*", to: "Closed", roleIds: ["owner"] },
  ],
  sla: [{ priority: "High", respondWithin: { amount: 4, unit: "hours" }, escalate: { notify: { kind: "owner" }, setStatus: "Escalated" } }],
};

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await setUpTenant(server, tenantId, ["ann"]);
  const saved = await server.call("PUT", "/api/config/case-workflow", { as: owner, body: caseWorkflow });
  expect(saved.status).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

const patch = async (as: typeof owner, id: string, status: string) => {
  const current = await server.call("GET", `/api/cases/${id}`, { as });
  return server.call("PATCH", `/api/cases/${id}`, { as, body: { status }, headers: { "if-match": current.body.etag } });
};

describe("case status transitions", () => {
  it("refuses a move the caller's roles may not make, and allows the ones they may", async () => {
    const created = await server.call("POST", "/api/cases", { as: ann, body: { title: "Login broken", status: "New", priority: "Low" } });
    expect(created.status).toBe(201);
    const skip = await patch(ann, created.body.id, "Closed");
    expect(skip.status).toBe(403);
    expect(skip.body.error.details.reason).toBe('no role of this user (Member) may move a case from "New" to "Closed"');
    expect((await patch(ann, created.body.id, "In progress")).status).toBe(200);
    expect((await patch(ann, created.body.id, "New")).status).toBe(403);
    expect((await patch(ann, created.body.id, "Resolved")).status).toBe(200);
    expect((await patch(owner, created.body.id, "Closed")).status).toBe(200);
    const audit = await server.call("GET", "/api/audit?action=case.status", { as: owner });
    expect(audit.body.items.filter((entry: { outcome: string }) => entry.outcome === "denied")).toHaveLength(2);
  });

  it("refuses a case workflow that names statuses the form does not have", async () => {
    const bad = await server.call("PUT", "/api/config/case-workflow", { as: owner, body: { ...caseWorkflow, statuses: ["Open", ...caseWorkflow.statuses] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toEqual([{ field: "statuses[0]", message: '"Open" is not an option of the case form\'s Status field: add it to the form first.' }]);
  });

  it("escalates a High case not answered within its SLA, once", async () => {
    const created = await server.call("POST", "/api/cases", { as: ann, body: { title: "Site down", priority: "High" } });
    const answered = await server.call("POST", "/api/cases", { as: ann, body: { title: "Slow page", priority: "High", status: "New" } });
    expect((await patch(ann, answered.body.id, "In progress")).status).toBe(200);
    await server.workflows.drain();
    clock.set(new Date(start + hours(4) - 60_000).toISOString());
    await server.workflows.drain();
    expect((await server.call("GET", `/api/cases/${created.body.id}`, { as: owner })).body.status).toBeUndefined();
    clock.set(new Date(start + hours(4) + 60_000).toISOString());
    await server.workflows.drain();
    await server.workflows.drain();
    expect((await server.call("GET", `/api/cases/${created.body.id}`, { as: owner })).body.status).toBe("Escalated");
    expect((await server.call("GET", `/api/cases/${answered.body.id}`, { as: owner })).body.status).toBe("In progress");
    const told = (await server.call("GET", "/api/config/workflow-notifications", { as: owner })).body.items;
    expect(told).toEqual([expect.objectContaining({ recipient: { kind: "user", userId: "ann" }, text: expect.stringContaining("SLA breached") })]);
    const history = await server.call("GET", `/api/cases/${created.body.id}/history`, { as: owner });
    expect(history.body.items[0]).toMatchObject({ action: "case.update", actorKind: "workflow" });
  });
});
