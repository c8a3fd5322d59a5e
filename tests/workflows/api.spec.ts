import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, createWorkflow, setUpTenant } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let server: TestServer;
const tenantId = "wfapi";
const owner = { tenantId, userId: "owner" };
const ann = { tenantId, userId: "ann" };

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await setUpTenant(server, tenantId, ["ann", "bob"]);
});
afterAll(async () => {
  await server?.close();
});

const valid = { name: "Tag web leads", entity: "lead", trigger: { type: "created" }, actions: [{ type: "setField", field: "source", value: "Web" }] };
const fieldsOf = (response: { body: { error: { details: { fields: { field: string; message: string }[] } } } }) => response.body.error.details.fields;

describe("who may configure workflows", () => {
  it("refuses a Member every configuration route with 403", async () => {
    const created = await createWorkflow(server, owner, valid);
    const calls: [string, string, unknown?][] = [
      ["GET", "/api/config/workflows"],
      ["POST", "/api/config/workflows", valid],
      ["GET", `/api/config/workflows/${created.id}`],
      ["PUT", `/api/config/workflows/${created.id}`, valid],
      ["DELETE", `/api/config/workflows/${created.id}`],
      ["POST", `/api/config/workflows/${created.id}/disable`],
      ["GET", `/api/config/workflows/${created.id}/runs`],
      ["GET", "/api/config/workflow-templates"],
      ["GET", "/api/config/workflow-dead-letters"],
      ["PUT", "/api/config/case-workflow", { statuses: ["New"], unansweredStatuses: [], transitions: [], sla: [] }],
    ];
    for (const [method, path, body] of calls) {
      const response = await server.call(method, path, { as: ann, ...(body !== undefined ? { body } : {}) });
      expect({ path, method, status: response.status }).toEqual({ path, method, status: 403 });
    }
    const still = await server.call("GET", `/api/config/workflows/${created.id}`, { as: owner });
    expect(still.body).toMatchObject({ name: "Tag web leads", enabled: true });
    await server.call("DELETE", `/api/config/workflows/${created.id}`, { as: owner });
  });

  it("lets a custom role with the workflows permission in", async () => {
    const role = await server.call("POST", "/api/roles", { as: owner, body: { name: "Ops", template: "sales-ops-lead" } });
    expect(role.status).toBe(201);
    await server.call("POST", "/api/users", { as: owner, body: { userId: "ops", displayName: "Ops", roleIds: [role.body.id] } });
    const list = await server.call("GET", "/api/config/workflows", { as: { tenantId, userId: "ops" } });
    expect(list.status).toBe(200);
  });
});

describe("invalid definitions", () => {
  const refused = async (body: unknown) => {
    const response = await server.call("POST", "/api/config/workflows", { as: owner, body });
    expect(response.status).toBe(400);
    return fieldsOf(response);
  };

  it("names an unknown field", async () => {
    const fields = await refused({ ...valid, conditions: { match: "all", rules: [{ field: "shoeSize", op: "equals", value: 42 }] } });
    expect(fields).toEqual([{ field: "conditions.rules[0].field", message: '"shoeSize" is not a field of this form.' }]);
    expect(await refused({ ...valid, actions: [{ type: "setField", field: "nope", value: 1 }] })).toEqual([{ field: "actions[0].field", message: '"nope" is not a field of this form.' }]);
    expect(await refused({ ...valid, trigger: { type: "timeAfterField", field: "company", after: { amount: 2, unit: "days" } } })).toEqual([
      { field: "trigger.field", message: '"company" is not a date field.' },
    ]);
  });

  it("names a value of the wrong type", async () => {
    expect(await refused({ ...valid, conditions: { match: "all", rules: [{ field: "value", op: "greaterThan", value: "lots" }] } })).toEqual([
      { field: "conditions.rules[0].value", message: "The value must be a number for this field." },
    ]);
    expect(await refused({ ...valid, actions: [{ type: "setField", field: "status", value: "Maybe" }] })).toEqual([
      { field: "actions[0].value", message: "Status must be one of: New, Contacted, Qualified, Unqualified, Converted." },
    ]);
    expect(await refused({ ...valid, conditions: { match: "all", rules: [{ field: "company", op: "greaterThan", value: "A" }] } })).toEqual([
      { field: "conditions.rules[0].op", message: '"greaterThan" works on numbers and dates; "company" is text.' },
    ]);
  });

  it("names missing and unexpected parts of a trigger or an action", async () => {
    const fields = await refused({ ...valid, trigger: { type: "noActivity" }, actions: [{ type: "assign", strategy: "user", user: "ann" }] });
    expect(fields).toEqual(
      expect.arrayContaining([
        { field: "trigger.after", message: "This field is required." },
        { field: "actions[0].userId", message: "This field is required." },
        { field: "actions[0].user", message: "This field is not accepted here." },
      ]),
    );
    expect(await refused({ ...valid, actions: [{ type: "assign", strategy: "user", userId: "nobody" }] })).toEqual([
      { field: "actions[0].userId", message: "There is no user with this id in your organisation." },
    ]);
  });

  it("refuses workflows that would start each other without end", async () => {
    const self = await refused({ ...valid, name: "Flip", trigger: { type: "statusChanged" }, actions: [{ type: "setField", field: "status", value: "Contacted" }] });
    expect(self[0]!.field).toBe("actions");
    expect(self[0]!.message).toContain("Flip → Flip");
    const first = await createWorkflow(server, owner, { ...valid, name: "A", trigger: { type: "fieldChanged", field: "company" }, actions: [{ type: "setField", field: "source", value: "Web" }] });
    const second = await refused({ ...valid, name: "B", trigger: { type: "fieldChanged", field: "source", to: "Web" }, actions: [{ type: "setField", field: "company", value: "X" }] });
    expect(second[0]!.message).toMatch(/A → B → A|B → A → B/);
    await server.call("DELETE", `/api/config/workflows/${first.id}`, { as: owner });
  });
});

