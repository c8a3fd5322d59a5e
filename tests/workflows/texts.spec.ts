/**
 * `{field}` placeholders in workflow texts: a value shows only to a reader who may
 * see that field, and never more than the workflow's own run-as roles may see.
 * Notes are filled per reader when read; tasks and messages to a person for that
 * person; a channel (many readers) gets labels only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock, createWorkflow, setUpTenant } from "./support.js";

const clock = new TestClock(Date.parse("2026-03-02T09:00:00Z"));
let server: TestServer;
const tenantId = "wftexts";
const owner = { tenantId, userId: "owner" };
const ops = { tenantId, userId: "ops" };
let opsRoleId = "";
let dealId = "";
const amount = 98765;

beforeAll(async () => {
  server = await startTestServer({ clock, workflowPollMs: 0 });
  await setUpTenant(server, tenantId, ["mia"]);
  const role = await server.call("POST", "/api/roles", { as: owner, body: { name: "Ops without amounts", template: "sales-ops-lead", fields: { opportunity: { amount: "hidden" } } } });
  expect(role.status).toBe(201);
  opsRoleId = role.body.id;
  expect((await server.call("POST", "/api/users", { as: owner, body: { userId: "ops", displayName: "Ops", roleIds: [opsRoleId] } })).status).toBe(201);
  const deal = await server.call("POST", "/api/opportunities", { as: owner, body: { name: "Acme renewal", account: "Acme", amount } });
  expect(deal.status).toBe(201);
  dealId = deal.body.id;
});
afterAll(async () => {
  await server?.close();
});

const notifications = async () =>
  (await server.call("GET", "/api/config/workflow-notifications", { as: owner })).body.items as {
    title: string;
    text: string;
    recipient: { kind: string; userId?: string; channelId?: string };
    entity?: string;
    recordId?: string;
  }[];
const notesOf = async (as: typeof owner) => (await server.call("GET", `/api/opportunities/${dealId}/notes`, { as })).body.items as { text: string; authorId: string }[];

async function runOnDeal(workflow: { id: string }) {
  const started = await server.call("POST", `/api/config/workflows/${workflow.id}/run`, { as: owner, body: { recordId: dealId } });
  expect(started.status).toBe(202);
  await server.workflows.drain();
}

describe("placeholders in workflow texts", () => {
  it("fill a note for each reader when it is read, and keep values out of the audit entry", async () => {
    const workflow = await createWorkflow(server, owner, {
      name: "Note the amount",
      entity: "opportunity",
      trigger: { type: "manual" },
      actions: [{ type: "addNote", text: "{record} is worth {amount}" }],
    });
    await runOnDeal(workflow);
    expect((await notesOf(owner))[0]!.text).toBe(`Acme renewal is worth ${amount}`);
    const opsNote = (await notesOf(ops))[0]!;
    expect(opsNote.text).toBe("Acme renewal is worth [Amount]");
    expect(JSON.stringify(opsNote)).not.toContain(String(amount));
    const audit = await server.call("GET", `/api/audit?action=opportunity.note&recordId=${dealId}`, { as: owner });
    expect(audit.body.items).toHaveLength(1);
    expect(JSON.stringify(audit.body.items[0])).not.toContain(String(amount));
    const history = await server.call("GET", `/api/opportunities/${dealId}/history`, { as: ops });
    expect(history.text).not.toContain(String(amount));
  });

  it("render tasks and messages to a person for that person; a channel gets labels only", async () => {
    const workflow = await createWorkflow(server, owner, {
      name: "Tell everyone the amount",
      entity: "opportunity",
      trigger: { type: "manual" },
      actions: [
        { type: "createTask", kind: "task", title: "Call {account} about {amount}", due: { amount: 1, unit: "days" }, assignTo: { kind: "user", userId: "ops" } },
        { type: "notify", to: { kind: "user", userId: "ops" }, message: "ops: {record} at {amount}" },
        { type: "notify", to: { kind: "owner" }, message: "owner: {record} at {amount}" },
        // Mia is a Member who may not read the Owner's deal: no record values at all.
        { type: "notify", to: { kind: "user", userId: "mia" }, message: "mia: {record} at {amount}" },
        { type: "notify", to: { kind: "channel", channelId: "19:sales@thread.tacv2" }, message: "channel: {record} at {amount}" },
      ],
    });
    await runOnDeal(workflow);
    const tasks = await server.call("GET", "/api/tasks", { as: ops });
    expect(tasks.body.items.map((task: { title: string }) => task.title)).toEqual(["Call Acme about [Amount]"]);
    const texts = (await notifications()).filter((item) => item.title === workflow.name);
    const text = (prefix: string) => texts.find((item) => item.text.startsWith(prefix))?.text;
    expect(text("ops:")).toBe("ops: Acme renewal at [Amount]");
    expect(text("owner:")).toBe(`owner: Acme renewal at ${amount}`);
    expect(text("mia:")).toBe("mia: [Name] at [Amount]");
    expect(text("channel:")).toBe("channel: [Name] at [Amount]");
    const task = (await notifications()).find((item) => item.title === "New task");
    expect(task?.text).toContain("Call Acme about [Amount]");
    // The channel message still says which record, for the bot's per-viewer details.
    expect(texts.find((item) => item.recipient.kind === "channel")).toMatchObject({ entity: "opportunity", recordId: dealId });
  });

  it("never show more than the workflow's own run-as roles may see", async () => {
    const workflow = await createWorkflow(server, owner, {
      name: "As ops",
      entity: "opportunity",
      trigger: { type: "manual" },
      roleIds: [opsRoleId],
      actions: [
        { type: "notify", to: { kind: "owner" }, message: "as ops: {record} at {amount}" },
        { type: "addNote", text: "as ops: {amount}" },
      ],
    });
    const dry = await server.call("POST", `/api/config/workflows/${workflow.id}/dry-run`, { as: owner, body: { recordId: dealId } });
    expect(dry.status).toBe(200);
    expect(dry.body.actions[0].preview).toContain("as ops: Acme renewal at [Amount]");
    expect(dry.body.actions[1].preview).toContain("as ops: [Amount]");
    await runOnDeal(workflow);
    expect((await notifications()).find((item) => item.text.startsWith("as ops:"))?.text).toBe("as ops: Acme renewal at [Amount]");
    // The Owner may see the amount, but the workflow that wrote the note may not: it never had the value.
    expect((await notesOf(owner)).find((note) => note.text.startsWith("as ops:"))?.text).toBe("as ops: [Amount]");
  });
});
