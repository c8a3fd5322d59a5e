/**
 * Dry runs and run histories show record values (conditions' `actual`, previews,
 * action details): a viewer whose roles hide a field must not see its value there.
 * (What depends on a hidden field's value, results and outcomes, is concealed too:
 * condition-oracle.spec.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, createWorkflow, setUpTenant } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let server: TestServer;
const tenantId = "wfhidden";
const owner = { tenantId, userId: "owner" };
const ops = { tenantId, userId: "ops" };
const hidden = "(hidden: a field your roles do not show)";

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await setUpTenant(server, tenantId, []);
  const role = await server.call("POST", "/api/roles", { as: owner, body: { name: "Ops without values", template: "sales-ops-lead", fields: { lead: { value: "hidden" } } } });
  expect(role.status).toBe(201);
  const added = await server.call("POST", "/api/users", { as: owner, body: { userId: "ops", displayName: "Ops", roleIds: [role.body.id] } });
  expect(added.status).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

describe("fields the viewer's roles hide", () => {
  it("are blanked in the runs of the workflow and of the record; dry runs on them are refused", async () => {
    const workflow = await createWorkflow(server, owner, {
      name: "Big leads",
      entity: "lead",
      trigger: { type: "created" },
      // Under "any" the visible condition decides alone, so the run's outcome may be shown.
      conditions: {
        match: "any",
        rules: [
          { field: "value", op: "greaterThan", value: 1000 },
          { field: "company", op: "notEmpty" },
        ],
      },
      actions: [
        { type: "setField", field: "value", value: 7777 },
        { type: "addNote", text: "{record} was worth {value}" },
        { type: "setField", field: "source", value: "Web" },
      ],
    });
    const lead = await server.call("POST", "/api/leads", { as: owner, body: { name: "Acme deal", company: "Acme", value: 5123 } });
    expect(lead.status).toBe(201);
    await server.workflows.drain();

    // Nobody dry-runs a workflow on a field they may not see.
    const dry = await server.call("POST", `/api/config/workflows/${workflow.id}/dry-run`, { as: ops, body: { recordId: lead.body.id } });
    expect(dry.status).toBe(403);
    const draft = await server.call("POST", "/api/config/workflows/dry-run", {
      as: ops,
      body: { workflow: { name: "Draft", entity: "lead", trigger: { type: "manual" }, actions: [{ type: "notify", to: { kind: "owner" }, message: "{value}" }] }, recordId: lead.body.id },
    });
    expect(draft.status).toBe(403);

    // The Owner sees the values.
    const ownersDry = await server.call("POST", `/api/config/workflows/${workflow.id}/dry-run`, { as: owner, body: { recordId: lead.body.id } });
    expect(ownersDry.body.conditions.results[0].actual).toBe(7777);

    for (const path of [`/api/config/workflows/${workflow.id}/runs`, `/api/workflow-runs?entity=lead&recordId=${lead.body.id}`]) {
      const runs = await server.call("GET", path, { as: ops });
      expect(runs.status).toBe(200);
      expect(runs.body.items).toHaveLength(1);
      const [run] = runs.body.items;
      expect(JSON.stringify(run)).not.toContain("5123");
      expect(run.status).toBe("done");
      expect(run.conditions.results.map((result: { actual: unknown; passed: unknown }) => [result.actual, result.passed])).toEqual([
        [hidden, null],
        ["Acme", true],
      ]);
      expect(run.actions.map((action: { detail: string }) => action.detail)).toEqual([hidden, hidden, 'set source = "Web"']);
      const ownersRuns = await server.call("GET", path, { as: owner });
      expect(ownersRuns.body.items[0].conditions.results[0].actual).toBe(5123);
    }
  });
});