describe("dry run, manual run, runs, dead letters", () => {
  it("shows what would happen to a record without changing it", async () => {
    const lead = await server.call("POST", "/api/leads", { as: owner, body: { name: "Dry", value: 5000 } });
    const workflow = await createWorkflow(server, owner, {
      name: "Big leads to bob",
      entity: "lead",
      enabled: false,
      trigger: { type: "manual" },
      conditions: { match: "all", rules: [{ field: "value", op: "greaterThan", value: 1000 }] },
      actions: [
        { type: "assign", strategy: "user", userId: "bob" },
        { type: "notify", to: { kind: "owner" }, message: "{record} ({value}) is big" },
      ],
    });
    const dry = await server.call("POST", `/api/config/workflows/${workflow.id}/dry-run`, { as: owner, body: { recordId: lead.body.id } });
    expect(dry.status).toBe(200);
    expect(dry.body.wouldRun).toBe(true);
    expect(dry.body.conditions.results[0]).toMatchObject({ field: "value", actual: 5000, passed: true });
    expect(dry.body.actions.map((action: { preview: string }) => action.preview)).toEqual(["would assign to bob", 'would tell owner: "Dry (5000) is big"']);
    expect((await server.call("GET", `/api/leads/${lead.body.id}`, { as: owner })).body.ownerId).toBe("owner");
    await server.workflows.drain();
    expect((await server.call("GET", `/api/config/workflows/${workflow.id}/runs`, { as: owner })).body.items).toHaveLength(0);

    // Run it for real on that record.
    const run = await server.call("POST", `/api/config/workflows/${workflow.id}/run`, { as: owner, body: { recordId: lead.body.id } });
    expect(run.status).toBe(202);
    await server.workflows.drain();
    expect((await server.call("GET", `/api/leads/${lead.body.id}`, { as: owner })).body.ownerId).toBe("bob");
    const runs = (await server.call("GET", `/api/config/workflows/${workflow.id}/runs`, { as: owner })).body.items;
    expect(runs[0]).toMatchObject({ status: "done", cause: "run by owner", actions: [{ outcome: "done" }, { outcome: "done" }] });
    // bob sees the run on his record; ann cannot even see the record.
    expect((await server.call("GET", `/api/workflow-runs?entity=lead&recordId=${lead.body.id}`, { as: { tenantId, userId: "bob" } })).body.items).toHaveLength(1);
    expect((await server.call("GET", `/api/workflow-runs?entity=lead&recordId=${lead.body.id}`, { as: ann })).status).toBe(404);
  });

  it("dead-letters an action that cannot succeed, with the reason, and retries it when the Owner asks", async () => {
    const workflow = await createWorkflow(server, owner, {
      name: "Cases to ann",
      entity: "case",
      trigger: { type: "created" },
      actions: [{ type: "assign", strategy: "user", userId: "ann" }],
    });
    expect((await server.call("PATCH", "/api/users/ann", { as: owner, body: { active: false } })).status).toBe(200);
    const created = await server.call("POST", "/api/cases", { as: owner, body: { title: "Broken printer" } });
    await server.workflows.drain();
    const letters = (await server.call("GET", "/api/config/workflow-dead-letters", { as: owner })).body.items;
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ workflowId: workflow.id, recordId: created.body.id, reason: expect.stringContaining("no active user") });
    const runs = (await server.call("GET", `/api/config/workflows/${workflow.id}/runs`, { as: owner })).body.items;
    expect(runs[0]).toMatchObject({ status: "failed", message: expect.stringContaining("no active user") });

    expect((await server.call("PATCH", "/api/users/ann", { as: owner, body: { active: true } })).status).toBe(200);
    expect((await server.call("POST", `/api/config/workflow-dead-letters/${letters[0].id}/retry`, { as: owner })).status).toBe(200);
    await server.workflows.drain();
    expect((await server.call("GET", `/api/cases/${created.body.id}`, { as: owner })).body.ownerId).toBe("ann");
    expect((await server.call("GET", "/api/config/workflow-dead-letters", { as: owner })).body.items).toHaveLength(0);
    await server.call("POST", `/api/config/workflows/${workflow.id}/disable`, { as: owner });
  });

  it("stops a chain of workflows that keep starting each other, with a clear message", async () => {
    const guard = { match: "all", rules: [{ field: "name", op: "notEmpty" }] };
    const ping = await createWorkflow(server, owner, {
      name: "Ping",
      entity: "lead",
      trigger: { type: "statusChanged", to: "Contacted" },
      conditions: guard,
      actions: [{ type: "setField", field: "status", value: "New" }],
    });
    const pong = await createWorkflow(server, owner, {
      name: "Pong",
      entity: "lead",
      trigger: { type: "statusChanged", to: "New" },
      conditions: guard,
      actions: [{ type: "setField", field: "status", value: "Contacted" }],
    });
    const lead = await server.call("POST", "/api/leads", { as: owner, body: { name: "Loop", status: "New" } });
    const changed = await server.call("PATCH", `/api/leads/${lead.body.id}`, { as: owner, body: { status: "Contacted" }, headers: { "if-match": lead.body.etag } });
    expect(changed.status).toBe(200);
    await server.workflows.drain();
    const runs = (await server.call("GET", `/api/workflow-runs?entity=lead&recordId=${lead.body.id}&pageSize=50`, { as: owner })).body.items;
    const stopped = runs.filter((run: { status: string }) => run.status === "stopped");
    expect(stopped).toHaveLength(1);
    expect(stopped[0].message).toContain("chain of 6 workflow changes in a row (the limit is 5)");
    expect(runs.filter((run: { status: string }) => run.status === "done")).toHaveLength(6);
    for (const workflow of [ping, pong]) await server.call("DELETE", `/api/config/workflows/${workflow.id}`, { as: owner });
  });

  it("gives a Member their follow-up task, which they can mark done", async () => {
    await createWorkflow(server, owner, {
      name: "Qualified: plan a call",
      entity: "lead",
      trigger: { type: "statusChanged", to: "Qualified" },
      actions: [{ type: "createTask", kind: "task", title: "Call {record}", due: { amount: 2, unit: "days" }, assignTo: { kind: "owner" } }],
    });
    const lead = await server.call("POST", "/api/leads", { as: { tenantId, userId: "bob" }, body: { name: "Umbrella", status: "New" } });
    await server.call("PATCH", `/api/leads/${lead.body.id}`, { as: { tenantId, userId: "bob" }, body: { status: "Qualified" }, headers: { "if-match": lead.body.etag } });
    await server.workflows.drain();
    const tasks = (await server.call("GET", "/api/tasks", { as: { tenantId, userId: "bob" } })).body.items;
    expect(tasks).toEqual([expect.objectContaining({ title: "Call Umbrella", recordId: lead.body.id, done: false })]);
    expect((await server.call("GET", "/api/tasks", { as: ann })).body.items).toHaveLength(0);
    const done = await server.call("PATCH", `/api/tasks/${tasks[0].id}`, { as: { tenantId, userId: "bob" }, body: { done: true } });
    expect(done.body.done).toBe(true);
    expect((await server.call("PATCH", `/api/tasks/${tasks[0].id}`, { as: ann, body: { done: true } })).status).toBe(404);
  });

  it("builds every template", async () => {
    const templates = (await server.call("GET", "/api/config/workflow-templates", { as: owner })).body.items;
    expect(templates.map((template: { id: string }) => template.id)).toEqual(["round-robin-new-leads", "stale-opportunity-reminder", "escalate-unanswered-cases", "deal-won-to-channel"]);
    for (const template of templates) {
      const body = template.needs.includes("channelId") ? { channelId: "19:sales@thread.tacv2", enabled: false } : { enabled: false };
      const created = await server.call("POST", `/api/config/workflow-templates/${template.id}`, { as: owner, body });
      expect({ id: template.id, status: created.status }).toEqual({ id: template.id, status: 201 });
    }
    const missing = await server.call("POST", "/api/config/workflow-templates/deal-won-to-channel", { as: owner, body: {} });
    expect(fieldsOf(missing)).toEqual([{ field: "channelId", message: "This template needs it." }]);
  });
});
