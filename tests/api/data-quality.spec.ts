/**
 * /api/data-quality through the HTTP API against a real (in-memory) Azurite: a Member
 * sees findings only on records they may read and about fields they may see, with
 * related records they may not read left out; dismiss and reopen; the rules need the
 * forms permission and refuse nonsense thresholds in words; a scan on request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";

let server: TestServer;
const { call, created } = apiAs(() => server);
const tenantId = "dq-api";
const owner = { tenantId, userId: "founder" };
const mia = { tenantId, userId: "mia" };
const blind = { tenantId, userId: "blind" };
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  await call(owner, "GET", "/api/me");
  expect((await call(owner, "POST", "/api/users", { userId: "mia", displayName: "Mia", roleIds: ["member"] })).status).toBe(201);
  const role = await call(owner, "POST", "/api/roles", { name: "No email", template: "sales-rep", fields: { lead: { email: "hidden" } } });
  expect(role.status, role.text).toBe(201);
  expect((await call(owner, "POST", "/api/users", { userId: "blind", displayName: "Blind", roleIds: [role.body.id] })).status).toBe(201);
  ids.mine = (await created(mia, "/api/leads", { name: "Mia's lead", email: "same@example.com" })).body.id;
  ids.theirs = (await created(owner, "/api/leads", { name: "Founder's lead", email: "SAME@example.com" })).body.id;
  ids.blinds = (await created(owner, "/api/leads", { name: "Blind's lead", email: "same@example.com", company: "", ownerId: "blind" })).body.id;
});
afterAll(async () => {
  await server?.close();
});

const findings = async (who: typeof owner, query = "") => {
  const response = await call(who, "GET", `/api/data-quality/findings${query}`);
  expect(response.status, response.text).toBe(200);
  return response.body;
};

describe("who sees which findings", () => {
  it("the Owner sees both duplicates with each other as related, counted per rule", async () => {
    const body = await findings(owner, "?rule=duplicateEmail");
    expect(body.items.map((item: { recordId: string; related: string[] }) => [item.recordId, [...item.related].sort()]).sort()).toEqual(
      [
        [ids.mine, [ids.theirs, ids.blinds].sort()],
        [ids.theirs, [ids.mine, ids.blinds].sort()],
        [ids.blinds, [ids.mine, ids.theirs].sort()],
      ].sort(),
    );
    expect(body.counts.byRule.duplicateEmail).toBe(3);
    expect(body.items[0]).toMatchObject({ ruleLabel: "Same email as another record", state: "open", fields: ["email"] });
    expect(body.trend).toHaveLength(14);
  });

  it("a Member sees only the finding on their own record, without the record they may not read", async () => {
    const body = await findings(mia);
    expect(body.items.map((item: { recordId: string }) => item.recordId)).toEqual([ids.mine]);
    expect(body.items[0].related).toEqual([]);
    expect(body.items[0].recordTitle).toBe("Mia's lead");
    expect(body.counts.byRule.duplicateEmail).toBe(1);
  });

  it("a reader for whom the field is hidden does not see a finding about it, even on their own record", async () => {
    expect((await call(blind, "GET", `/api/leads/${ids.blinds}`)).status).toBe(200);
    const body = await findings(blind);
    expect(body.items).toEqual([]);
    expect((await call(blind, "POST", `/api/data-quality/findings/lead/${ids.blinds}/duplicateEmail/dismiss`, { reason: "x" })).status).toBe(404);
  });

  it("filters by owner and age", async () => {
    expect((await findings(owner, "?owner=me")).items.map((item: { recordId: string }) => item.recordId)).toEqual([ids.theirs]);
    expect((await findings(owner, "?owner=me&rule=duplicateEmail")).items).toHaveLength(1);
    expect((await findings(owner, "?owner=mia")).items.map((item: { recordId: string }) => item.recordId)).toEqual([ids.mine]);
    expect((await findings(owner, "?olderThanDays=3")).items).toEqual([]);
  });
});

describe("dismiss and reopen", () => {
  const path = (recordId: string, action: string) => `/api/data-quality/findings/lead/${recordId}/duplicateEmail/${action}`;

  it("dismisses with a reason and reopens", async () => {
    const dismissed = await call(mia, "POST", path(ids.mine!, "dismiss"), { reason: "Shared mailbox of two people" });
    expect(dismissed.status, dismissed.text).toBe(200);
    expect(dismissed.body).toMatchObject({ state: "dismissed", reason: "Shared mailbox of two people" });
    expect((await findings(mia)).items).toEqual([]);
    expect((await findings(mia, "?state=dismissed")).items).toHaveLength(1);
    expect((await call(mia, "POST", path(ids.mine!, "dismiss"), { reason: "again" })).status).toBe(409);
    const reopened = await call(mia, "POST", path(ids.mine!, "reopen"));
    expect(reopened.status, reopened.text).toBe(200);
    expect(reopened.body.state).toBe("open");
    expect(reopened.body.reason).toBeUndefined();
  });

  it("answers 404 for a record the caller may not see, and for a finding that does not exist", async () => {
    const other = await call(mia, "POST", path(ids.theirs!, "dismiss"), { reason: "not mine" });
    expect(other.status).toBe(404);
    expect(other.body.error.message).not.toContain(ids.theirs!);
    expect((await call(owner, "POST", `/api/data-quality/findings/lead/${ids.mine}/staleLead/dismiss`, { reason: "x" })).status).toBe(404);
    expect((await call(blind, "POST", path(ids.mine!, "dismiss"), { reason: "x" })).status).toBe(404);
  });

  it("refuses bad input in words", async () => {
    const empty = await call(mia, "POST", path(ids.mine!, "dismiss"), { reason: "   " });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields).toEqual([{ field: "reason", message: "Say why in 1 to 500 characters." }]);
    expect((await call(mia, "POST", path(ids.mine!, "dismiss"), {})).status).toBe(400);
    expect((await call(mia, "POST", `/api/data-quality/findings/lead/${ids.mine}/no%20such/dismiss`, { reason: "x" })).status).toBe(400);
    expect((await call(mia, "GET", "/api/data-quality/findings?rule=nonsense")).status).toBe(400);
    expect((await call(mia, "GET", "/api/data-quality/findings?olderThanDays=-1")).status).toBe(400);
  });
});

describe("rules and scans", () => {
  it("need the forms permission", async () => {
    expect((await call(mia, "GET", "/api/data-quality/rules")).status).toBe(403);
    expect((await call(mia, "POST", "/api/data-quality/scan")).status).toBe(403);
  });

  it("refuse nonsense thresholds in plain words, save sensible ones with an ETag, and queue a scan", async () => {
    const current = await call(owner, "GET", "/api/data-quality/rules");
    expect(current.status).toBe(200);
    const { etag: _etag, ...rules } = current.body;
    const bad = await call(owner, "PUT", "/api/data-quality/rules", { ...rules, staleLead: { enabled: true, days: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toEqual([{ field: "staleLead.days", message: "Open lead without activity: give a whole number of days from 1 to 3650." }]);
    expect((await call(owner, "PUT", "/api/data-quality/rules", { ...rules, extra: true })).status).toBe(400);
    const saved = await call(owner, "PUT", "/api/data-quality/rules", { ...rules, duplicateEmail: { enabled: false } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.headers.get("etag")).toBeTruthy();
    const stale = await call(owner, "PUT", "/api/data-quality/rules", rules, { "if-match": current.headers.get("etag") ?? '"stale"' });
    expect(stale.status).toBe(412);
    const scan = await call(owner, "POST", "/api/data-quality/scan");
    expect(scan.status).toBe(202);
  });
});
