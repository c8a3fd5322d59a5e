/**
 * Nobody acts with more than they hold. Generated over every persona template and
 * the Member role (each person also holds a role that may only configure
 * workflows): an Owner's workflow runs as the Owner, and each person tries every
 * path that would make it act for them (run, dry run, enable, save, create with
 * the Owner's roles, templates, the case workflow, retrying a failed run), then
 * the bot's card buttons on a record they may read. The expected answer comes
 * from the policy (decideGrant, decideOnRecord), never from what the server
 * happens to say; and where it refuses, the record is unchanged after the engine ran.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, RoleDefinition } from "@crm/shared/policy";
import { BotNotificationPort, registerBot } from "@crm/bot";
import { builtInRoles, decideGrant, decideOnRecord, fieldAccess, memberRole, ownerRole, personaTemplates } from "@crm/shared/policy";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { startChannelRecorder } from "../bot/channel-recorder.js";
import type { ChannelRecorder } from "../bot/channel-recorder.js";

const tenantId = "power";
const owner = { tenantId, userId: "owner" };
const as = (userId: string) => ({ tenantId, userId });

interface Subject {
  label: string;
  userId: string;
  roles: RoleDefinition[];
  leadId: string;
}

let server: TestServer;
let channel: ChannelRecorder;
const subjects: Subject[] = [];
const workflows = { acting: "", disabled: "", failing: "" };
let authorRole: RoleDefinition;
let deadLetterId = "";
let sequence = 0;

const actorOf = (subject: Subject): Actor => ({ tenantId, userId: subject.userId, kind: "user", active: true, teamIds: [], roles: subject.roles });
const mayActAsOwner = (subject: Subject) => decideGrant(actorOf(subject), ownerRole).allowed;
const mayReadOwners = (subject: Subject) => decideOnRecord(actorOf(subject), "read", "lead", { tenantId, ownerId: "owner", teamIds: [] }).allowed;
const mayRead = (subject: Subject) => decideOnRecord(actorOf(subject), "read", "lead", { tenantId, ownerId: subject.userId, teamIds: [] }).allowed;

async function ok(response: Promise<{ status: number; text: string; body: any }>, status: number, what: string) {
  const answer = await response;
  if (answer.status !== status) throw new Error(`setup: ${what}: ${answer.status} ${answer.text}`);
  return answer;
}

const actingWorkflow = (name: string, enabled: boolean) => ({
  name,
  entity: "lead",
  enabled,
  trigger: { type: "manual" },
  roleIds: ["owner"],
  actions: [
    { type: "setField", field: "status", value: "Unqualified" },
    { type: "assign", strategy: "user", userId: "owner" },
    { type: "addNote", text: "Closed by a workflow" },
  ],
});

async function leadOf(subject: Subject) {
  return (await server.call("GET", `/api/leads/${subject.leadId}`, { as: owner })).body;
}

async function say(subject: Subject, value: Record<string, unknown>) {
  sequence += 1;
  const response = await fetch(`${server.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "message",
      id: `power-${sequence}`,
      channelId: "msteams",
      serviceUrl: channel.url,
      from: { id: `29:${subject.userId}`, aadObjectId: subject.userId, name: subject.label },
      recipient: { id: "28:crm-bot", name: "CRM" },
      conversation: { id: `a:personal-${subject.userId}`, conversationType: "personal", tenantId },
      channelData: { tenant: { id: tenantId } },
      text: "",
      value,
    }),
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  channel = await startChannelRecorder();
  const notifications = new BotNotificationPort();
  server = await startTestServer({
    notifications,
    workflowPollMs: 0,
    extend: async (app, services) => {
      await registerBot(app, services, { auth: {}, notifications, startSender: false });
    },
  });
  await ok(server.call("GET", "/api/me", { as: owner }), 200, "owner");
  const none = { create: "none", read: "none", update: "none", delete: "none", assign: "none", export: "none" };
  const author = await ok(
    server.call("POST", "/api/roles", { as: owner, body: { name: "Workflow author", entities: { lead: none, opportunity: none, case: none }, config: ["workflows"] } }),
    201,
    "author role",
  );
  authorRole = { ...author.body, builtIn: false };
  const definitions: { label: string; role: RoleDefinition }[] = [{ label: "Member", role: memberRole }];
  for (const template of personaTemplates) {
    const created = await ok(server.call("POST", "/api/roles", { as: owner, body: { name: template.name, template: template.id } }), 201, template.id);
    definitions.push({ label: template.name, role: { ...created.body, builtIn: false } });
  }
  for (const [index, { label, role }] of definitions.entries()) {
    const userId = `subject-${index}`;
    await ok(server.call("POST", "/api/users", { as: owner, body: { userId, displayName: label, roleIds: [role.id, authorRole.id] } }), 201, `user ${label}`);
    const lead = await ok(server.call("POST", "/api/leads", { as: owner, body: { name: `Lead of ${label}`, status: "New", ownerId: userId } }), 201, `lead of ${label}`);
    subjects.push({ label, userId, roles: [role, authorRole], leadId: lead.body.id });
  }
  workflows.acting = (await ok(server.call("POST", "/api/config/workflows", { as: owner, body: actingWorkflow("Close and take over", true) }), 201, "acting")).body.id;
  workflows.disabled = (await ok(server.call("POST", "/api/config/workflows", { as: owner, body: actingWorkflow("Close later", false) }), 201, "disabled")).body.id;
  // A failed run to retry: its assignee is deactivated after the workflow was saved.
  await ok(server.call("POST", "/api/users", { as: owner, body: { userId: "gone", displayName: "Gone" } }), 201, "gone");
  const failing = { ...actingWorkflow("Fails", true), actions: [{ type: "assign", strategy: "user", userId: "gone" }] };
  workflows.failing = (await ok(server.call("POST", "/api/config/workflows", { as: owner, body: failing }), 201, "failing")).body.id;
  await ok(server.call("PATCH", "/api/users/gone", { as: owner, body: { active: false } }), 200, "deactivate");
  const victim = await ok(server.call("POST", "/api/leads", { as: owner, body: { name: "Victim" } }), 201, "victim");
  await ok(server.call("POST", `/api/config/workflows/${workflows.failing}/run`, { as: owner, body: { recordId: victim.body.id } }), 202, "run failing");
  await server.workflows.drain();
  const letters = await ok(server.call("GET", "/api/config/workflow-dead-letters", { as: owner }), 200, "letters");
  deadLetterId = letters.body.items[0]?.id;
  expect(deadLetterId).toBeTruthy();
}, 120_000);

afterAll(async () => {
  await server?.close();
  await channel?.close();
});

describe("no path lets anyone act with more than they hold", () => {
  it("covers every persona template, the Member, and someone who holds enough", () => {
    expect(subjects).toHaveLength(personaTemplates.length + 1);
    expect(subjects.some(mayActAsOwner)).toBe(true);
    expect(subjects.filter((subject) => !mayActAsOwner(subject)).length).toBeGreaterThan(5);
    expect(builtInRoles.map((role) => role.id)).toContain("owner");
  });

  it("running, dry-running, enabling, saving and retrying the Owner's workflow need the Owner's grants", async () => {
    const wrong: string[] = [];
    const expect403 = (subject: Subject, ok: number) => (mayActAsOwner(subject) ? ok : 403);
    for (const subject of subjects) {
      const who = as(subject.userId);
      const readable = mayRead(subject);
      const attempts: [string, Promise<{ status: number; text: string }>, number][] = [
        // The workflow's grants are checked before the record is looked at: a refusal says nothing of the record.
        ["run", server.call("POST", `/api/config/workflows/${workflows.acting}/run`, { as: who, body: { recordId: subject.leadId } }), expect403(subject, readable ? 202 : 404)],
        ["dry run", server.call("POST", `/api/config/workflows/${workflows.acting}/dry-run`, { as: who, body: { recordId: subject.leadId } }), expect403(subject, readable ? 200 : 404)],
        ["create with the Owner's roles", server.call("POST", "/api/config/workflows", { as: who, body: actingWorkflow(`Copy by ${subject.label}`, false) }), expect403(subject, 201)],
        [
          "case workflow with the Owner's roles",
          server.call("PUT", "/api/config/case-workflow", { as: who, body: { statuses: ["New", "Closed"], unansweredStatuses: ["New"], transitions: [], sla: [], roleIds: ["owner"] } }),
          expect403(subject, 200),
        ],
      ];
      for (const [name, response, status] of attempts) {
        const answer = await response;
        if (answer.status !== status) wrong.push(`${subject.label} ${name}: expected ${status}, got ${answer.status} ${answer.text.slice(0, 140)}`);
      }
      // Enabling and retrying change shared state: only those refused try them, so each refusal is checked on an untouched workflow.
      if (!mayActAsOwner(subject)) {
        const enable = await server.call("POST", `/api/config/workflows/${workflows.disabled}/enable`, { as: who });
        if (enable.status !== 403) wrong.push(`${subject.label} enable: expected 403, got ${enable.status}`);
        // A failed run on a record they may not read is not there for them (unreadable-records.spec.ts).
        const retry = await server.call("POST", `/api/config/workflow-dead-letters/${deadLetterId}/retry`, { as: who });
        const retryRefusal = mayReadOwners(subject) ? 403 : 404;
        if (retry.status !== retryRefusal) wrong.push(`${subject.label} retry: expected ${retryRefusal}, got ${retry.status}`);
        const current = await server.call("GET", `/api/config/workflows/${workflows.disabled}`, { as: owner });
        const update = await server.call("PUT", `/api/config/workflows/${workflows.disabled}`, {
          as: who,
          body: actingWorkflow("Close later", false),
          headers: { "if-match": current.headers.get("etag") ?? "" },
        });
        if (update.status !== 403) wrong.push(`${subject.label} save with the Owner's roles: expected 403, got ${update.status}`);
      }
    }
    expect(wrong).toEqual([]);
    await server.workflows.drain();
    for (const subject of subjects.filter((candidate) => !mayActAsOwner(candidate))) {
      const lead = await leadOf(subject);
      expect(lead, subject.label).toMatchObject({ status: "New", ownerId: subject.userId });
    }
    const disabled = await server.call("GET", `/api/config/workflows/${workflows.disabled}`, { as: owner });
    expect(disabled.body.enabled).toBe(false);
    const letters = await server.call("GET", "/api/config/workflow-dead-letters", { as: owner });
    expect(letters.body.items.map((letter: { id: string }) => letter.id)).toContain(deadLetterId);
  });

  it("a template makes a workflow that runs with its author's own roles, never more", async () => {
    for (const subject of subjects) {
      const created = await server.call("POST", "/api/config/workflow-templates/round-robin-new-leads", { as: as(subject.userId), body: { enabled: false } });
      // It names the lead's title ({record}): someone who may not see it may not build on it.
      if (fieldAccess(actorOf(subject), "lead", "name") === "hidden") {
        expect(created.status, subject.label).toBe(403);
        continue;
      }
      expect(created.status, `${subject.label}: ${created.text}`).toBe(201);
      expect([...created.body.roleIds].sort()).toEqual(subject.roles.map((role) => role.id).sort());
    }
  });

  it("the bot's buttons change only what the person's own roles allow", async () => {
    const wrong: string[] = [];
    for (const subject of subjects) {
      const before = await server.call("GET", `/api/leads/${subject.leadId}`, { as: owner });
      const etag = before.headers.get("etag") ?? "";
      const actor = actorOf(subject);
      const resource = { tenantId, ownerId: subject.userId, teamIds: [] };
      const mayUpdate = decideOnRecord(actor, "read", "lead", resource).allowed && decideOnRecord(actor, "update", "lead", resource).allowed && fieldAccess(actor, "lead", "status") === "write";
      // Giving the record away needs assign on it and on the new owner's records (the Owner's, in no team).
      const mayAssign =
        decideOnRecord(actor, "read", "lead", resource).allowed &&
        decideOnRecord(actor, "assign", "lead", resource).allowed &&
        decideOnRecord(actor, "assign", "lead", { tenantId, ownerId: "owner", teamIds: [] }).allowed;
      expect(await say(subject, { crm: "setStatus", entity: "lead", id: subject.leadId, etag, status: "Contacted" })).toBe(200);
      const afterStatus = await leadOf(subject);
      if ((afterStatus.status === "Contacted") !== mayUpdate) wrong.push(`${subject.label} set status: policy says ${mayUpdate}, status is ${afterStatus.status}`);
      const fresh = await server.call("GET", `/api/leads/${subject.leadId}`, { as: owner });
      expect(await say(subject, { crm: "assign", entity: "lead", id: subject.leadId, etag: fresh.headers.get("etag") ?? "", ownerId: "owner" })).toBe(200);
      const afterAssign = await leadOf(subject);
      if ((afterAssign.ownerId === "owner") !== mayAssign) wrong.push(`${subject.label} assign: policy says ${mayAssign}, owner is ${afterAssign.ownerId}`);
    }
    expect(wrong).toEqual([]);
  });
});
