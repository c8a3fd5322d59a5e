/**
 * Conditions on fields hidden from someone must not answer questions about them:
 * (a) nobody builds, dry-runs or enables a workflow on a field they may not see
 * (or sets one they may not change); (b) what a viewer sees of runs, dry runs, the
 * workflow list's last runs and dead letters conceals every result that depends on
 * a field hidden from them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, createWorkflow, setUpTenant } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let server: TestServer;
const tenantId = "wforacle";
const owner = { tenantId, userId: "owner" };
const ops = { tenantId, userId: "ops" };
let opsRoleId = "";
let readerRoleId = "";
const small = 4321;
const big = 567_891;
const deals: { small: string; big: string } = { small: "", big: "" };

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await setUpTenant(server, tenantId, []);
  const role = await server.call("POST", "/api/roles", {
    as: owner,
    body: { name: "Ops without amounts", template: "sales-ops-lead", fields: { opportunity: { amount: "hidden", closeDate: "hidden", probability: "read" }, case: { priority: "hidden" } } },
  });
  expect(role.status).toBe(201);
  opsRoleId = role.body.id;
  expect((await server.call("POST", "/api/users", { as: owner, body: { userId: "ops", displayName: "Ops", roleIds: [opsRoleId] } })).status).toBe(201);
  const reader = await server.call("POST", "/api/roles", { as: owner, body: { name: "Deal reader", template: "data-analyst" } });
  expect(reader.status).toBe(201);
  readerRoleId = reader.body.id;
  for (const [key, value] of [
    ["small", small],
    ["big", big],
  ] as const) {
    const deal = await server.call("POST", "/api/opportunities", { as: owner, body: { name: `Deal ${key}`, account: "Acme", amount: value } });
    expect(deal.status).toBe(201);
    deals[key] = deal.body.id;
  }
});
afterAll(async () => {
  await server?.close();
});

const onAmount = { match: "all", rules: [{ field: "amount", op: "greaterThan", value: 100_000 }] };
const manual = { name: "Probe", entity: "opportunity", trigger: { type: "manual" }, actions: [{ type: "noop" }] };

describe("building on a field one may not see", () => {
  it("is refused with the reason and audited, for every way a workflow reads or sets a field", async () => {
    const cases: [string, unknown][] = [
      ["a condition", { ...manual, conditions: onAmount }],
      ["the trigger", { ...manual, trigger: { type: "fieldChanged", field: "amount" } }],
      ["a date trigger", { ...manual, trigger: { type: "dueDatePassed", field: "closeDate" } }],
      ["a placeholder", { ...manual, actions: [{ type: "addNote", text: "worth {amount}" }] }],
      ["a set field on a read-only field", { ...manual, actions: [{ type: "setField", field: "probability", value: 90 }] }],
    ];
    for (const [what, body] of cases) {
      const created = await server.call("POST", "/api/config/workflows", { as: ops, body });
      expect({ what, status: created.status }).toEqual({ what, status: 403 });
      expect(created.body.error.message).toMatch(/may not (see|change)/);
      // A dry run of the same draft: the first request of a binary search already fails.
      const dry = await server.call("POST", "/api/config/workflows/dry-run", { as: ops, body: { workflow: body, recordId: deals.big } });
      expect({ what, status: dry.status }).toEqual({ what, status: 403 });
    }
    const audit = await server.call("GET", "/api/audit?actorId=ops", { as: owner });
    const denied = audit.body.items.filter((entry: { outcome: string }) => entry.outcome === "denied").map((entry: { action: string }) => entry.action);
    expect(denied).toEqual(expect.arrayContaining(["workflow.create", "workflow.dryRun"]));
    // Entries made in the same (test) millisecond come in any order: look for the reasons, not the first one.
    const reasons = audit.body.items.filter((entry: { action: string }) => entry.action === "workflow.create").map((entry: { reason: string }) => entry.reason);
    expect(reasons).toEqual(expect.arrayContaining([expect.stringContaining('condition 1 reads the opportunity field "amount"'), expect.stringContaining('"closeDate"')]));
  });

  it("is refused on update, on enable, on a dry run of a saved workflow and for the case workflow's SLAs", async () => {
    // Saved by the Owner with the ops role, so holding its roles is not what stops ops.
    const saved = await createWorkflow(server, owner, { ...manual, enabled: false, conditions: onAmount, roleIds: [opsRoleId] });
    expect((await server.call("PUT", `/api/config/workflows/${saved.id}`, { as: ops, body: { ...manual, conditions: onAmount } })).status).toBe(403);
    expect((await server.call("POST", `/api/config/workflows/${saved.id}/enable`, { as: ops })).status).toBe(403);
    expect((await server.call("POST", `/api/config/workflows/${saved.id}/dry-run`, { as: ops, body: { recordId: deals.big } })).status).toBe(403);
    expect((await server.call("POST", `/api/config/workflows/${saved.id}/run`, { as: ops, body: { recordId: deals.big } })).status).toBe(403);
    const sla = {
      statuses: ["New", "In progress", "Waiting on customer", "Escalated", "Resolved", "Closed"],
      unansweredStatuses: ["New"],
      transitions: [],
      sla: [{ priority: "High", respondWithin: { amount: 4, unit: "hours" }, escalate: { notify: { kind: "owner" } } }],
    };
    const caseSave = await server.call("PUT", "/api/config/case-workflow", { as: ops, body: sla });
    expect(caseSave.status).toBe(403);
    expect(caseSave.body.error.message).toContain('"priority"');
    // Without SLAs the case workflow reads no field: ops may save it.
    expect((await server.call("PUT", "/api/config/case-workflow", { as: ops, body: { ...sla, sla: [] } })).status).toBe(200);
    // Templates go through the same rule: "deal won" writes {amount} into its message.
    expect((await server.call("POST", "/api/config/workflow-templates/deal-won-to-channel", { as: ops, body: { channelId: "19:x@thread.tacv2" } })).status).toBe(403);
    await server.call("DELETE", `/api/config/workflows/${saved.id}`, { as: owner });
  });
});

describe("what a viewer sees of results that depend on a hidden field", () => {
  const runsOf = async (as: typeof owner, path: string) => {
    const response = await server.call("GET", path, { as });
    expect(response.status).toBe(200);
    return response.body.items as {
      recordId: string;
      status: string;
      attempts?: number;
      actions: unknown[];
      conditions?: { passed: boolean | null; results: { passed: boolean | null; actual: unknown }[] };
    }[];
  };
  const statusBy = (runs: Awaited<ReturnType<typeof runsOf>>) => Object.fromEntries(runs.map((run) => [run.recordId === deals.big ? "big" : "small", run.status]));

  it("conceals a condition's value and result, and the run's outcome, when only hidden fields decide it", async () => {
    const workflow = await createWorkflow(server, owner, { ...manual, name: "Big deals", conditions: onAmount });
    for (const recordId of [deals.small, deals.big]) await server.call("POST", `/api/config/workflows/${workflow.id}/run`, { as: owner, body: { recordId } });
    await server.workflows.drain();

    expect(statusBy(await runsOf(owner, `/api/config/workflows/${workflow.id}/runs`))).toEqual({ big: "done", small: "conditionsNotMet" });
    const seen = await runsOf(ops, `/api/config/workflows/${workflow.id}/runs`);
    expect(statusBy(seen)).toEqual({ big: "concealed", small: "concealed" });
    for (const run of seen) {
      expect(run.conditions).toMatchObject({ passed: null, results: [{ passed: null }] });
      expect(run.actions).toEqual([]);
      expect(run.attempts).toBeUndefined();
      expect(JSON.stringify(run)).not.toMatch(/conditionsNotMet|"done"|4321|567891/);
    }
    const onRecord = await runsOf(ops, `/api/workflow-runs?entity=opportunity&recordId=${deals.big}`);
    expect(onRecord.find((run) => run.status !== "concealed" && (run as { workflowId?: string }).workflowId === workflow.id)).toBeUndefined();
    const list = await server.call("GET", "/api/config/workflows", { as: ops });
    expect(list.body.items.find((item: { id: string }) => item.id === workflow.id).lastRun.status).toBe("concealed");
    const ownersList = await server.call("GET", "/api/config/workflows", { as: owner });
    expect(["done", "conditionsNotMet"]).toContain(ownersList.body.items.find((item: { id: string }) => item.id === workflow.id).lastRun.status);
    await server.call("DELETE", `/api/config/workflows/${workflow.id}`, { as: owner });
  });

  it("shows the outcome when conditions the viewer may see decide it alone", async () => {
    const workflow = await createWorkflow(server, owner, {
      ...manual,
      name: "Big deals elsewhere",
      conditions: { match: "all", rules: [...onAmount.rules, { field: "account", op: "equals", value: "Globex" }] },
    });
    await server.call("POST", `/api/config/workflows/${workflow.id}/run`, { as: owner, body: { recordId: deals.big } });
    await server.workflows.drain();
    const [run] = await runsOf(ops, `/api/config/workflows/${workflow.id}/runs`);
    expect(run).toMatchObject({ status: "conditionsNotMet", conditions: { passed: false, results: [{ passed: null }, { passed: false, actual: "Acme" }] } });
    await server.call("DELETE", `/api/config/workflows/${workflow.id}`, { as: owner });
  });

  it("does not list runs of a workflow whose trigger reads a hidden field", async () => {
    const workflow = await createWorkflow(server, owner, { ...manual, name: "Amount moved", trigger: { type: "fieldChanged", field: "amount" } });
    const current = await server.call("GET", `/api/opportunities/${deals.small}`, { as: owner });
    const patched = await server.call("PATCH", `/api/opportunities/${deals.small}`, { as: owner, body: { amount: small + 1 }, headers: { "if-match": current.body.etag } });
    expect(patched.status).toBe(200);
    await server.workflows.drain();
    expect(await runsOf(owner, `/api/config/workflows/${workflow.id}/runs`)).toHaveLength(1);
    expect(await runsOf(ops, `/api/config/workflows/${workflow.id}/runs`)).toHaveLength(0);
    const onRecord = await runsOf(ops, `/api/workflow-runs?entity=opportunity&recordId=${deals.small}`);
    expect(onRecord.filter((run) => (run as { workflowId?: string }).workflowId === workflow.id)).toHaveLength(0);
    const list = await server.call("GET", "/api/config/workflows", { as: ops });
    expect(list.body.items.find((item: { id: string }) => item.id === workflow.id).lastRun).toBeUndefined();
    await server.call("DELETE", `/api/config/workflows/${workflow.id}`, { as: owner });
  });

  it("does not list dead letters that exist only because hidden conditions passed", async () => {
    // It runs as a role that may only read deals, so its set field fails for good.
    const workflow = await createWorkflow(server, owner, {
      ...manual,
      name: "Tag big deals",
      conditions: onAmount,
      roleIds: [readerRoleId],
      actions: [{ type: "setField", field: "account", value: "Big" }],
    });
    for (const recordId of [deals.small, deals.big]) await server.call("POST", `/api/config/workflows/${workflow.id}/run`, { as: owner, body: { recordId } });
    await server.workflows.drain();
    const letters = async (as: typeof owner) =>
      ((await server.call("GET", "/api/config/workflow-dead-letters", { as })).body.items as { workflowId?: string; recordId?: string }[]).filter((letter) => letter.workflowId === workflow.id);
    expect((await letters(owner)).map((letter) => letter.recordId)).toEqual([deals.big]);
    expect(await letters(ops)).toEqual([]);
    const count = async (as: typeof owner) => (await server.call("GET", "/api/config/workflows", { as })).body.items.find((item: { id: string }) => item.id === workflow.id).openDeadLetters;
    expect(await count(owner)).toBe(1);
    expect(await count(ops)).toBe(0);
  });
});
