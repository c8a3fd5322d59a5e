/**
 * The RACI service on real Azurite: the shipped chart until a tenant saves its own,
 * versioned saves guarded by ETag, audited; who holds a letter through their roles,
 * with the fallback to Owners; a role the chart names cannot be deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@crm/shared/policy";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";

let server: TestServer;
const { call, created } = apiAs(() => server);
const tenantId = "raci-service";
const founder = { tenantId, userId: "founder" };
let analystRole: string;
let cleanerRole: string;

const actor = async (userId: string): Promise<Actor> => (await server.services.actors.resolve({ tenantId, userId, displayName: userId, email: "" })).actor;
const ids = (holders: { userId: string }[]) => holders.map((holder) => holder.userId).sort();

beforeAll(async () => {
  server = await startTestServer({ workflowPollMs: 0 });
  await call(founder, "GET", "/api/me");
  analystRole = (await created(founder, "/api/roles", { name: "Analysts", template: "data-analyst" })).body.id;
  cleanerRole = (await created(founder, "/api/roles", { name: "Cleaners", template: "sales-rep" })).body.id;
  await created(founder, "/api/users", { userId: "ana", displayName: "Ana", roleIds: [analystRole] });
  await created(founder, "/api/users", { userId: "formy", displayName: "Formy", roleIds: [cleanerRole] });
  await created(founder, "/api/users", { userId: "gone", displayName: "Gone", roleIds: [analystRole] });
  await call(founder, "PATCH", "/api/users/gone", { active: false });
});
afterAll(async () => {
  await server.close();
});

describe("holdersOf", () => {
  it("finds the active users holding a letter through a role made from the named template; deactivated users are left out", async () => {
    const holders = await server.services.raci.holdersOf(tenantId, "dataCleanup", "R");
    expect(holders).toEqual([{ userId: "ana", displayName: "Ana", fallback: false }]);
  });

  it("falls back to the Owners when nobody holds the letter, or the task is not in the chart", async () => {
    expect(await server.services.raci.holdersOf(tenantId, "dataCleanup", "A")).toEqual([{ userId: "founder", displayName: "founder", fallback: true }]);
    expect(ids(await server.services.raci.holdersOf(tenantId, "noSuchTask", "R"))).toEqual(["founder"]);
  });

  it("gives everyone an Informed part where the chart says everyone", async () => {
    expect(ids(await server.services.raci.holdersOf(tenantId, "dataCleanup", "I"))).toEqual(["ana", "formy", "founder"]);
  });
});

describe("saving the chart", () => {
  it("starts from the shipped chart (version 0, no ETag), saves versions, and answers a stale save with 412", async () => {
    const owner = await actor("founder");
    const first = await server.services.raci.read(owner);
    expect(first).toMatchObject({ version: 0, canEdit: true, canEditTasks: true });
    expect(first.etag).toBeUndefined();
    const tasks = (await server.services.raci.chart(tenantId)).tasks.map((task) =>
      task.key === "dataCleanup" ? { ...task, assignments: { ...task.assignments, [cleanerRole]: "A" as const, "template:crm-manager": "C" as const } } : task,
    );
    const saved = await server.services.raci.save(owner, { tasks });
    expect(saved.version).toBe(1);
    expect(saved.etag).toBeTruthy();
    expect(ids(await server.services.raci.holdersOf(tenantId, "dataCleanup", "A"))).toEqual(["formy"]);
    const second = await server.services.raci.save(owner, { tasks }, saved.etag);
    expect(second.version).toBe(2);
    await expect(server.services.raci.save(owner, { tasks }, saved.etag)).rejects.toMatchObject({ code: "precondition_failed" });
    const audit = (await call(founder, "GET", "/api/audit?action=raci.save")).body.items;
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorId: "founder", outcome: "allowed" });
  });

  it("refuses a role the chart names being deleted, in words, with 409", async () => {
    const refused = await call(founder, "DELETE", `/api/roles/${cleanerRole}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/^(\d+ users still hold this role|The responsibilities chart names this role in Data cleanup \(Accountable\))/);
    await call(founder, "PATCH", "/api/users/formy", { roleIds: ["member"] });
    const stillUsed = await call(founder, "DELETE", `/api/roles/${cleanerRole}`);
    expect(stillUsed.status).toBe(409);
    expect(stillUsed.body.error.message).toBe("The responsibilities chart names this role in Data cleanup (Accountable): give those tasks another role first.");
  });

  it("lets a Member read but not save; a non-Owner with the forms permission changes cells but not tasks", async () => {
    const member = await actor("formy");
    const view = await server.services.raci.read(member);
    expect(view).toMatchObject({ canEdit: false, canEditTasks: false });
    await expect(server.services.raci.save(member, await server.services.raci.chart(tenantId))).rejects.toMatchObject({ code: "forbidden" });
    const formsRole = (await created(founder, "/api/roles", { name: "Form keepers", config: ["forms"] })).body.id;
    await call(founder, "PATCH", "/api/users/formy", { roleIds: [formsRole] });
    const keeper = await actor("formy");
    const chart = await server.services.raci.chart(tenantId);
    const recast = chart.tasks.map((task) => (task.key === "leadFollowUp" ? { ...task, assignments: { ...task.assignments, [formsRole]: "C" as const } } : task));
    expect((await server.services.raci.save(keeper, { tasks: recast })).version).toBe(3);
    const renamed = recast.map((task) => (task.key === "leadFollowUp" ? { ...task, name: "Chasing leads" } : task));
    await expect(server.services.raci.save(keeper, { tasks: renamed })).rejects.toMatchObject({
      code: "forbidden",
      message: "You are not allowed to do this: only an Owner adds, renames or removes tasks",
    });
    await expect(server.services.raci.save(keeper, { tasks: recast.slice(1) })).rejects.toMatchObject({ code: "forbidden" });
  });
});
