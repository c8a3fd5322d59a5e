/**
 * Step-up sign-in over HTTP with the real Entra verifier and tokens from a local key
 * set: sensitive routes (role grants, roles, team import, the audit log) need `mfa`
 * in `amr` (or the configured authentication context in `acrs`) and a recent
 * `auth_time`, else 401 `step_up_required` with Entra's claims challenge; the refusal
 * is audited and nothing changes. Other routes, and a server without the policy, are
 * unaffected. Dev tokens carry the dev "mfa" flag.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalEntra } from "../support/local-entra.js";
import type { LocalEntra } from "../support/local-entra.js";
import { startTestServer } from "../support/test-server.js";
import type { ApiResponse, TestServer } from "../support/test-server.js";

const policy = { maxAuthAgeMinutes: 15, authorizationUri: "https://login.example.test/common/oauth2/v2.0/authorize" };
const tenantId = randomUUID();
const ownerId = randomUUID();
const memberId = randomUUID();
const now = () => Math.floor(Date.now() / 1000);
const fresh = () => ({ amr: ["pwd", "mfa"], auth_time: now() - 60 });

let entra: LocalEntra;
let server: TestServer;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
async function call(method: string, path: string, claims: Record<string, unknown>, body?: unknown, userId = ownerId): Promise<ApiResponse> {
  const token = await entra.token(tenantId, userId, claims);
  return server.call(method, path, { headers: bearer(token), ...(body === undefined ? {} : { body }) });
}

function expectChallenge(response: ApiResponse, claims = { access_token: { amr: { essential: true, values: ["mfa"] } } }) {
  expect(response.status).toBe(401);
  expect(response.body.error.code).toBe("step_up_required");
  expect(response.body.error.message).toMatch(/confirm it's you.*multi-factor sign-in/i);
  expect(JSON.parse(response.body.error.details.claims)).toEqual(claims);
  const header = response.headers.get("www-authenticate") ?? "";
  const match = /^Bearer realm="", authorization_uri="([^"]+)", error="insufficient_claims", claims="([A-Za-z0-9+/=]+)"$/.exec(header);
  expect(match, header).not.toBeNull();
  expect(match![1]).toBe(policy.authorizationUri);
  expect(JSON.parse(Buffer.from(match![2]!, "base64").toString())).toEqual(claims);
}

async function memberRoles(): Promise<string[]> {
  const users = await call("GET", "/api/users", {});
  return users.body.items.find((user: { userId: string }) => user.userId === memberId).roleIds;
}

beforeAll(async () => {
  entra = await startLocalEntra();
  server = await startTestServer({ config: { entra: entra.config, stepUp: policy } });
  // The first sign-in founds the tenant: its Owner. Adding a Member grants no role, so it needs no step-up.
  expect((await call("GET", "/api/me", {})).status).toBe(200);
  expect((await call("POST", "/api/users", {}, { userId: memberId, displayName: "Max Member" })).status).toBe(201);
});
afterAll(async () => {
  await server?.close();
  await entra?.close();
});

describe("a sensitive route under the step-up policy", () => {
  it("accepts a token with mfa and a fresh auth_time", async () => {
    const response = await call("PATCH", `/api/users/${memberId}`, fresh(), { roleIds: ["member", "owner"] });
    expect(response.status).toBe(200);
    expect(await memberRoles()).toEqual(["member", "owner"]);
    expect((await call("PATCH", `/api/users/${memberId}`, fresh(), { roleIds: ["member"] })).status).toBe(200);
  });

  it("refuses a token without mfa with the claims challenge, changes nothing, and audits the refusal", async () => {
    const response = await call("PATCH", `/api/users/${memberId}`, { amr: ["pwd"], auth_time: now() - 60 }, { roleIds: ["owner"] });
    expectChallenge(response);
    expect(response.body.error.details.reason).toBe("a multi-factor sign-in within the last 15 minutes is required; this sign-in was not multi-factor");
    expect(await memberRoles()).toEqual(["member"]);
    const audit = await call("GET", `/api/audit?actorId=${ownerId}&action=user.update`, fresh());
    expect(audit.status).toBe(200);
    expect(audit.body.items[0]).toMatchObject({ outcome: "denied", action: "user.update", reason: response.body.error.details.reason });
  });

  it("refuses mfa that is too old, or that does not say when it happened", async () => {
    const old = await call("PATCH", `/api/users/${memberId}`, { amr: ["pwd", "mfa"], auth_time: now() - 16 * 60 }, { active: false });
    expectChallenge(old);
    expect(old.body.error.details.reason).toBe("a multi-factor sign-in within the last 15 minutes is required; this one was 16 minutes ago");
    expectChallenge(await call("PATCH", `/api/users/${memberId}`, { amr: ["mfa"] }, { active: false }));
    expectChallenge(await call("PATCH", `/api/users/${memberId}`, {}, { active: false }));
    expect((await call("GET", "/api/users", {})).body.items.find((user: { userId: string }) => user.userId === memberId).active).toBe(true);
  });

  it("asks before validating the body, and after the permission: a Member is refused with 403, not asked to sign in again", async () => {
    expectChallenge(await call("PATCH", `/api/users/${memberId}`, {}, { roleIds: "not a list", extra: true }));
    const member = await call("PATCH", `/api/users/${ownerId}`, {}, { roleIds: ["member"] }, memberId);
    expect(member.status).toBe(403);
    expect(member.headers.get("www-authenticate")).toBeNull();
  });

  it("guards every marked route: user grants, roles, team import, the audit log, and access governance (policies, rules, decisions, reviews, evidence)", async () => {
    const role = await call("POST", "/api/roles", fresh(), { name: "Sales Rep", template: "sales-rep" });
    expect(role.status).toBe(201);
    const attempts: [string, string, unknown][] = [
      ["POST", "/api/users", { userId: randomUUID(), displayName: "Olga Owner", roleIds: ["owner"] }],
      ["POST", "/api/roles", { name: "Another", template: "sales-rep" }],
      ["PUT", `/api/roles/${role.body.id}`, { name: "Renamed", template: "sales-rep" }],
      ["DELETE", `/api/roles/${role.body.id}`, undefined],
      ["POST", "/api/users/import", { teamId: "19:team@thread.tacv2" }],
      ["GET", "/api/audit", undefined],
      ["PUT", `/api/access/policies/${role.body.id}`, { approvers: { kind: "owners" }, approvalsNeeded: 1, justificationRequired: true, expiresAfterDays: 7 }],
      ["DELETE", `/api/access/policies/${role.body.id}`, undefined],
      ["POST", "/api/access/conflict-rules", {}],
      ["PUT", "/api/access/conflict-rules/users-and-approvals", {}],
      ["DELETE", "/api/access/conflict-rules/users-and-approvals", undefined],
      ["POST", "/api/access/requests/0000000000000000000/decision", { outcome: "approve" }],
      ["POST", "/api/access/reviews", {}],
      ["GET", "/api/access/reviews/0000000000000000000/evidence", undefined],
    ];
    for (const [method, path, body] of attempts) expectChallenge(await call(method, path, { amr: ["pwd"], auth_time: now() }, body));
    const roles = await call("GET", "/api/roles", {});
    expect(roles.body.items.find((item: { id: string }) => item.id === role.body.id).name).toBe("Sales Rep");
  });

  it("leaves other routes alone, and changes that grant nothing", async () => {
    const plain = {};
    expect((await call("GET", "/api/users", plain)).status).toBe(200);
    expect((await call("GET", "/api/roles", plain)).status).toBe(200);
    expect((await call("PATCH", `/api/users/${memberId}`, plain, { displayName: "Max M." })).status).toBe(200);
    expect((await call("PATCH", `/api/users/${memberId}`, plain, { teamIds: ["north"] })).status).toBe(200);
    expect((await call("POST", "/api/users", plain, { userId: randomUUID(), displayName: "Nina New" })).status).toBe(201);
    expect((await call("POST", "/api/leads", plain, { name: "Acme" })).status).toBe(201);
    expect((await call("POST", "/api/users/import/preview", plain, { teamId: "19:team@thread.tacv2" })).status).not.toBe(401);
  });
});

describe("an authentication context instead of amr (v2.0 tokens)", () => {
  let contextServer: TestServer;
  beforeAll(async () => {
    contextServer = await startTestServer({ config: { entra: entra.config, stepUp: { ...policy, authContextId: "c1" } } });
  });
  afterAll(async () => {
    await contextServer?.close();
  });
  const contextCall = async (claims: Record<string, unknown>) => contextServer.call("GET", "/api/audit", { headers: bearer(await entra.token(tenantId, ownerId, claims)) });

  it("accepts acrs with the configured context and a fresh auth_time, and challenges for that context otherwise", async () => {
    expect((await contextCall({ acrs: ["c1"], auth_time: now() - 30 })).status).toBe(200);
    expect((await contextCall({ amr: ["mfa"], auth_time: now() - 30 })).status).toBe(200);
    const withoutContext = await contextCall({ acrs: ["c2"], auth_time: now() - 30 });
    expect(withoutContext.status).toBe(401);
    expectChallenge(withoutContext, { access_token: { acrs: { essential: true, value: "c1" } } } as never);
    expect((await contextCall({ acrs: ["c1"], auth_time: now() - 3600 })).status).toBe(401);
  });
});

describe("dev tokens", () => {
  let dev: TestServer;
  let off: TestServer;
  beforeAll(async () => {
    [dev, off] = await Promise.all([startTestServer({ config: { stepUp: { ...policy, authorizationUri: "/api/dev/token" } } }), startTestServer()]);
  });
  afterAll(async () => {
    await Promise.all([dev?.close(), off?.close()]);
  });
  const devToken = async (server: TestServer, mfa: boolean) => {
    const response = await fetch(`${server.url}/api/dev/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenantId: "dev-step-up", userId: "olivia", displayName: "Olivia Owner", ...(mfa ? { mfa } : {}) }),
    });
    return ((await response.json()) as { token: string }).token;
  };

  it("a dev token with the mfa flag passes; one without gets the challenge", async () => {
    const plain = await devToken(dev, false);
    const refused = await dev.call("GET", "/api/audit", { headers: bearer(plain) });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe("step_up_required");
    expect(refused.headers.get("www-authenticate")).toContain('authorization_uri="/api/dev/token"');
    expect((await dev.call("GET", "/api/audit", { headers: bearer(await devToken(dev, true)) })).status).toBe(200);
  });

  it("with step-up off, a sensitive route asks only its permission", async () => {
    const plain = await devToken(off, false);
    expect((await off.call("GET", "/api/audit", { headers: bearer(plain) })).status).toBe(200);
    expect((await off.call("POST", "/api/roles", { headers: bearer(plain), body: { name: "Rep", template: "sales-rep" } })).status).toBe(201);
  });
});
