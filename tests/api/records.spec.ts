/** Leads, opportunities and cases through the HTTP API, against a real (in-memory) Azurite. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultForm, defaultPipeline } from "@crm/shared/domain";
import { startTestServer } from "../support/test-server.js";
import type { ApiResponse, TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Who = { tenantId: string; userId: string };
const call = (who: Who, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  server.call(method, path, { as: who, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });

async function created(who: Who, path: string, body: unknown): Promise<ApiResponse> {
  const response = await call(who, "POST", path, body);
  expect(response.status, response.text).toBe(201);
  return response;
}

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

describe("forms", () => {
  const owner = { tenantId: "forms", userId: "owner" };
  const withRegion = [...defaultForm("lead"), { key: "region", label: "Region", type: "choice" as const, required: false, order: 20, options: ["North", "South"] }];

  it("removing a field keeps stored values; they come back when the field is re-added", async () => {
    expect((await call(owner, "PUT", "/api/config/forms/lead", { fields: withRegion })).status).toBe(200);
    const lead = (await created(owner, "/api/leads", { name: "Regional", region: "North" })).body;
    expect(lead.region).toBe("North");

    expect((await call(owner, "PUT", "/api/config/forms/lead", { fields: defaultForm("lead") })).status).toBe(200);
    const refused = await call(owner, "PATCH", `/api/leads/${lead.id}`, { region: "South" }, { "if-match": lead.etag });
    expect(refused.status).toBe(400);
    const edited = await call(owner, "PATCH", `/api/leads/${lead.id}`, { company: "Elsewhere" }, { "if-match": lead.etag });
    expect(edited.status, edited.text).toBe(200);

    expect((await call(owner, "PUT", "/api/config/forms/lead", { fields: withRegion })).status).toBe(200);
    const back = await call(owner, "GET", `/api/leads/${lead.id}`);
    expect(back.body).toMatchObject({ region: "North", company: "Elsewhere" });
  });

  it("validates records against the current form", async () => {
    const required = withRegion.map((field) => (field.key === "region" ? { ...field, required: true } : field));
    expect((await call(owner, "PUT", "/api/config/forms/lead", { fields: required })).status).toBe(200);
    const missing = await call(owner, "POST", "/api/leads", { name: "No region" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields).toContainEqual({ field: "fields.region", message: "Region is required." });
    expect((await call(owner, "GET", "/api/config/forms/lead")).body.fields.map((field: { key: string }) => field.key)).toContain("region");
  });
});

describe("pipelines", () => {
  const owner = { tenantId: "pipelines", userId: "owner" };

  it("deleting a stage in use requires a target stage and moves its opportunities there", async () => {
    const a = (await created(owner, "/api/opportunities", { name: "A", stageId: "proposal" })).body;
    const b = (await created(owner, "/api/opportunities", { name: "B", stageId: "proposal" })).body;
    const elsewhere = (await created(owner, "/api/opportunities", { name: "C", stageId: "qualification" })).body;

    const refused = await call(owner, "DELETE", "/api/config/pipelines/default/stages/proposal");
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.inUse).toBe(2);
    expect((await call(owner, "GET", "/api/config/pipelines")).body.items[0].stages.map((stage: { id: string }) => stage.id)).toContain("proposal");

    const moved = await call(owner, "DELETE", "/api/config/pipelines/default/stages/proposal?targetStageId=negotiation");
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body.moved).toBe(2);
    expect(moved.body.pipeline.stages.map((stage: { id: string }) => stage.id)).not.toContain("proposal");
    for (const opportunity of [a, b]) {
      const now = await call(owner, "GET", `/api/opportunities/${opportunity.id}`);
      expect(now.body).toMatchObject({ stageId: "negotiation", probability: 75 });
    }
    expect((await call(owner, "GET", `/api/opportunities/${elsewhere.id}`)).body.stageId).toBe("qualification");
    expect((await call(owner, "POST", "/api/opportunities", { name: "D", stageId: "proposal" })).status).toBe(400);
  });

  it("deletes an unused stage without a target, and refuses to delete a pipeline in use", async () => {
    const pipeline = await created(owner, "/api/config/pipelines", {
      name: "Renewals",
      stages: [
        { id: "due", name: "Due", probability: 50, won: false, lost: false },
        { id: "spare", name: "Spare", probability: 60, won: false, lost: false },
        { id: "renewed", name: "Renewed", probability: 100, won: true, lost: false },
      ],
    });
    const id = pipeline.body.id;
    expect((await call(owner, "DELETE", `/api/config/pipelines/${id}/stages/spare`)).status).toBe(200);
    await created(owner, "/api/opportunities", { name: "Renewal", pipelineId: id, stageId: "due" });
    expect((await call(owner, "DELETE", `/api/config/pipelines/${id}`)).status).toBe(409);
  });
});

describe("last Owner protection", () => {
  const tenantId = "owners";
  const owner = { tenantId, userId: "founder" };

  it("refuses to demote, deactivate or remove the last Owner, and allows it once there is another", async () => {
    await call(owner, "GET", "/api/me");
    for (const [method, body] of [
      ["PATCH", { roleIds: ["member"] }],
      ["PATCH", { active: false }],
      ["DELETE", undefined],
    ] as const) {
      const response = await call(owner, method, "/api/users/founder", body);
      expect(response.status, `${method} ${JSON.stringify(body)}`).toBe(409);
      expect(response.body.error.message).toMatch(/Owner/);
    }
    expect((await call(owner, "GET", "/api/me")).body.roles.map((role: { id: string }) => role.id)).toEqual(["owner"]);

    expect((await call(owner, "POST", "/api/users", { userId: "second", displayName: "Second", roleIds: ["owner"] })).status).toBe(201);
    const demoted = await call(owner, "PATCH", "/api/users/founder", { roleIds: ["member"] });
    expect(demoted.status, demoted.text).toBe(200);
    const second = { tenantId, userId: "second" };
    expect((await call(second, "PATCH", "/api/users/second", { active: false })).status).toBe(409);
    expect((await call(owner, "GET", "/api/config/pipelines")).status).toBe(200);
    expect((await call(owner, "POST", "/api/users", { userId: "third", displayName: "Third" })).status).toBe(403);
  });
});
