/**
 * The authorization matrix: every built-in role and every persona template
 * (created as a custom role by an Owner), × entity × action × whose record
 * (own, a teammate's, a stranger's in the same tenant, another tenant's),
 * through the HTTP API. The expected outcome comes from the policy's own
 * decideOnRecord / decideOnEntity applied to the role's definition, never from
 * what the server happens to answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtInRoles, decideOnEntity, decideOnRecord, entityPaths, entityTypes, personaTemplates } from "@crm/shared/policy";
import { titleField } from "@crm/shared/domain";
import type { Actor, EntityType, RecordAction, ResourceRef, RoleDefinition } from "@crm/shared/policy";
import { startTestServer } from "../support/test-server.js";
import type { ApiResponse, TestServer } from "../support/test-server.js";

const tenantId = "matrix";
const foreignTenant = "matrix-elsewhere";
const boss = { tenantId, userId: "boss" };
const foreignBoss = { tenantId: foreignTenant, userId: "foreign-boss" };
const stranger = { userId: "stranger", teamIds: ["outsiders"] };

/** A field every default form has, that no template restricts, to change in updates. */
const editableField: Record<EntityType, string> = { lead: "company", opportunity: "account", case: "customer" };

type Target = "own" | "teammate" | "stranger" | "other tenant";
const targets: readonly Target[] = ["own", "teammate", "stranger", "other tenant"];

interface Subject {
  label: string;
  /** The role as the policy defines it (template or built-in), not as the server echoes it. */
  definition: RoleDefinition;
  userId: string;
  mateId: string;
  teamIds: string[];
  active: boolean;
}

interface StoredRecord {
  id: string;
  ownerId: string;
  tenantId: string;
  teamIds: string[];
}

let server: TestServer;
const subjects: Subject[] = [];
/** records[subject label][entity][target] */
const records = new Map<string, Record<EntityType, Record<Target, StoredRecord>>>();
const expectedDenials: { actorId: string; action: string; recordId?: string }[] = [];

const as = (userId: string) => ({ tenantId, userId });
const callAs = (who: { tenantId: string; userId: string }, method: string, path: string, body?: unknown) => server.call(method, path, { as: who, ...(body !== undefined ? { body } : {}) });

async function createRecord(entity: EntityType, creator: { tenantId: string; userId: string }, ownerId: string, title: string): Promise<string> {
  const response = await callAs(creator, "POST", `/api/${entityPaths[entity]}`, { [titleField[entity]]: title, ownerId });
  if (response.status !== 201) throw new Error(`setup: create ${entity} for ${ownerId}: ${response.status} ${response.text}`);
  return response.body.id as string;
}

function actorOf(subject: Subject): Actor {
  return { tenantId, userId: subject.userId, kind: "user", active: subject.active, teamIds: subject.teamIds, roles: [subject.definition] };
}

const resourceOf = (record: StoredRecord): ResourceRef => ({ tenantId: record.tenantId, ownerId: record.ownerId, teamIds: record.teamIds });

/** What the API must answer for an action on one record: 404 when the caller may not read it, 403 when only the action is refused. */
function expectedStatus(subject: Subject, action: RecordAction, entity: EntityType, record: StoredRecord, success: number): number {
  const actor = actorOf(subject);
  if (!decideOnRecord(actor, "read", entity, resourceOf(record)).allowed) return 404;
  return decideOnRecord(actor, action, entity, resourceOf(record)).allowed ? success : 403;
}

function noteDenial(subject: Subject, status: number, entity: EntityType, action: RecordAction, record: StoredRecord): void {
  // Another tenant's record does not exist in the caller's tenant: nothing to audit there.
  if (record.tenantId !== tenantId) return;
  if (status === 404) expectedDenials.push({ actorId: subject.userId, action: `${entity}.read`, recordId: record.id });
  if (status === 403) expectedDenials.push({ actorId: subject.userId, action: `${entity}.${action}`, recordId: record.id });
}

