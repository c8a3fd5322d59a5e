/** Dry runs and run histories name people by display name, from one read of the tenant's users per request. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, createWorkflow } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let server: TestServer;
const tenantId = "wfnames";
const owner = { tenantId, userId: "owner", displayName: "Olivia Owner" };
const bob = { tenantId, userId: "bob", displayName: "Bob Stone" };
let userReads = 0;

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  expect((await server.call("GET", "/api/me", { as: owner })).status).toBe(200);
  for (const [userId, displayName] of [
    ["ann", "Ann Lee"],
    ["bob", "Bob Stone"],
    ["ann.lee", "Another Ann"],
  ]) {
    expect((await server.call("POST", "/api/users", { as: owner, body: { userId, displayName } })).status).toBe(201);
  }
  // Counts list queries of the users' range on the configuration table, whoever makes them.
  server.services.store.table("config").pipeline.addPolicy({
    name: "countUserListReads",
    sendRequest: (request, next) => {
      if (request.method === "GET" && decodeURIComponent(request.url).includes("RowKey ge 'user|'")) userReads += 1;
      return next(request);
    },
  });
});
afterAll(async () => {
  await server?.close();
});

const routine = {
  name: "Hand over",
  entity: "lead",
  enabled: false,
  trigger: { type: "manual" },
  conditions: { match: "all", rules: [{ field: "ownerId", op: "equals", value: "owner" }] },
  actions: [
    { type: "assign", strategy: "user", userId: "bob" },
    { type: "createTask", kind: "task", title: "Call {record}", due: { amount: 1, unit: "days" }, assignTo: { kind: "user", userId: "ann" } },
    { type: "notify", to: { kind: "user", userId: "ann.lee" }, message: "{record} went to bob" },
  ],
};

describe("people by name", () => {
  it("in a dry run: descriptions, previews and conditions", async () => {
    const workflow = await createWorkflow(server, owner, routine);
    const lead = await server.call("POST", "/api/leads", { as: owner, body: { name: "Fabrikam" } });
    userReads = 0;
    const dry = await server.call("POST", `/api/config/workflows/${workflow.id}/dry-run`, { as: owner, body: { recordId: lead.body.id } });
    expect(dry.status).toBe(200);
    expect(userReads).toBe(1);
    expect(dry.body.conditions.described).toEqual(['ownerId is "Olivia Owner"']);
    expect(dry.body.actions.map((action: { description: string }) => action.description)).toEqual([
      "Assign to Bob Stone",
      'Create a task "Call {record}" for Ann Lee, due in 1 day',
      'Tell Another Ann: "{record} went to bob"',
    ]);
    expect(dry.body.actions.map((action: { preview: string }) => action.preview)).toEqual([
      "would assign to Bob Stone",
      'would create the task "Call Fabrikam" for Ann Lee, due 2026-03-03T09:00:00.000Z',
      // The message is the user's own text: left as written.
      'would tell Another Ann: "Fabrikam went to bob"',
    ]);
    // The draft dry run says the same.
    const draft = await server.call("POST", "/api/config/workflows/dry-run", { as: owner, body: { workflow: routine, recordId: lead.body.id } });
    expect(draft.body.actions.map((action: { preview: string }) => action.preview)).toEqual(dry.body.actions.map((action: { preview: string }) => action.preview));
  });

  it("in the run history of the workflow and of the record, with one read of the users per page", async () => {
    const workflow = (await server.call("GET", "/api/config/workflows", { as: owner })).body.items.find((item: { name: string }) => item.name === "Hand over");
    const leads = [];
    for (const name of ["Contoso", "Litware"]) {
      const lead = await server.call("POST", "/api/leads", { as: owner, body: { name } });
      leads.push(lead.body.id as string);
      expect((await server.call("POST", `/api/config/workflows/${workflow.id}/run`, { as: owner, body: { recordId: lead.body.id } })).status).toBe(202);
    }
    await server.workflows.drain();

    userReads = 0;
    const runs = (await server.call("GET", `/api/config/workflows/${workflow.id}/runs`, { as: owner })).body.items;
    expect(userReads).toBe(1);
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.status).toBe("done");
      expect(run.people).toBeUndefined();
      expect(run.actions.map((action: { description: string; detail: string; people?: unknown }) => [action.description, action.detail.replace(/due .*/, "due …"), action.people])).toEqual([
        ["Assign to Bob Stone", "assigned to Bob Stone", undefined],
        ['Create a task "Call {record}" for Ann Lee, due in 1 day', "task for Ann Lee, due …", undefined],
        ['Tell Another Ann: "{record} went to bob"', "told Another Ann", undefined],
      ]);
    }

    // Bob owns the record now and sees the same words.
    userReads = 0;
    const onRecord = (await server.call("GET", `/api/workflow-runs?entity=lead&recordId=${leads[0]}`, { as: bob })).body.items;
    expect(userReads).toBe(1);
    expect(onRecord[0].actions[0]).toMatchObject({ description: "Assign to Bob Stone", detail: "assigned to Bob Stone" });

    // An empty page reads no users.
    userReads = 0;
    const none = await server.call("POST", "/api/leads", { as: owner, body: { name: "Quiet" } });
    expect((await server.call("GET", `/api/workflow-runs?entity=lead&recordId=${none.body.id}`, { as: owner })).body.items).toEqual([]);
    expect(userReads).toBe(0);
  });

  it("names the people in runs recorded before runs listed whom they name", async () => {
    await server.workflows.stores.runs.record(tenantId, {
      id: "legacy",
      tenantId,
      workflowId: "legacyworkflow00000",
      workflowName: "Old",
      entity: "lead",
      recordId: "legacyrecord0000000",
      trigger: "When a record is created",
      cause: "record.created",
      status: "failed",
      actions: [{ type: "assign", description: "Assign to ann", outcome: "failed", detail: "ann.lee is not active; annie and bobby are" }],
      attempts: 1,
      causedAt: "2026-03-01T09:00:00.000Z",
      finishedAt: "2026-03-01T09:00:00.000Z",
      message: "Could not assign to bob.",
      depth: 0,
    });
    const [run] = (await server.call("GET", "/api/config/workflows/legacyworkflow00000/runs", { as: owner })).body.items;
    expect(run.actions[0]).toMatchObject({ description: "Assign to Ann Lee", detail: "Another Ann is not active; annie and bobby are" });
    expect(run.message).toBe("Could not assign to Bob Stone.");
  });
});
