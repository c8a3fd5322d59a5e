/**
 * The workflows permission does not widen what a person may read. A workflow's
 * runs, its last run and its dead letters carry record values (conditions'
 * `actual`, action details, events' from/to): those on a record the viewer may
 * not read are not shown at all, as the record itself answers 404.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, createWorkflow, setUpTenant } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let server: TestServer;
const tenantId = "wfunreadable";
const owner = { tenantId, userId: "owner" };
const clerk = { tenantId, userId: "clerk" };
const ownWork = { create: "all", read: "own", update: "own", delete: "own", assign: "none", export: "own" };
const secret = 987_654;

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await setUpTenant(server, tenantId, ["bob"]);
  // Configures workflows, but reads only the records they own.
  const role = await server.call("POST", "/api/roles", { as: owner, body: { name: "Workflow clerk", entities: { lead: ownWork, opportunity: ownWork, case: ownWork }, config: ["workflows"] } });
  expect(role.status).toBe(201);
  expect((await server.call("POST", "/api/users", { as: owner, body: { userId: "clerk", displayName: "Clerk", roleIds: [role.body.id] } })).status).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

describe("workflow results on records the viewer may not read", () => {
  it("leaves out their runs, last runs and dead letters, and will not retry them", async () => {
    const big = await createWorkflow(server, owner, {
      name: "Big leads",
      entity: "lead",
      trigger: { type: "created" },
      roleIds: ["owner"],
      conditions: { match: "all", rules: [{ field: "value", op: "greaterThan", value: 1 }] },
      actions: [{ type: "setField", field: "source", value: "Web" }],
    });
    const toBob = await createWorkflow(server, owner, {
      name: "Give to Bob",
      entity: "lead",
      trigger: { type: "created" },
      roleIds: ["owner"],
      actions: [{ type: "assign", strategy: "user", userId: "bob" }],
    });
    // Bob leaves: assigning to him fails for good, so each run becomes a dead letter.
    expect((await server.call("PATCH", "/api/users/bob", { as: owner, body: { active: false } })).status).toBe(200);
    const mine = await server.call("POST", "/api/leads", { as: clerk, body: { name: "Clerk's lead", value: 5 } });
    clock.advance(60_000);
    const theirs = await server.call("POST", "/api/leads", { as: owner, body: { name: "Owner's lead", value: secret } });
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    await server.workflows.drain();
    expect((await server.call("GET", `/api/leads/${theirs.body.id}`, { as: clerk })).status).toBe(404);

    const runs = await server.call("GET", `/api/config/workflows/${big.id}/runs`, { as: clerk });
    expect(runs.status).toBe(200);
    expect(runs.body.items.map((run: { recordId: string }) => run.recordId)).toEqual([mine.body.id]);

    const list = await server.call("GET", "/api/config/workflows", { as: clerk });
    const listed = new Map(list.body.items.map((workflow: { id: string }) => [workflow.id, workflow]));
    expect((listed.get(big.id) as { lastRun?: unknown }).lastRun).toBeUndefined();
    expect((listed.get(toBob.id) as { openDeadLetters: number }).openDeadLetters).toBe(1);

    const letters = await server.call("GET", "/api/config/workflow-dead-letters", { as: clerk });
    expect(letters.body.items.map((letter: { recordId?: string }) => letter.recordId)).toEqual([mine.body.id]);

    for (const answer of [runs, list, letters]) {
      expect(answer.text).not.toContain(String(secret));
      expect(answer.text).not.toContain(theirs.body.id);
    }

    // The Owner sees both, and the clerk may not retry the one they were not shown.
    const ownersLetters = (await server.call("GET", "/api/config/workflow-dead-letters", { as: owner })).body.items as { id: string; recordId?: string }[];
    expect(ownersLetters.map((letter) => letter.recordId).sort()).toEqual([mine.body.id, theirs.body.id].sort());
    expect((await server.call("GET", `/api/config/workflows/${big.id}/runs`, { as: owner })).body.items).toHaveLength(2);
    const hiddenLetter = ownersLetters.find((letter) => letter.recordId === theirs.body.id)!;
    const retried = await server.call("POST", `/api/config/workflow-dead-letters/${hiddenLetter.id}/retry`, { as: clerk });
    expect(retried.status).toBe(404);
    expect(retried.text).not.toContain(String(secret));
  });
});