async function currentEtag(entity: EntityType, record: StoredRecord): Promise<string> {
  const reader = record.tenantId === tenantId ? boss : foreignBoss;
  const response = await callAs(reader, "GET", `/api/${entityPaths[entity]}/${record.id}`);
  if (response.status !== 200) throw new Error(`setup: read ${record.id}: ${response.status}`);
  return response.headers.get("etag")!;
}

beforeAll(async () => {
  server = await startTestServer();
  await callAs(boss, "GET", "/api/me");
  await callAs(foreignBoss, "GET", "/api/me");

  const definitions: { label: string; definition: RoleDefinition; active: boolean }[] = builtInRoles.map((role) => ({ label: role.name, definition: role, active: true }));
  for (const template of personaTemplates) {
    const created = await callAs(boss, "POST", "/api/roles", { name: template.name, template: template.id });
    if (created.status !== 201) throw new Error(`setup: role ${template.id}: ${created.status} ${created.text}`);
    const definition: RoleDefinition = {
      id: created.body.id,
      name: template.name,
      description: template.description,
      builtIn: false,
      template: template.id,
      entities: template.entities,
      config: template.config,
      fields: template.fields ?? {},
    };
    definitions.push({ label: template.name, definition, active: true });
  }
  definitions.push({ label: "Owner, deactivated", definition: builtInRoles[0]!, active: false });

  await callAs(boss, "POST", "/api/users", { userId: stranger.userId, displayName: "Stranger", roleIds: ["member"], teamIds: stranger.teamIds });
  for (const [index, { label, definition, active }] of definitions.entries()) {
    const subject: Subject = { label, definition, userId: `subject-${index}`, mateId: `mate-${index}`, teamIds: [`team-${index}`], active };
    const added = await callAs(boss, "POST", "/api/users", { userId: subject.userId, displayName: label, roleIds: [definition.id], teamIds: subject.teamIds });
    if (added.status !== 201) throw new Error(`setup: user ${label}: ${added.status} ${added.text}`);
    await callAs(boss, "POST", "/api/users", { userId: subject.mateId, displayName: `${label}'s teammate`, roleIds: ["member"], teamIds: subject.teamIds });
    subjects.push(subject);
  }

  const shared = {} as Record<EntityType, { stranger: StoredRecord; foreign: StoredRecord }>;
  for (const entity of entityTypes) {
    shared[entity] = {
      stranger: { id: await createRecord(entity, boss, stranger.userId, "Matrix stranger"), ownerId: stranger.userId, tenantId, teamIds: stranger.teamIds },
      foreign: { id: await createRecord(entity, foreignBoss, foreignBoss.userId, "Matrix foreign"), ownerId: foreignBoss.userId, tenantId: foreignTenant, teamIds: [] },
    };
  }
  for (const subject of subjects) {
    const byEntity = {} as Record<EntityType, Record<Target, StoredRecord>>;
    for (const entity of entityTypes) {
      byEntity[entity] = {
        own: { id: await createRecord(entity, boss, subject.userId, `Matrix own ${subject.label}`), ownerId: subject.userId, tenantId, teamIds: subject.teamIds },
        teammate: { id: await createRecord(entity, boss, subject.mateId, `Matrix mate ${subject.label}`), ownerId: subject.mateId, tenantId, teamIds: subject.teamIds },
        stranger: shared[entity].stranger,
        "other tenant": shared[entity].foreign,
      };
    }
    records.set(subject.label, byEntity);
  }
  // Records cannot be given to a deactivated user, so the deactivation comes last.
  for (const subject of subjects.filter((candidate) => !candidate.active)) {
    const off = await callAs(boss, "PATCH", `/api/users/${subject.userId}`, { active: false });
    if (off.status !== 200) throw new Error(`setup: deactivate: ${off.status} ${off.text}`);
  }
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** One mismatch per line, so a failure shows the whole row of the matrix that broke. */
function check(mismatches: string[], where: string, expected: number, response: ApiResponse): void {
  if (response.status !== expected) mismatches.push(`${where}: expected ${expected}, got ${response.status} ${response.text.slice(0, 160)}`);
  if (expected === 404 && response.status === 404 && response.body?.error?.code !== "not_found") mismatches.push(`${where}: 404 without not_found code`);
  if (expected === 403 && response.status === 403 && response.body?.error?.code !== "forbidden") mismatches.push(`${where}: 403 without forbidden code`);
}

async function runRecordActions(subject: Subject, entity: EntityType): Promise<string[]> {
  const mismatches: string[] = [];
  const path = `/api/${entityPaths[entity]}`;
  const me = as(subject.userId);
  const row = records.get(subject.label)![entity];

  for (const target of targets) {
    const record = row[target];
    const where = (action: string) => `${subject.label} ${action} ${entity} (${target})`;

    // read
    const readExpected = expectedStatus(subject, "read", entity, record, 200);
    const read = await callAs(me, "GET", `${path}/${record.id}`);
    check(mismatches, where("read"), readExpected, read);
    if (readExpected === 200 && read.body?.id !== record.id) mismatches.push(`${where("read")}: wrong record`);
    if (read.status === 404 && (read.text.includes(record.id) || read.text.includes("Matrix"))) mismatches.push(`${where("read")}: 404 leaks the record`);
    noteDenial(subject, readExpected, entity, "read", record);

    // notes: listing needs read, adding needs update
    const notesExpected = expectedStatus(subject, "read", entity, record, 200);
    check(mismatches, where("list notes"), notesExpected, await callAs(me, "GET", `${path}/${record.id}/notes`));
    const noteExpected = expectedStatus(subject, "update", entity, record, 201);
    check(mismatches, where("add note"), noteExpected, await callAs(me, "POST", `${path}/${record.id}/notes`, { text: `note by ${subject.label}` }));
    noteDenial(subject, noteExpected, entity, "update", record);

    // update
    const updateExpected = expectedStatus(subject, "update", entity, record, 200);
    const etag = await currentEtag(entity, record);
    const update = await server.call("PATCH", `${path}/${record.id}`, { as: me, body: { [editableField[entity]]: `edited by ${subject.label}` }, headers: { "if-match": etag } });
    check(mismatches, where("update"), updateExpected, update);
    noteDenial(subject, updateExpected, entity, "update", record);

    // assign: take a teammate's or stranger's record; hand one's own to the teammate
    const newOwner = target === "own" ? { userId: subject.mateId, teamIds: subject.teamIds } : { userId: subject.userId, teamIds: subject.teamIds };
    let assignExpected = expectedStatus(subject, "assign", entity, record, 200);
    if (assignExpected === 200 && newOwner.userId !== subject.userId) {
      const onNewOwner = decideOnRecord(actorOf(subject), "assign", entity, { tenantId, ownerId: newOwner.userId, teamIds: newOwner.teamIds });
      if (!onNewOwner.allowed) assignExpected = 403;
    }
    const assign = await callAs(me, "POST", `${path}/${record.id}/assign`, { ownerId: newOwner.userId });
    check(mismatches, where("assign"), assignExpected, assign);
    noteDenial(subject, assignExpected, entity, "assign", record);
    if (assign.status === 200) {
      if (assign.body.ownerId !== newOwner.userId) mismatches.push(`${where("assign")}: owner not changed`);
      const back = await callAs(boss, "POST", `${path}/${record.id}/assign`, { ownerId: record.ownerId });
      if (back.status !== 200) throw new Error(`restore owner of ${record.id}: ${back.status} ${back.text}`);
    }

    // delete: an allowed delete removes a fresh record of the same owner, so the shared ones stay
    const deleteExpected = expectedStatus(subject, "delete", entity, record, 204);
    if (deleteExpected === 204) {
      const creator = record.tenantId === tenantId ? boss : foreignBoss;
      const victim = await createRecord(entity, creator, record.ownerId, "Matrix victim");
      check(mismatches, where("delete"), 204, await callAs(me, "DELETE", `${path}/${victim}`));
      const gone = await callAs(creator, "GET", `${path}/${victim}`);
      if (gone.status !== 404) mismatches.push(`${where("delete")}: record still there (${gone.status})`);
    } else {
      check(mismatches, where("delete"), deleteExpected, await callAs(me, "DELETE", `${path}/${record.id}`));
      const still = await callAs(record.tenantId === tenantId ? boss : foreignBoss, "GET", `${path}/${record.id}`);
      if (still.status !== 200) mismatches.push(`${where("delete")}: refused delete removed the record (${still.status})`);
      noteDenial(subject, deleteExpected, entity, "delete", record);
    }
  }
  return mismatches;
}

/** Lists and exports: 403 without the entity-level grant, otherwise exactly the records the scope covers. */
async function runCollectionActions(subject: Subject, entity: EntityType): Promise<string[]> {
  const mismatches: string[] = [];
  const path = `/api/${entityPaths[entity]}`;
  const me = as(subject.userId);
  const actor = actorOf(subject);
  const row = records.get(subject.label)![entity];

  const create = decideOnEntity(actor, "create", entity);
  const created = await callAs(me, "POST", path, { [titleField[entity]]: `Matrix created by ${subject.label}` });
  check(mismatches, `${subject.label} create ${entity}`, create.allowed ? 201 : 403, created);
  if (!create.allowed) expectedDenials.push({ actorId: subject.userId, action: `${entity}.create` });
  if (created.status === 201) {
    if (created.body.ownerId !== subject.userId) mismatches.push(`${subject.label} create ${entity}: not owned by the creator`);
    await callAs(boss, "DELETE", `${path}/${created.body.id}`);
  }

  for (const action of ["read", "export"] as const) {
    const allowed = decideOnEntity(actor, action, entity).allowed;
    const where = `${subject.label} ${action === "read" ? "list" : "export"} ${entity}`;
    const seen = new Set<string>();
    if (action === "read") {
      let token: string | undefined;
      let pages = 0;
      do {
        const query = `?pageSize=100${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`;
        const page = await callAs(me, "GET", `${path}${query}`);
        check(mismatches, where, allowed ? 200 : 403, page);
        if (page.status !== 200) break;
        for (const item of page.body.items as { id: string }[]) seen.add(item.id);
        token = page.body.continuationToken;
        pages += 1;
      } while (token && pages < 20);
    } else {
      const exported = await callAs(me, "GET", `${path}/export`);
      check(mismatches, where, allowed ? 200 : 403, exported);
      if (exported.status === 200) for (const target of targets) if (exported.text.includes(row[target].id)) seen.add(row[target].id);
    }
    if (!allowed) {
      expectedDenials.push({ actorId: subject.userId, action: `${entity}.${action === "read" ? "list" : "export"}` });
      continue;
    }
    for (const target of targets) {
      const included = decideOnRecord(actor, action, entity, resourceOf(row[target])).allowed;
      if (seen.has(row[target].id) !== included) mismatches.push(`${where}: the ${target} record should ${included ? "" : "not "}be included`);
    }
  }
  return mismatches;
}

describe("authorization matrix", () => {
  it("covers every built-in role, every persona template and a deactivated user", () => {
    expect(subjects.map((subject) => subject.label)).toEqual([...builtInRoles.map((role) => role.name), ...personaTemplates.map((template) => template.name), "Owner, deactivated"]);
  });

  it("gives the server's copy of each template role exactly the template's grants", async () => {
    const roles = await callAs(boss, "GET", "/api/roles");
    for (const subject of subjects) {
      const stored = (roles.body.items as RoleDefinition[]).find((role) => role.id === subject.definition.id)!;
      expect(stored.entities, subject.label).toEqual(subject.definition.entities);
      expect([...stored.config].sort(), subject.label).toEqual([...subject.definition.config].sort());
    }
  });

  for (const [index, label] of [...builtInRoles.map((role) => role.name), ...personaTemplates.map((template) => template.name), "Owner, deactivated"].entries()) {
    describe(label, () => {
      for (const entity of entityTypes) {
        it(`${entity}: create, read, list, export, notes, update, assign, delete on own, teammate's, stranger's and another tenant's`, async () => {
          const subject = subjects[index]!;
          const mismatches = [...(await runCollectionActions(subject, entity)), ...(await runRecordActions(subject, entity))];
          expect(mismatches).toEqual([]);
        });
      }
    });
  }

  it("answers a forbidden read exactly like a missing record", async () => {
    const member = subjects.find((subject) => subject.label === "Member")!;
    const strangers = records.get("Member")!.lead.stranger;
    const forbidden = await callAs(as(member.userId), "GET", `/api/leads/${strangers.id}`);
    const missing = await callAs(as(member.userId), "GET", `/api/leads/${"0".repeat(19)}`);
    expect(forbidden.status).toBe(404);
    expect(forbidden.body).toEqual(missing.body);
  });

  it("writes every denial to the audit log with outcome denied", async () => {
    expect(expectedDenials.length).toBeGreaterThan(100);
    const byActor = new Map<string, { action: string; recordId?: string; outcome: string; reason: string }[]>();
    for (const actorId of new Set(expectedDenials.map((denial) => denial.actorId))) {
      const entries: { action: string; recordId?: string; outcome: string; reason: string }[] = [];
      let token: string | undefined;
      do {
        const page = await callAs(boss, "GET", `/api/audit?actorId=${actorId}&pageSize=100${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`);
        expect(page.status).toBe(200);
        entries.push(...page.body.items);
        token = page.body.continuationToken;
      } while (token);
      byActor.set(actorId, entries);
    }
    const missing = expectedDenials.filter(
      (denial) =>
        !byActor
          .get(denial.actorId)!
          .some((entry) => entry.outcome === "denied" && entry.action === denial.action && entry.reason.length > 0 && (denial.recordId === undefined || entry.recordId === denial.recordId)),
    );
    expect(missing).toEqual([]);
  });
});

describe("granting roles", () => {
  const grantTenant = "matrix-grants";
  const founder = { tenantId: grantTenant, userId: "founder" };
  const manager = { tenantId: grantTenant, userId: "manager" };
  const roleIds: Record<string, string> = {};

  beforeAll(async () => {
    await callAs(founder, "GET", "/api/me");
    for (const template of ["crm-manager", "administrator", "sales-rep"]) {
      const created = await callAs(founder, "POST", "/api/roles", { name: template, template });
      if (created.status !== 201) throw new Error(`setup: role ${template}: ${created.status}`);
      roleIds[template] = created.body.id;
    }
    await callAs(founder, "POST", "/api/users", { userId: "manager", displayName: "CRM Manager", roleIds: [roleIds["crm-manager"]] });
    await callAs(founder, "POST", "/api/users", { userId: "rep", displayName: "Rep", roleIds: ["member"] });
  });

  it("a role that manages users cannot hand out more than it holds", async () => {
    const selfOwner = await callAs(manager, "PATCH", "/api/users/manager", { roleIds: [roleIds["crm-manager"], "owner"] });
    expect(selfOwner.status).toBe(403);
    expect((await callAs(manager, "GET", "/api/me")).body.permissions.config).not.toContain("pipelines");
    expect((await callAs(manager, "PATCH", "/api/users/rep", { roleIds: [roleIds["administrator"]] })).status).toBe(403);
    expect((await callAs(manager, "POST", "/api/users", { userId: "new-owner", displayName: "x", roleIds: ["owner"] })).status).toBe(403);
    expect((await callAs(manager, "POST", "/api/roles", { name: "Pipelines too", config: ["pipelines"] })).status).toBe(403);
    expect((await callAs(manager, "PUT", `/api/roles/${roleIds["sales-rep"]}`, { name: "sales-rep", config: ["workflows"] })).status).toBe(403);
    const audit = await callAs(founder, "GET", "/api/audit?actorId=manager");
    expect(audit.body.items.filter((entry: { outcome: string }) => entry.outcome === "denied").length).toBeGreaterThanOrEqual(5);
  });

  it("grants within its own permissions; only an Owner changes another Owner, who keeps the roles held", async () => {
    expect((await callAs(manager, "PATCH", "/api/users/rep", { roleIds: [roleIds["sales-rep"]] })).status).toBe(200);
    expect((await callAs(manager, "POST", "/api/roles", { name: "Narrow", template: "sales-rep" })).status).toBe(201);
    expect((await callAs(founder, "POST", "/api/users", { userId: "boss2", displayName: "Second Owner", roleIds: ["owner"] })).status).toBe(201);
    expect((await callAs(manager, "PATCH", "/api/users/boss2", { displayName: "Renamed Owner" })).status).toBe(403);
    expect((await callAs(founder, "PATCH", "/api/users/boss2", { displayName: "Renamed Owner" })).status).toBe(200);
    expect((await callAs(founder, "PATCH", "/api/users/boss2", { roleIds: ["owner", "member"] })).status).toBe(200);
  });
});

describe("field rules through the API", () => {
  const fieldTenant = "matrix-fields";
  const founder = { tenantId: fieldTenant, userId: "founder" };
  const rep = { tenantId: fieldTenant, userId: "rep" };

  it("a hidden lead field is neither shown, written, exported nor carried into an opportunity on conversion", async () => {
    await callAs(founder, "GET", "/api/me");
    const role = await callAs(founder, "POST", "/api/roles", { name: "No value", template: "sales-rep", fields: { lead: { value: "hidden", company: "read" } } });
    await callAs(founder, "POST", "/api/users", { userId: "rep", displayName: "Rep", roleIds: [role.body.id] });
    const lead = (await callAs(founder, "POST", "/api/leads", { name: "Secret", company: "Acme", value: 123456, ownerId: "rep" })).body;
    const seen = await callAs(rep, "GET", `/api/leads/${lead.id}`);
    expect(seen.body).toMatchObject({ name: "Secret", company: "Acme" });
    expect(seen.body).not.toHaveProperty("value");
    expect(JSON.stringify((await callAs(rep, "GET", "/api/leads")).body)).not.toContain("123456");
    expect((await callAs(rep, "GET", "/api/leads/export")).text).not.toContain("123456");
    for (const body of [{ value: 1 }, { company: "Other" }]) {
      const refused = await server.call("PATCH", `/api/leads/${lead.id}`, { as: rep, body, headers: { "if-match": lead.etag } });
      expect(refused.status, JSON.stringify(body)).toBe(400);
    }
    const converted = await callAs(rep, "POST", `/api/leads/${lead.id}/convert`, {});
    expect(converted.status, converted.text).toBe(201);
    expect(converted.body.opportunity).not.toHaveProperty("amount");
    expect(converted.text).not.toContain("123456");
  });
});

describe("team scope when teams change", () => {
  const teamTenant = "matrix-teams";
  const founder = { tenantId: teamTenant, userId: "founder" };
  const manager = { tenantId: teamTenant, userId: "manager" };

  it("a teammate's list shows only the records whose teams the manager shares, as reads do", async () => {
    await callAs(founder, "GET", "/api/me");
    const role = await callAs(founder, "POST", "/api/roles", { name: "Managers", template: "sales-manager" });
    await callAs(founder, "POST", "/api/users", { userId: "manager", displayName: "Manager", roleIds: [role.body.id], teamIds: ["red"] });
    await callAs(founder, "POST", "/api/users", { userId: "mover", displayName: "Mover", roleIds: ["member"], teamIds: ["blue"] });
    const before = (await callAs(founder, "POST", "/api/leads", { name: "From the blue days", ownerId: "mover" })).body;
    await callAs(founder, "PATCH", "/api/users/mover", { teamIds: ["red"] });
    const after = (await callAs(founder, "POST", "/api/leads", { name: "Red now", ownerId: "mover" })).body;

    const actor: Actor = {
      tenantId: teamTenant,
      userId: "manager",
      kind: "user",
      active: true,
      teamIds: ["red"],
      roles: [{ ...role.body, entities: personaTemplates.find((t) => t.id === "sales-manager")!.entities }],
    };
    for (const [record, teamIds] of [
      [before, ["blue"]],
      [after, ["red"]],
    ] as const) {
      const readable = decideOnRecord(actor, "read", "lead", { tenantId: teamTenant, ownerId: "mover", teamIds }).allowed;
      expect((await callAs(manager, "GET", `/api/leads/${record.id}`)).status).toBe(readable ? 200 : 404);
      for (const query of ["owner=mover", "owner=all"]) {
        const listed = (await callAs(manager, "GET", `/api/leads?${query}`)).body.items.map((item: { id: string }) => item.id);
        expect(listed.includes(record.id), `${query} ${record.name}`).toBe(readable);
      }
    }
  });
});
