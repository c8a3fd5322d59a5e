/** Leads, opportunities and cases through the HTTP API, against a real (in-memory) Azurite. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPipeline } from "@crm/shared/domain";
import { startTestServer } from "../support/test-server.js";
import type { ApiResponse, TestServer } from "../support/test-server.js";
import type { Who } from "../support/api-as.js";
import { apiAs } from "../support/api-as.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const { call, created } = apiAs(() => server);

const idsOf = (response: ApiResponse): string[] => (response.body.items as { id: string }[]).map((item) => item.id);

/** Every page of a list, following continuation tokens. */
async function allPages(who: Who, path: string, pageSize: number): Promise<{ pages: string[][]; tokens: string[] }> {
  const pages: string[][] = [];
  const tokens: string[] = [];
  let token: string | undefined;
  do {
    const separator = path.includes("?") ? "&" : "?";
    const response = await call(who, "GET", `${path}${separator}pageSize=${pageSize}${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`);
    expect(response.status, response.text).toBe(200);
    pages.push(idsOf(response));
    token = response.body.continuationToken;
    if (token) tokens.push(token);
  } while (token && pages.length < 50);
  return { pages, tokens };
}

describe("CRUD", () => {
  const owner = { tenantId: "crud", userId: "owner" };

  it("creates, reads, updates and deletes a record with ETags", async () => {
    const create = await created(owner, "/api/leads", { name: "Ada Lovelace", company: "Analytical Engines", email: "ada@example.com", value: 1200 });
    const lead = create.body;
    expect(lead).toMatchObject({ name: "Ada Lovelace", company: "Analytical Engines", entity: "lead", ownerId: "owner", createdBy: "owner" });
    expect(lead.id).toMatch(/^[0-9a-z]{19}$/);
    expect(create.headers.get("etag")).toBe(lead.etag);

    const read = await call(owner, "GET", `/api/leads/${lead.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(lead);
    expect(read.headers.get("etag")).toBe(lead.etag);

    const update = await call(owner, "PATCH", `/api/leads/${lead.id}`, { company: "Babbage & Co", email: null }, { "if-match": lead.etag });
    expect(update.status, update.text).toBe(200);
    expect(update.body.company).toBe("Babbage & Co");
    expect(update.body).not.toHaveProperty("email");
    expect(update.body.etag).not.toBe(lead.etag);
    expect(update.headers.get("etag")).toBe(update.body.etag);
    expect(update.body.createdAt).toBe(lead.createdAt);
    expect(update.body.updatedAt >= lead.updatedAt).toBe(true);

    const stale = await call(owner, "DELETE", `/api/leads/${lead.id}`, undefined, { "if-match": lead.etag });
    expect(stale.status).toBe(412);
    const remove = await call(owner, "DELETE", `/api/leads/${lead.id}`, undefined, { "if-match": update.body.etag });
    expect(remove.status).toBe(204);
    expect((await call(owner, "GET", `/api/leads/${lead.id}`)).status).toBe(404);
    expect(idsOf(await call(owner, "GET", "/api/leads"))).not.toContain(lead.id);
  });

  it("places a new opportunity in the default pipeline's first open stage with its probability", async () => {
    const opportunity = (await created(owner, "/api/opportunities", { name: "Deal", amount: 5000, currency: "EUR" })).body;
    const pipeline = defaultPipeline();
    expect(opportunity).toMatchObject({ pipelineId: pipeline.id, stageId: pipeline.stages[0]!.id, probability: pipeline.stages[0]!.probability });
    const moved = await call(owner, "PATCH", `/api/opportunities/${opportunity.id}`, { stageId: "negotiation" }, { "if-match": opportunity.etag });
    expect(moved.body).toMatchObject({ stageId: "negotiation", probability: pipeline.stages.find((stage) => stage.id === "negotiation")!.probability });
  });

  it("keeps the history of a record from the audit log", async () => {
    const kase = (await created(owner, "/api/cases", { title: "Printer on fire", priority: "High" })).body;
    await call(owner, "PATCH", `/api/cases/${kase.id}`, { status: "Escalated" }, { "if-match": kase.etag });
    const history = await call(owner, "GET", `/api/cases/${kase.id}/history`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((entry: { action: string }) => entry.action)).toEqual(["case.update", "case.create"]);
  });
});

describe("concurrency", () => {
  const owner = { tenantId: "concurrency", userId: "owner" };

  it("two PATCHes with the same ETag: exactly one 200 and one 412", async () => {
    const lead = (await created(owner, "/api/leads", { name: "Contested" })).body;
    const [first, second] = await Promise.all([
      call(owner, "PATCH", `/api/leads/${lead.id}`, { company: "First" }, { "if-match": lead.etag }),
      call(owner, "PATCH", `/api/leads/${lead.id}`, { company: "Second" }, { "if-match": lead.etag }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 412]);
    const winner = first.status === 200 ? first : second;
    const loser = first.status === 412 ? first : second;
    expect(loser.body.error.code).toBe("precondition_failed");
    const now = await call(owner, "GET", `/api/leads/${lead.id}`);
    expect(now.body.company).toBe(winner.body.company);
    expect(now.body.etag).toBe(winner.body.etag);
  });

  it("refuses a PATCH without If-Match with 428", async () => {
    const lead = (await created(owner, "/api/leads", { name: "Unconditional" })).body;
    const response = await call(owner, "PATCH", `/api/leads/${lead.id}`, { company: "x" });
    expect(response.status).toBe(428);
    expect(response.body.error.code).toBe("precondition_required");
    expect((await call(owner, "GET", `/api/leads/${lead.id}`)).body).not.toHaveProperty("company");
  });
});

describe("lists", () => {
  const tenantId = "lists";
  const owner = { tenantId, userId: "owner" };
  const member = { tenantId, userId: "member" };
  const names = ["Ada", "Bada", "adam", "Brian", "Cleo", "Dora", "Eve", "Frank", "Grace", "Hal", "Ida", "Jo"];
  const byName = new Map<string, { id: string; etag: string }>();

  beforeAll(async () => {
    await call(owner, "GET", "/api/me");
    await call(member, "GET", "/api/me");
    for (const [index, name] of names.entries()) {
      const who = index % 3 === 0 ? member : owner;
      const status = ["New", "Qualified", "Contacted"][index % 3]!;
      const source = index % 2 === 0 ? "Web" : "Referral";
      const response = await created(who, "/api/leads", { name, status, source });
      byName.set(name, response.body);
    }
  });

  it("pages with continuation tokens through more records than a page holds", async () => {
    const { pages, tokens } = await allPages(owner, "/api/leads", 5);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(tokens).toHaveLength(2);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    const all = pages.flat();
    expect(new Set(all).size).toBe(names.length);
    expect([...all].sort()).toEqual([...byName.values()].map((lead) => lead.id).sort());
  });

  it("lists newest first by default, and by title, oldest and last update on request", async () => {
    const newest = ((await call(owner, "GET", "/api/leads?pageSize=100")).body.items as { createdAt: string }[]).map((item) => item.createdAt.slice(0, 19));
    expect(newest).toEqual([...newest].sort().reverse());
    const title = await call(owner, "GET", "/api/leads?sort=title&pageSize=100");
    const titles = (title.body.items as { name: string }[]).map((item) => item.name);
    expect(titles).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const oldest = (await call(owner, "GET", "/api/leads?sort=oldest&pageSize=100")).body.items as { createdAt: string }[];
    expect(oldest.map((item) => item.createdAt)).toEqual(oldest.map((item) => item.createdAt).sort());

    const hal = byName.get("Hal")!;
    const touched = await call(owner, "PATCH", `/api/leads/${hal.id}`, { company: "touched" }, { "if-match": hal.etag });
    byName.set("Hal", touched.body);
    const updated = idsOf(await call(owner, "GET", "/api/leads?sort=updated&pageSize=100"));
    expect(updated[0]).toBe(hal.id);
  });

  it("pages a sorted list with its own tokens", async () => {
    const { pages } = await allPages(owner, "/api/leads?sort=title", 5);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    const all = pages.flat();
    expect(all.map((id) => [...byName.entries()].find(([, lead]) => lead.id === id)![0])).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  });

  it("owner=me and owner=all for the Owner; Members see only their own whatever they ask", async () => {
    const mine = names.filter((_, index) => index % 3 !== 0).map((name) => byName.get(name)!.id);
    const theirs = names.filter((_, index) => index % 3 === 0).map((name) => byName.get(name)!.id);
    expect(idsOf(await call(owner, "GET", "/api/leads?owner=me&pageSize=100")).sort()).toEqual([...mine].sort());
    expect(idsOf(await call(owner, "GET", "/api/leads?owner=all&pageSize=100")).sort()).toEqual([...mine, ...theirs].sort());
    expect(idsOf(await call(owner, "GET", "/api/leads?owner=member&pageSize=100")).sort()).toEqual([...theirs].sort());
    expect(idsOf(await call(member, "GET", "/api/leads?pageSize=100")).sort()).toEqual([...theirs].sort());
    expect(idsOf(await call(member, "GET", "/api/leads?owner=all&pageSize=100")).sort()).toEqual([...theirs].sort());
    expect((await call(member, "GET", "/api/leads?owner=owner")).status).toBe(403);
  });

  it("searches by title prefix, case-insensitively", async () => {
    const found = (await call(owner, "GET", "/api/leads?q=ada&pageSize=100")).body.items as { name: string }[];
    expect(found.map((item) => item.name).sort()).toEqual(["Ada", "adam"]);
    expect(idsOf(await call(owner, "GET", "/api/leads?q=zz"))).toEqual([]);
    const memberFound = (await call(member, "GET", "/api/leads?q=a&pageSize=100")).body.items as { name: string }[];
    expect(memberFound.map((item) => item.name).sort()).toEqual(["Ada"]);
  });

  it("filters by status and source, alone and together", async () => {
    const expectNames = async (query: string, keep: (index: number) => boolean) => {
      const items = (await call(owner, "GET", `/api/leads?${query}&pageSize=100`)).body.items as { name: string }[];
      expect(items.map((item) => item.name).sort(), query).toEqual(names.filter((_, index) => keep(index)).sort());
    };
    await expectNames("status=Qualified", (index) => index % 3 === 1);
    await expectNames("source=Referral", (index) => index % 2 === 1);
    await expectNames("status=New&source=Web", (index) => index % 3 === 0 && index % 2 === 0);
    await expectNames("status=Converted", () => false);
    await expectNames("status=New&sort=title", (index) => index % 3 === 0);
  });

  it("filters opportunities by stage and cases by priority", async () => {
    const inProposal = (await created(owner, "/api/opportunities", { name: "P1", stageId: "proposal" })).body;
    await created(owner, "/api/opportunities", { name: "Q1", stageId: "qualification" });
    expect(idsOf(await call(owner, "GET", "/api/opportunities?stageId=proposal"))).toEqual([inProposal.id]);
    expect(idsOf(await call(owner, "GET", "/api/opportunities?pipelineId=default&stageId=proposal"))).toEqual([inProposal.id]);
    const high = (await created(owner, "/api/cases", { title: "Urgent", priority: "High" })).body;
    await created(owner, "/api/cases", { title: "Meh", priority: "Low" });
    expect(idsOf(await call(owner, "GET", "/api/cases?priority=High"))).toEqual([high.id]);
  });
});

describe("notes", () => {
  const owner = { tenantId: "notes", userId: "owner" };

  it("adds notes to a record and lists them newest first, in pages", async () => {
    const kase = (await created(owner, "/api/cases", { title: "Noisy fan" })).body;
    const texts = ["first", "  second  ", "third"];
    for (const text of texts) {
      const note = await call(owner, "POST", `/api/cases/${kase.id}/notes`, { text });
      expect(note.status, note.text).toBe(201);
      expect(note.body).toMatchObject({ recordId: kase.id, authorId: "owner", text: text.trim() });
    }
    const page1 = await call(owner, "GET", `/api/cases/${kase.id}/notes?pageSize=2`);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await call(owner, "GET", `/api/cases/${kase.id}/notes?pageSize=2&continuationToken=${encodeURIComponent(page1.body.continuationToken)}`);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.continuationToken).toBeUndefined();
    const notes = [...page1.body.items, ...page2.body.items] as { text: string; createdAt: string }[];
    expect(notes.map((note) => note.text).sort()).toEqual(["first", "second", "third"]);
    // Ids carry the time to the second only: "newest first" holds between seconds, not within one.
    const seconds = notes.map((note) => note.createdAt.slice(0, 19));
    expect(seconds).toEqual([...seconds].sort().reverse());
    expect((await call(owner, "GET", `/api/leads/${kase.id}/notes`)).status).toBe(404);
  });
});

describe("lead conversion", () => {
  const owner = { tenantId: "convert", userId: "owner" };

  it("turns a lead into an opportunity, marks it Converted, and refuses a second conversion", async () => {
    const lead = (await created(owner, "/api/leads", { name: "Grace Hopper", company: "Navy", value: 9000, status: "Qualified" })).body;
    const converted = await call(owner, "POST", `/api/leads/${lead.id}/convert`, { closeDate: "2030-01-31" });
    expect(converted.status, converted.text).toBe(201);
    expect(converted.body.lead).toMatchObject({ id: lead.id, status: "Converted" });
    expect(converted.body.opportunity).toMatchObject({ name: "Grace Hopper", account: "Navy", amount: 9000, closeDate: "2030-01-31", ownerId: "owner", pipelineId: "default", stageId: "prospecting" });
    const opportunity = await call(owner, "GET", `/api/opportunities/${converted.body.opportunity.id}`);
    expect(opportunity.status).toBe(200);
    const again = await call(owner, "POST", `/api/leads/${lead.id}/convert`, {});
    expect(again.status).toBe(409);
  });

  it("keeps the lead's owner on the new opportunity when the Owner converts a Member's lead", async () => {
    const member = { tenantId: "convert", userId: "member" };
    const lead = (await created(member, "/api/leads", { name: "Member's lead" })).body;
    const converted = await call(owner, "POST", `/api/leads/${lead.id}/convert`);
    expect(converted.status, converted.text).toBe(201);
    expect(converted.body.opportunity.ownerId).toBe("member");
    expect(idsOf(await call(member, "GET", "/api/opportunities"))).toContain(converted.body.opportunity.id);
  });
});

describe("assignment", () => {
  const tenantId = "assign";
  const owner = { tenantId, userId: "owner" };
  const alice = { tenantId, userId: "alice" };
  const bob = { tenantId, userId: "bob" };

  it("moves a record to the new owner's list and out of the old owner's", async () => {
    await call(owner, "GET", "/api/me");
    await call(bob, "GET", "/api/me");
    const lead = (await created(alice, "/api/leads", { name: "Handover" })).body;
    expect(idsOf(await call(alice, "GET", "/api/leads"))).toContain(lead.id);

    const assigned = await call(owner, "POST", `/api/leads/${lead.id}/assign`, { ownerId: "bob" });
    expect(assigned.status, assigned.text).toBe(200);
    expect(assigned.body.ownerId).toBe("bob");

    expect(idsOf(await call(bob, "GET", "/api/leads"))).toContain(lead.id);
    expect((await call(bob, "GET", `/api/leads/${lead.id}`)).status).toBe(200);
    expect(idsOf(await call(alice, "GET", "/api/leads"))).not.toContain(lead.id);
    expect((await call(alice, "GET", `/api/leads/${lead.id}`)).status).toBe(404);
    expect(idsOf(await call(owner, "GET", "/api/leads?owner=bob"))).toContain(lead.id);
    expect(idsOf(await call(owner, "GET", "/api/leads?owner=alice"))).not.toContain(lead.id);
  });

  it("assigns through PATCH ownerId too, and a Member may not give their record away", async () => {
    const lead = (await created(alice, "/api/leads", { name: "Patch handover" })).body;
    const refused = await call(alice, "PATCH", `/api/leads/${lead.id}`, { ownerId: "bob" }, { "if-match": lead.etag });
    expect(refused.status).toBe(403);
    const patched = await call(owner, "PATCH", `/api/leads/${lead.id}`, { ownerId: "bob" }, { "if-match": lead.etag });
    expect(patched.status, patched.text).toBe(200);
    expect(idsOf(await call(bob, "GET", "/api/leads"))).toContain(lead.id);
    expect(idsOf(await call(alice, "GET", "/api/leads"))).not.toContain(lead.id);
  });
});

describe("a tenant with two Owners and two Members", () => {
  const tenantId = "review";
  const founder = { tenantId, userId: "founder" };
  const other = { tenantId, userId: "other-owner" };
  const mia = { tenantId, userId: "mia" };
  const max = { tenantId, userId: "max" };

  beforeAll(async () => {
    await server.call("GET", "/api/me", { as: founder });
    await server.call("POST", "/api/users", { as: founder, body: { userId: "other-owner", displayName: "Other Owner", roleIds: ["owner"] } });
    await server.call("GET", "/api/me", { as: mia });
    await server.call("GET", "/api/me", { as: max });
  });

  describe("case assignee", () => {
    it("needs assign permission and an active user of the tenant", async () => {
      const refused = await server.call("POST", "/api/cases", { as: mia, body: { title: "Broken", assigneeId: "max" } });
      expect(refused.status).toBe(403);
      const unknown = await server.call("POST", "/api/cases", { as: other, body: { title: "Broken", assigneeId: "ghost" } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.details.fields[0].field).toBe("fields.assigneeId");
      const mine = await server.call("POST", "/api/cases", { as: mia, body: { title: "Mine", assigneeId: "mia" } });
      expect(mine.status).toBe(201);
      const reassign = await server.call("PATCH", `/api/cases/${mine.body.id}`, { as: mia, body: { assigneeId: "max" }, headers: { "if-match": mine.body.etag } });
      expect(reassign.status).toBe(403);
      const byOwner = await server.call("PATCH", `/api/cases/${mine.body.id}`, { as: other, body: { assigneeId: "max" }, headers: { "if-match": mine.body.etag } });
      expect(byOwner.status).toBe(200);
    });
  });

  describe("hidden fields in lists", () => {
    it("cannot be filtered, searched or sorted by", async () => {
      const role = await server.call("POST", "/api/roles", { as: other, body: { name: "No status", template: "sales-rep", fields: { lead: { status: "hidden", name: "hidden" } } } });
      await server.call("POST", "/api/users", { as: other, body: { userId: "blind", displayName: "Blind", roleIds: [role.body.id] } });
      const blind = { tenantId, userId: "blind" };
      for (const query of ["status=Won", "q=a", "sort=title"]) {
        const response = await server.call("GET", `/api/leads?${query}`, { as: blind });
        expect({ query, status: response.status }).toEqual({ query, status: 400 });
      }
      expect((await server.call("GET", "/api/leads", { as: blind })).status).toBe(200);
    });
  });

  describe("lead conversion", () => {
    it("converts once: a second conversion with the same lead is refused and makes no opportunity", async () => {
      const lead = await server.call("POST", "/api/leads", { as: mia, body: { name: "Twice", company: "Echo" } });
      const [first, second] = await Promise.all([server.call("POST", `/api/leads/${lead.body.id}/convert`, { as: mia }), server.call("POST", `/api/leads/${lead.body.id}/convert`, { as: mia })]);
      const statuses = [first.status, second.status].sort();
      expect(statuses[0]).toBe(201);
      expect([409, 412]).toContain(statuses[1]);
      const opportunities = await server.call("GET", "/api/opportunities?q=twice", { as: mia });
      expect(opportunities.body.items).toHaveLength(1);
      const converted = await server.call("GET", `/api/leads/${lead.body.id}`, { as: mia });
      expect(converted.body).toMatchObject({ status: "Converted", convertedTo: opportunities.body.items[0].id });
      expect((await server.call("POST", `/api/leads/${lead.body.id}/convert`, { as: mia })).status).toBe(409);
    });
  });
});
