/**
 * /api/raci through the real server and Azurite: everyone reads, holders of forms or
 * users and roles save (with If-Match), the Accountable marks a review done; bad
 * chart input gets plain words, a stale save 412, other tenants see nothing of it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";

let server: TestServer;
const { call, created } = apiAs(() => server);
const tenantId = "raci-api";
const founder = { tenantId, userId: "founder" };
const member = { tenantId, userId: "mia" };
const keeper = { tenantId, userId: "kip" };
const analyst = { tenantId, userId: "ana" };
const stranger = { tenantId: "raci-other", userId: "founder" };
let analystRole: string;
let managerRole: string;

type Chart = { tasks: { key: string; name: string; description: string; assignments: Record<string, string> }[] };
const editable = (view: { tasks: { key: string; name: string; description: string; assignments: { ref: string; letter: string }[] }[] }): Chart => ({
  tasks: view.tasks.map((task) => ({ key: task.key, name: task.name, description: task.description, assignments: Object.fromEntries(task.assignments.map((cell) => [cell.ref, cell.letter])) })),
});
const withCleanup = (chart: Chart, assignments: Record<string, string>): Chart => ({
  tasks: chart.tasks.map((task) => (task.key === "dataCleanup" ? { ...task, assignments } : task)),
});
let shipped: Chart;

beforeAll(async () => {
  server = await startTestServer({ workflowPollMs: 0 });
  await call(founder, "GET", "/api/me");
  await call(stranger, "GET", "/api/me");
  analystRole = (await created(founder, "/api/roles", { name: "Analysts", template: "data-analyst" })).body.id;
  managerRole = (await created(founder, "/api/roles", { name: "CRM Managers", template: "crm-manager" })).body.id;
  const formsRole = (await created(founder, "/api/roles", { name: "Form keepers", config: ["forms"] })).body.id;
  await created(founder, "/api/users", { userId: "mia", displayName: "Mia" });
  await created(founder, "/api/users", { userId: "kip", displayName: "Kip", roleIds: [formsRole, managerRole] });
  await created(founder, "/api/users", { userId: "ana", displayName: "Ana", roleIds: [analystRole] });
  shipped = editable((await call(member, "GET", "/api/raci")).body);
});
afterAll(async () => {
  await server.close();
});

describe("reading", () => {
  it("shows a Member the shipped chart with whom to ask: names of the Responsible and Accountable, no editing", async () => {
    const read = await call(member, "GET", "/api/raci");
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ version: 0, canEdit: false, canEditTasks: false });
    const cleanup = read.body.tasks.find((task: { key: string }) => task.key === "dataCleanup");
    expect(cleanup.responsible).toEqual([{ userId: "ana", displayName: "Ana", fallback: false }]);
    expect(cleanup.accountable).toEqual([{ userId: "kip", displayName: "Kip", fallback: false }]);
    expect(cleanup.assignments).toContainEqual({ ref: "template:data-analyst", letter: "R", roleName: "Data Analyst" });
    expect(read.body.roles).toContainEqual({ ref: analystRole, name: "Analysts" });
    expect((await call({ tenantId, userId: "nobody" }, "GET", "/api/raci")).status).toBe(200);
    expect((await server.call("GET", "/api/raci")).status).toBe(401);
  });
});

describe("saving", () => {
  it("needs forms or users and roles: a Member is refused 403 before the body is looked at, and it is audited", async () => {
    const refused = await call(member, "PUT", "/api/raci", { nonsense: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("You are not allowed to do this: no role of this user (Member) may manage forms or manage users and roles");
    const audit = (await call(founder, "GET", "/api/audit?action=raci.save")).body.items;
    expect(audit).toEqual([expect.objectContaining({ actorId: "mia", outcome: "denied" })]);
  });

  it("saves for a holder of forms, with a new version and ETag; a save with the old ETag is 412 and changes nothing", async () => {
    const chart = withCleanup(shipped, { [analystRole]: "R", "template:crm-manager": "A", everyone: "I" });
    const saved = await call(keeper, "PUT", "/api/raci", chart);
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.version).toBe(1);
    expect(saved.headers.get("etag")).toBe(saved.body.etag);
    const again = await call(keeper, "PUT", "/api/raci", withCleanup(shipped, { [analystRole]: "R", "template:crm-manager": "A" }), { "if-match": saved.body.etag });
    expect(again.status).toBe(200);
    const stale = await call(founder, "PUT", "/api/raci", chart, { "if-match": saved.body.etag });
    expect(stale.status).toBe(412);
    expect(stale.body.error.message).toBe("Someone else changed the responsibilities chart since you loaded it. Reload, then apply your change again.");
    expect((await call(member, "GET", "/api/raci")).body.version).toBe(2);
  });

  it("keeps task changes to Owners: a holder of forms renaming a task is refused 403", async () => {
    const current = (await call(keeper, "GET", "/api/raci")).body;
    const renamed = editable(current);
    renamed.tasks[0]!.name = "Tidying";
    const refused = await call(keeper, "PUT", "/api/raci", renamed, { "if-match": current.etag });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe("You are not allowed to do this: only an Owner adds, renames or removes tasks");
    const added = { tasks: [...renamed.tasks, { key: "emailSync", name: "Email sync", description: "", assignments: { owner: "A", [managerRole]: "R" } }] };
    const byOwner = await call(founder, "PUT", "/api/raci", added, { "if-match": current.etag });
    expect(byOwner.status, byOwner.text).toBe(200);
    expect(byOwner.body.tasks.map((task: { name: string }) => task.name)).toContain("Email sync");
    expect(byOwner.body.tasks[0].name).toBe("Tidying");
  });
});

describe("bad chart input", () => {
  const put = (body: unknown) => call(founder, "PUT", "/api/raci", body);
  const fieldMessages = (response: { body: { error: { details?: { fields?: { message: string }[] } } } }) => response.body.error.details?.fields?.map((field) => field.message);

  it("refuses two Accountables, no Responsible and an unknown role, in words", async () => {
    const two = await put(withCleanup(shipped, { [analystRole]: "R", owner: "A", [managerRole]: "A" }));
    expect(two.status).toBe(400);
    expect(two.body.error.message).toBe("The responsibilities chart cannot be saved.");
    expect(fieldMessages(two)).toEqual(['"Data cleanup" has 2 Accountable roles (Owner, CRM Managers): exactly one role makes the final call.']);
    expect(fieldMessages(await put(withCleanup(shipped, { owner: "A", member: "C" })))).toEqual(['"Data cleanup" has no Responsible role: at least one role does the work.']);
    expect(fieldMessages(await put(withCleanup(shipped, { owner: "A", member: "R", "r-ghost": "C" })))).toEqual(['"Data cleanup": there is no role "r-ghost".']);
  });

  it("refuses wrong types, unknown letters, odd role references and oversize charts before the service, without our internals", async () => {
    const bodies: unknown[] = [
      { tasks: "all" },
      { tasks: [{ ...shipped.tasks[0], assignments: ["R"] }] },
      withCleanup(shipped, { owner: "A", member: "X" }),
      withCleanup(shipped, { owner: "A", "Robert'); DROP": "R" }),
      { tasks: shipped.tasks, extra: 1 },
      { tasks: Array.from({ length: 61 }, (_, index) => ({ ...shipped.tasks[0], key: `t${index}` })) },
      { tasks: [{ ...shipped.tasks[0], name: "x".repeat(500) }] },
    ];
    for (const body of bodies) {
      const refused = await put(body);
      expect(refused.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(refused.text).not.toMatch(/stack|Table|Azure|partition/i);
    }
    const many = await put({ tasks: Array.from({ length: 31 }, (_, index) => ({ ...shipped.tasks[0], key: `t${index}`, name: `T${index}` })) });
    expect(fieldMessages(many)).toEqual(["A chart has at most 30 tasks."]);
  });
});

describe("reviews", () => {
  it("lets the Accountable mark a task's review done, audited; anyone else is refused 403, an unknown task is 404", async () => {
    const refused = await call(analyst, "POST", "/api/raci/tasks/leadFollowUp/review");
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/only the Accountable for Lead follow-up marks its review done/);
    const done = await call(keeper, "POST", "/api/raci/tasks/dataCleanup/review");
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ key: "dataCleanup", reviewDue: false, lastReview: { by: "Kip" } });
    // Nobody holds a role made from the Sales Manager template: the Owners answer for lead follow-up.
    expect((await call(founder, "POST", "/api/raci/tasks/leadFollowUp/review")).status).toBe(200);
    expect((await call(keeper, "POST", "/api/raci/tasks/noSuchTask/review")).status).toBe(404);
    expect((await call(keeper, "POST", "/api/raci/tasks/Bad%20Key/review")).status).toBe(400);
    const audit = (await call(founder, "GET", "/api/audit?action=raci.review")).body.items;
    expect(audit.map((entry: { actorId: string; outcome: string }) => `${entry.actorId}:${entry.outcome}`).sort()).toEqual(["ana:denied", "founder:allowed", "kip:allowed"]);
  });
});

describe("tenants", () => {
  it("never see each other's chart or reviews", async () => {
    const other = await call(stranger, "GET", "/api/raci");
    expect(other.body.version).toBe(0);
    expect(other.body.tasks[0].name).toBe("Data cleanup");
    expect(other.body.tasks.every((task: { reviewDue: boolean }) => task.reviewDue)).toBe(true);
    expect(JSON.stringify(other.body)).not.toMatch(/"Kip"|"Ana"|Analysts|Email sync/);
  });
});
