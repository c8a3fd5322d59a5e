/**
 * Separation of duties over HTTP: ready rules switched on, a grant that breaks a rule
 * refused with the rule named, an exception only through an approved request, role
 * changes that would make holders conflict, and the report of conflicts held today.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";

let server: TestServer;
const { call, created } = apiAs(() => server);
const tenantId = "duties";
const founder = { tenantId, userId: "founder" };
const olga = { tenantId, userId: "olga" };
const rep = { tenantId, userId: "rep" };
const roles: Record<string, string> = {};

const role = async (name: string, config: string[]) => (await created(founder, "/api/roles", { name, template: "sales-rep", config })).body.id as string;
const rule = (id: string, enabled: boolean, overrides: Record<string, unknown> = {}) =>
  call(founder, "GET", "/api/access/conflict-rules").then(async (list) => {
    const current = list.body.items.find((candidate: { id: string }) => candidate.id === id);
    const { id: _id, example: _example, etag: _etag, ...body } = current;
    return call(founder, "PUT", `/api/access/conflict-rules/${id}`, { ...body, enabled, ...overrides });
  });

beforeAll(async () => {
  server = await startTestServer();
  await call(founder, "GET", "/api/me");
  roles.builder = await role("Workflow Builder", ["workflows"]);
  roles.approver = await role("Access Approver", ["approveAccess"]);
  roles.admin = await role("User Admin", ["usersAndRoles"]);
  await created(founder, "/api/users", { userId: "olga", displayName: "Olga", roleIds: ["owner"] });
  await created(founder, "/api/users", { userId: "rep", displayName: "Rep", roleIds: [roles.builder] });
  // Held before any rule is on: the report's business, not a grant's.
  await created(founder, "/api/users", { userId: "both", displayName: "Bea Both", roleIds: [roles.admin, roles.approver] });
});
afterAll(async () => {
  await server.close();
});

describe("conflict rules", () => {
  it("ship as ready examples, all off; an Owner switches them on", async () => {
    const list = (await call(founder, "GET", "/api/access/conflict-rules")).body.items;
    expect(list.map((item: { id: string; enabled: boolean; example: boolean }) => [item.id, item.enabled, item.example])).toEqual([
      ["workflows-and-approvals", false, true],
      ["delete-all-and-audit", false, true],
      ["users-and-approvals", false, true],
    ]);
    expect((await rule("workflows-and-approvals", true)).status).toBe(200);
    expect((await rule("users-and-approvals", true)).status).toBe(200);
    expect((await call(rep, "GET", "/api/access/conflict-rules")).status).toBe(403);
  });

  it("refuse a grant that breaks a rule without exceptions, naming it, and audit the refusal", async () => {
    const refused = await call(founder, "PATCH", "/api/users/rep", { roleIds: [roles.builder, roles.approver] });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      'The role Access Approver cannot be given: it breaks the separation-of-duties rule "Workflows and access approvals". Whoever builds workflows could give a workflow roles and then approve their own access.',
    );
    expect((await call(founder, "GET", "/api/users")).body.items.find((user: { userId: string }) => user.userId === "rep").roleIds).toEqual([roles.builder]);
    const audit = (await call(founder, "GET", "/api/audit?action=access.conflictRefused")).body.items;
    expect(audit).toEqual([expect.objectContaining({ actorId: "founder", reason: expect.stringContaining("Workflows and access approvals") })]);
    const asked = await call(rep, "POST", "/api/access/requests", { roleId: roles.approver, justification: "Please" });
    expect(asked.status).toBe(409);
  });

  it("a rule that allows exceptions turns the grant into a request that needs a justification", async () => {
    await created(founder, "/api/users", { userId: "ada", displayName: "Ada", roleIds: [roles.admin] });
    const bare = await call(founder, "PATCH", "/api/users/ada", { roleIds: [roles.admin, roles.approver] });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details.fields).toEqual([{ field: "access.justification", message: "Say why this access is needed." }]);
    const held = await call(founder, "PATCH", "/api/users/ada", { roleIds: [roles.admin, roles.approver], access: { justification: "Only admin during the merger" } });
    expect(held.status, held.text).toBe(200);
    expect(held.body.roleIds).toEqual([roles.admin]);
    expect(held.body.pendingRequests[0]).toMatchObject({ roleName: "Access Approver", exceptionTo: ["Managing users and approving access"] });
    const approved = await call(olga, "POST", `/api/access/requests/${held.body.pendingRequests[0].id}/decision`, { outcome: "approve" });
    expect(approved.body.status).toBe("approved");
    expect((await call(founder, "GET", "/api/users")).body.items.find((user: { userId: string }) => user.userId === "ada").roleIds).toEqual([roles.admin, roles.approver]);
  });

  it("refuse a role change that would make its holders conflict", async () => {
    const current = (await call(founder, "GET", "/api/roles")).body.items.find((item: { id: string }) => item.id === roles.builder);
    const changed = await call(
      founder,
      "PUT",
      `/api/roles/${roles.builder}`,
      { name: current.name, entities: current.entities, fields: current.fields, config: ["workflows", "approveAccess"] },
      { "if-match": current.etag },
    );
    expect(changed.status).toBe(409);
    expect(changed.body.error.message).toMatch(/^This change would give Rep powers the separation-of-duties rule "Workflows and access approvals" keeps apart/);
  });

  it("the report lists who holds conflicting powers today, with the roles behind them", async () => {
    const report = (await call(founder, "GET", "/api/access/conflicts")).body.items;
    expect(report).toEqual(
      expect.arrayContaining([
        {
          userId: "both",
          displayName: "Bea Both",
          ruleId: "users-and-approvals",
          ruleName: "Managing users and approving access",
          why: "Whoever gives people roles should not also approve those grants.",
          powers: ["manage users and roles", "approve access requests"],
          through: ["User Admin", "Access Approver"],
        },
      ]),
    );
    expect(report.find((entry: { userId: string }) => entry.userId === "founder")).toBeUndefined();
    const explained = await call(founder, "GET", "/api/access/explain?userId=both&action=audit");
    expect(explained.body.conflicts).toEqual([
      { rule: "Managing users and approving access", why: "Whoever gives people roles should not also approve those grants.", through: ["User Admin", "Access Approver"] },
    ]);
    expect((await call(rep, "GET", "/api/access/explain?action=audit")).body.conflicts).toEqual([]);
    expect((await call(rep, "GET", "/api/access/conflicts")).status).toBe(403);
  });

  it("an Owner's own rule; deleting an example puts it back off", async () => {
    const own = await call(founder, "POST", "/api/access/conflict-rules", {
      name: "Builders do not export",
      why: "Exports leave the CRM.",
      powers: [
        { kind: "role", roleId: roles.builder },
        { kind: "record", action: "export", atLeast: "own" },
      ],
      allowExceptions: false,
      enabled: true,
    });
    expect(own.status, own.text).toBe(201);
    const same = await call(founder, "POST", "/api/access/conflict-rules", { ...own.body, id: undefined, example: undefined, etag: undefined });
    expect(same.status).toBe(400);
    expect((await call(founder, "DELETE", `/api/access/conflict-rules/${own.body.id}`)).status).toBe(204);
    expect((await call(founder, "DELETE", "/api/access/conflict-rules/users-and-approvals")).status).toBe(204);
    const list = (await call(founder, "GET", "/api/access/conflict-rules")).body.items;
    expect(list.find((item: { id: string }) => item.id === "users-and-approvals").enabled).toBe(false);
    expect(list).toHaveLength(3);
  });
});
