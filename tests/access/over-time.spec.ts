/**
 * What happens to access on its own, on real Azurite with a clock the test moves:
 * undecided requests expire, time-bound grants are reminded of and end on time,
 * exactly once, also when the jobs are run by a fresh set of services (a restart)
 * or run twice; extending is a new request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "@crm/shared/services";
import { StoredNotificationPort } from "@crm/shared/storage";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";
import { TestClock, days } from "../workflows/support.js";

let server: TestServer;
const clock = new TestClock(Date.parse("2026-11-02T09:00:00Z"));
const { call, created } = apiAs(() => server);
const tenantId = "access-over-time";
const founder = { tenantId, userId: "founder" };
const olga = { tenantId, userId: "olga" };
const rep = { tenantId, userId: "rep" };
let manager: string;
const at = (n: number) => new Date(clock.now().getTime() + days(n)).toISOString();

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await call(founder, "GET", "/api/me");
  manager = (await created(founder, "/api/roles", { name: "Sales Manager", template: "sales-manager" })).body.id;
  await created(founder, "/api/users", { userId: "olga", displayName: "Olga", roleIds: ["owner"] });
  await created(founder, "/api/users", { userId: "rep", displayName: "Rep" });
  await call(founder, "PUT", `/api/access/policies/${manager}`, { approvers: { kind: "owners" }, approvalsNeeded: 1, maxDays: 30, justificationRequired: true, expiresAfterDays: 3 });
});
afterAll(async () => {
  await server.close();
});

const rolesOf = async (userId: string) => (await call(founder, "GET", "/api/users")).body.items.find((user: { userId: string }) => user.userId === userId).roleIds as string[];
const titlesFor = async (userId: string) =>
  (await server.services.workflowEngine.storedNotifications!.pending(tenantId))
    .filter((notification) => notification.recipient.kind === "user" && notification.recipient.userId === userId)
    .map((notification) => notification.title);

describe("undecided requests", () => {
  it("expire after the policy's days; the requester is told once; nobody decides them after", async () => {
    const asked = await created(rep, "/api/access/requests", { roleId: manager, justification: "Quarter close", endsAt: at(10) });
    clock.advance(days(2));
    await server.services.accessJobs.drain();
    // A job run early (another instance's clock) finds the request not yet expired.
    await server.services.accessRequests.expire(tenantId, asked.body.id);
    expect((await call(rep, "GET", `/api/access/requests/${asked.body.id}`)).body.status).toBe("pending");
    clock.advance(days(1) + 1000);
    expect(await server.services.accessJobs.drain()).toBeGreaterThan(0);
    expect((await call(rep, "GET", `/api/access/requests/${asked.body.id}`)).body).toMatchObject({ status: "expired" });
    await server.services.accessJobs.drain();
    expect((await titlesFor("rep")).filter((title) => title === "Access request expired: Sales Manager")).toHaveLength(1);
    const late = await call(olga, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "approve" });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe("This request expired before anyone decided it.");
    const audit = (await call(founder, "GET", "/api/audit?action=access.expire")).body.items;
    expect(audit).toEqual([expect.objectContaining({ actorId: "system", reason: "nobody decided in time" })]);
  });
});

describe("time-bound grants", () => {
  let requestId: string;

  it("are reminded of a few days before they end", async () => {
    const asked = await created(rep, "/api/access/requests", { roleId: manager, justification: "Covering for Max", endsAt: at(10) });
    requestId = asked.body.id;
    await call(olga, "POST", `/api/access/requests/${requestId}/decision`, { outcome: "approve" });
    expect(await rolesOf("rep")).toContain(manager);
    clock.advance(days(6));
    await server.services.accessJobs.drain();
    expect(await titlesFor("rep")).not.toContain("Access ends soon: Sales Manager");
    clock.advance(days(1) + 1000);
    await server.services.accessJobs.drain();
    expect(await titlesFor("rep")).toContain("Access ends soon: Sales Manager");
    expect(await titlesFor("olga")).toContain("Access ends soon: Sales Manager");
    expect(await rolesOf("rep")).toContain(manager);
  });

  it("end on time, exactly once, when the jobs run in a fresh process over the same storage", async () => {
    clock.advance(days(3));
    // A new set of services over the same tables is what a restarted instance has: the job lives in storage, not in memory.
    const restarted = createServices(server.services.store, clock, { holderId: "restarted-instance" });
    await server.services.accessJobs.stop();
    expect(await restarted.accessJobs.drain()).toBeGreaterThan(0);
    await restarted.accessJobs.stop();
    expect(await rolesOf("rep")).not.toContain(manager);
    expect((await call(founder, "GET", "/api/access/grants")).body.items).toEqual([]);
    await server.services.accessJobs.drain();
    await restarted.accessJobs.drain();
    const audit = (await call(founder, "GET", "/api/audit?action=access.grantEnd")).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: "system", reason: "the grant of role Sales Manager reached its end date" });
    const stored = new StoredNotificationPort(server.services.store, clock);
    const ended = (await stored.pending(tenantId)).filter((notification) => notification.title === "Access ended: Sales Manager");
    expect(ended.map((notification) => (notification.recipient.kind === "user" ? notification.recipient.userId : "")).sort()).toEqual(["olga", "rep"]);
  });

  it("extending is a new request: the old end passes without taking the role away", async () => {
    const first = await created(rep, "/api/access/requests", { roleId: manager, justification: "Again", endsAt: at(5) });
    await call(olga, "POST", `/api/access/requests/${first.body.id}/decision`, { outcome: "approve" });
    const tooEarly = await call(rep, "POST", "/api/access/requests", { roleId: manager, justification: "Longer", endsAt: at(4) });
    expect(tooEarly.status).toBe(400);
    expect(tooEarly.body.error.details.fields[0].message).toMatch(/an extension ends later/);
    const extension = await created(rep, "/api/access/requests", { roleId: manager, justification: "Longer", endsAt: at(20) });
    await call(olga, "POST", `/api/access/requests/${extension.body.id}/decision`, { outcome: "approve" });
    clock.advance(days(6));
    await server.services.accessJobs.drain();
    expect(await rolesOf("rep")).toContain(manager);
    clock.advance(days(15));
    await server.services.accessJobs.drain();
    expect(await rolesOf("rep")).not.toContain(manager);
  });

  it("a role taken away by hand and given again is permanent: the old end does nothing", async () => {
    const asked = await created(rep, "/api/access/requests", { roleId: manager, justification: "Once more", endsAt: at(5) });
    await call(olga, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "approve" });
    expect((await call(founder, "PATCH", "/api/users/rep", { roleIds: ["member"] })).status).toBe(200);
    expect((await call(founder, "GET", "/api/access/grants")).body.items).toEqual([]);
    await call(founder, "DELETE", `/api/access/policies/${manager}`);
    expect((await call(founder, "PATCH", "/api/users/rep", { roleIds: ["member", manager] })).body.roleIds).toContain(manager);
    clock.advance(days(6));
    await server.services.accessJobs.drain();
    expect(await rolesOf("rep")).toContain(manager);
  });
});
