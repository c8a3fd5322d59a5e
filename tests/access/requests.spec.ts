/**
 * Access requests over HTTP, on real Azurite: a grant that needs approval waits as a
 * request, four eyes decide it, the role is given once approved; asking for yourself;
 * two approvers at once; every step in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "@crm/shared/services";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";
import { TestClock, days } from "../workflows/support.js";

let server: TestServer;
const clock = new TestClock(Date.parse("2026-10-01T09:00:00Z"));
const { call, created } = apiAs(() => server);
const tenantId = "approvals";
const founder = { tenantId, userId: "founder" };
const olga = { tenantId, userId: "olga" };
const otto = { tenantId, userId: "otto" };
const rep = { tenantId, userId: "rep" };
const kim = { tenantId, userId: "kim" };
let salesManager: string;
const inDays = (n: number) => new Date(clock.now().getTime() + days(n)).toISOString();

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await call(founder, "GET", "/api/me");
  salesManager = (await created(founder, "/api/roles", { name: "Sales Manager", template: "sales-manager" })).body.id;
  for (const [userId, roleIds] of [
    ["olga", ["owner"]],
    ["otto", ["owner"]],
    ["rep", ["member"]],
    ["kim", ["member"]],
  ] as const) {
    await created(founder, "/api/users", { userId, displayName: userId[0]!.toUpperCase() + userId.slice(1), roleIds });
  }
  const policy = await call(founder, "PUT", `/api/access/policies/${salesManager}`, {
    approvers: { kind: "owners" },
    approvalsNeeded: 1,
    maxDays: 30,
    justificationRequired: true,
    expiresAfterDays: 7,
  });
  expect(policy.status, policy.text).toBe(200);
});
afterAll(async () => {
  await server.close();
});

const rolesOf = async (userId: string) => (await call(founder, "GET", "/api/users")).body.items.find((user: { userId: string }) => user.userId === userId).roleIds as string[];

describe("a manager's grant that needs approval", () => {
  it("needs a justification and an end date: without them nothing is saved", async () => {
    const bare = await call(founder, "PATCH", "/api/users/rep", { roleIds: ["member", salesManager], displayName: "Rep Renamed" });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details.fields.map((field: { field: string }) => field.field)).toEqual(["access.justification", "access.endsAt"]);
    expect(bare.body.error.message).toMatch(/Sales Manager needs approval/);
    const users = (await call(founder, "GET", "/api/users")).body.items;
    expect(users.find((user: { userId: string }) => user.userId === "rep")).toMatchObject({ displayName: "Rep", roleIds: ["member"] });
  });

  it("is held back as a request; the rest of the change is made", async () => {
    const patched = await call(founder, "PATCH", "/api/users/rep", {
      roleIds: ["member", salesManager],
      displayName: "Rep Renamed",
      access: { justification: "Covers Q4 renewals", endsAt: inDays(20) },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ displayName: "Rep Renamed", roleIds: ["member"] });
    expect(patched.body.pendingRequests).toEqual([
      expect.objectContaining({
        roleName: "Sales Manager",
        subject: { id: "rep", name: "Rep Renamed" },
        requester: { id: "founder", name: "founder" },
        status: "pending",
        justification: "Covers Q4 renewals",
      }),
    ]);
    expect(await rolesOf("rep")).toEqual(["member"]);
  });

  it("four eyes: the requester and the subject never decide it, another Owner does", async () => {
    const [request] = (await call(olga, "GET", "/api/access/requests")).body.items;
    expect(request).toMatchObject({ subject: { id: "rep" }, canDecide: true });
    const byRequester = await call(founder, "POST", `/api/access/requests/${request.id}/decision`, { outcome: "approve" });
    expect(byRequester.status).toBe(403);
    expect(byRequester.body.error.details.reason).toBe("nobody decides a request they made");
    expect((await call(founder, "GET", "/api/access/requests")).body.items).toEqual([]);
    const bySubject = await call(rep, "POST", `/api/access/requests/${request.id}/decision`, { outcome: "approve" });
    expect(bySubject.status).toBe(403);

    const approved = await call(olga, "POST", `/api/access/requests/${request.id}/decision`, { outcome: "approve", comment: "Fine for Q4" });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body).toMatchObject({ status: "approved", decisions: [{ approverName: "Olga", outcome: "approve", comment: "Fine for Q4" }] });
    expect(approved.body.appliedAt).toBeDefined();
    expect(await rolesOf("rep")).toEqual(["member", salesManager]);
    const grants = (await call(founder, "GET", "/api/access/grants")).body.items;
    expect(grants).toEqual([expect.objectContaining({ userId: "rep", roleId: salesManager, requestId: request.id })]);

    const again = await call(otto, "POST", `/api/access/requests/${request.id}/decision`, { outcome: "deny" });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("Olga already approved this request on 1 Oct 2026.");
  });

  it("audits the request, the decision and the grant with their reasons", async () => {
    const audit = (await call(founder, "GET", "/api/audit?pageSize=50")).body.items as { action: string; reason: string; actorId: string; outcome: string }[];
    const actions = audit.map((entry) => entry.action);
    for (const action of ["access.request", "access.approve", "access.grant", "access.grantEnds", "access.applied"]) expect(actions).toContain(action);
    expect(audit.find((entry) => entry.action === "access.request")!.reason).toBe("asked for role Sales Manager: Covers Q4 renewals");
    expect(audit.find((entry) => entry.action === "access.approve" && entry.outcome === "allowed")).toMatchObject({
      actorId: "olga",
      reason: "approved role Sales Manager for Rep Renamed: Fine for Q4",
    });
    expect(audit.some((entry) => entry.action === "access.approve" && entry.outcome === "denied" && entry.actorId === "founder")).toBe(true);
  });

  it("tells the approvers when asked and the requester and subject when decided", async () => {
    const stored = await server.services.workflowEngine.storedNotifications!.pending(tenantId);
    const texts = stored.map((notification) => `${notification.recipient.kind === "user" ? notification.recipient.userId : ""}: ${notification.title}`);
    expect(texts).toEqual(
      expect.arrayContaining([
        "olga: Access request: Sales Manager for Rep Renamed",
        "otto: Access request: Sales Manager for Rep Renamed",
        "rep: Access request for you: Sales Manager",
        "founder: Access approved: Sales Manager",
        "rep: Access approved: Sales Manager",
      ]),
    );
    expect(texts).not.toContain("founder: Access request: Sales Manager for Rep Renamed");
    for (const notification of stored) expect(`${notification.title} ${notification.text}`).not.toMatch(/\b[0-9a-z]{19}\b|r[0-9a-z]{19}/);
  });
});

describe("asking for yourself", () => {
  it("a Member asks; an Owner denies with a comment; the Member reads why", async () => {
    const asked = await call(kim, "POST", "/api/access/requests", { roleId: salesManager, justification: "Leading the EMEA push", endsAt: inDays(10) });
    expect(asked.status, asked.text).toBe(201);
    expect(asked.body).toMatchObject({ status: "pending", canDecide: false, canWithdraw: true });
    expect((await call(kim, "GET", "/api/access/requests")).body.items).toEqual([]);
    const twice = await call(kim, "POST", "/api/access/requests", { roleId: salesManager, justification: "Again", endsAt: inDays(10) });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already waiting/);

    const denied = await call(otto, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "deny", comment: "Not before January" });
    expect(denied.body.status).toBe("denied");
    const mine = (await call(kim, "GET", "/api/access/requests?view=mine")).body.items;
    expect(mine).toEqual([expect.objectContaining({ status: "denied", decisions: [expect.objectContaining({ approverName: "Otto", comment: "Not before January" })] })]);
    expect(await rolesOf("kim")).toEqual(["member"]);
  });

  it("withdrawing: only whoever asked or whoever it is for; then nobody decides it", async () => {
    const asked = await created(kim, "/api/access/requests", { roleId: salesManager, justification: "Second try", endsAt: inDays(5) });
    expect((await call(rep, "POST", `/api/access/requests/${asked.body.id}/withdraw`)).status).toBe(404);
    expect((await call(olga, "POST", `/api/access/requests/${asked.body.id}/withdraw`)).status).toBe(403);
    const withdrawn = await call(kim, "POST", `/api/access/requests/${asked.body.id}/withdraw`);
    expect(withdrawn.body.status).toBe("withdrawn");
    const late = await call(olga, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "approve" });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe("This request was withdrawn.");
  });

  it("a request is shown only to who is part of it, may decide it, or oversees access", async () => {
    const asked = await created(kim, "/api/access/requests", { roleId: salesManager, justification: "Third try", endsAt: inDays(5) });
    expect((await call(rep, "GET", `/api/access/requests/${asked.body.id}`)).status).toBe(404);
    expect((await call(rep, "GET", "/api/access/requests?view=all")).status).toBe(403);
    expect((await call(olga, "GET", `/api/access/requests/${asked.body.id}`)).status).toBe(200);
    expect((await call({ tenantId: "elsewhere", userId: "boss" }, "GET", `/api/access/requests/${asked.body.id}`)).status).toBe(404);
    expect((await call({ tenantId: "elsewhere", userId: "boss" }, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "approve" })).status).toBe(404);
    await call(kim, "POST", `/api/access/requests/${asked.body.id}/withdraw`);
  });
});

describe("two approvers at once", () => {
  it("one wins; the other is told who decided", async () => {
    const asked = await created(kim, "/api/access/requests", { roleId: salesManager, justification: "Race", endsAt: inDays(5) });
    const [first, second] = await Promise.all([
      call(olga, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "approve" }),
      call(otto, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "deny" }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(loser.body.error.message).toMatch(/^(Olga|Otto) already (approved|denied) this request/);
    const final = (await call(kim, "GET", `/api/access/requests/${asked.body.id}`)).body;
    expect(final.decisions).toHaveLength(1);
    expect(await rolesOf("kim")).toEqual(final.status === "approved" ? ["member", salesManager] : ["member"]);
  });

  it("with two approvals needed, both count, whatever the order", async () => {
    const auditor = (await created(founder, "/api/roles", { name: "Analyst", template: "data-analyst" })).body.id;
    await call(founder, "PUT", `/api/access/policies/${auditor}`, { approvers: { kind: "owners" }, approvalsNeeded: 2, justificationRequired: false, expiresAfterDays: 7 });
    const asked = await created(rep, "/api/access/requests", { roleId: auditor, justification: "" });
    const [first, second] = await Promise.all([
      call(olga, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "approve" }),
      call(otto, "POST", `/api/access/requests/${asked.body.id}/decision`, { outcome: "approve" }),
    ]);
    expect([first.status, second.status], `${first.text} ${second.text}`).toEqual([200, 200]);
    const final = (await call(rep, "GET", `/api/access/requests/${asked.body.id}`)).body;
    expect(final).toMatchObject({ status: "approved" });
    expect(final.decisions.map((decision: { approverName: string }) => decision.approverName).sort()).toEqual(["Olga", "Otto"]);
    expect(await rolesOf("rep")).toContain(auditor);
  });
});

describe("with step-up sign-in on", () => {
  it("chat never decides: the reader is sent to the tab, where the API asks for a fresh multi-factor sign-in", async () => {
    const steppedUp = createServices(server.services.store, clock, { decisionsNeedStepUp: true, holderId: "step-up-instance" });
    const asked = await created(kim, "/api/access/requests", { roleId: salesManager, justification: "Chat check", endsAt: inDays(5) });
    const actor = (await steppedUp.actors.resolve({ tenantId, userId: "olga", displayName: "Olga" })).actor;
    expect(await steppedUp.accessRequests.get(actor, asked.body.id, "chat")).toMatchObject({ canDecide: false, decideInTab: true });
    expect(await steppedUp.accessRequests.get(actor, asked.body.id)).toMatchObject({ canDecide: true });
    await expect(steppedUp.accessRequests.decide(actor, asked.body.id, "approve", undefined, "chat")).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/^Approve or deny this in the CRM tab's Approvals/),
    });
    expect((await call(kim, "GET", `/api/access/requests/${asked.body.id}`)).body.status).toBe("pending");
    await steppedUp.accessJobs.stop();
  });
});
