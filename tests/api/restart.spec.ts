/** Data written to the embedded Azurite on disk survives closing and starting the server again. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultForm } from "@crm/shared/domain";
import { readServerConfig } from "../../server/src/config.js";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const owner = { tenantId: "restart", userId: "founder" };
const member = { tenantId: "restart", userId: "member" };
let dataDir: string;
let server: TestServer | undefined;

const start = () => startTestServer({ config: { ...readServerConfig({}), port: 0, inMemoryStorage: false, dataDir } });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "crm-restart-"));
});
afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("restart on the same data folder", () => {
  const before: Record<string, any> = {};

  it("writes records, notes and configuration, then closes", async () => {
    server = await start();
    const call = server.call;
    before.me = (await call("GET", "/api/me", { as: owner })).body;
    await call("GET", "/api/me", { as: member });
    before.lead = (await call("POST", "/api/leads", { as: member, body: { name: "Survivor", company: "Durable Ltd" } })).body;
    before.opportunity = (await call("POST", "/api/opportunities", { as: owner, body: { name: "Lasting deal", amount: 42 } })).body;
    before.case = (await call("POST", "/api/cases", { as: owner, body: { title: "Persistent issue" } })).body;
    expect((await call("POST", `/api/leads/${before.lead.id}/notes`, { as: member, body: { text: "remember me" } })).status).toBe(201);
    const form = [...defaultForm("lead"), { key: "region", label: "Region", type: "text", required: false, order: 10 }];
    expect((await call("PUT", "/api/config/forms/lead", { as: owner, body: { fields: form } })).status).toBe(200);
    const pipeline = await call("POST", "/api/config/pipelines", { as: owner, body: { name: "Kept", stages: [{ id: "one", name: "One", probability: 10, won: false, lost: false }] } });
    expect(pipeline.status).toBe(201);
    before.pipelineId = pipeline.body.id;
    const role = await call("POST", "/api/roles", { as: owner, body: { name: "Analysts", template: "data-analyst" } });
    expect(role.status).toBe(201);
    before.roleId = role.body.id;
    expect((await call("POST", "/api/users", { as: owner, body: { userId: "analyst", displayName: "Analyst", roleIds: [role.body.id] } })).status).toBe(201);
    before.audit = (await call("GET", "/api/audit?pageSize=100", { as: owner })).body.items;
    expect(before.audit.length).toBeGreaterThan(5);
    await server.close();
    server = undefined;
  });

  it("finds everything again after starting on the same folder", async () => {
    server = await start();
    const call = server.call;
    expect((await call("GET", "/api/health")).body).toEqual({ status: "ok", storage: "ok" });

    const me = (await call("GET", "/api/me", { as: owner })).body;
    expect(me.roles).toEqual(before.me.roles);

    for (const [path, record] of [
      ["/api/leads", before.lead],
      ["/api/opportunities", before.opportunity],
      ["/api/cases", before.case],
    ] as const) {
      const read = await call("GET", `${path}/${record.id}`, { as: owner });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(record);
    }
    const mine = await call("GET", "/api/leads", { as: member });
    expect(mine.body.items.map((item: { id: string }) => item.id)).toEqual([before.lead.id]);
    const notes = await call("GET", `/api/leads/${before.lead.id}/notes`, { as: member });
    expect(notes.body.items.map((note: { text: string }) => note.text)).toEqual(["remember me"]);

    const form = await call("GET", "/api/config/forms/lead", { as: owner });
    expect(form.body.fields.map((field: { key: string }) => field.key)).toContain("region");
    const pipelines = await call("GET", "/api/config/pipelines", { as: owner });
    expect(pipelines.body.items.map((pipeline: { id: string }) => pipeline.id)).toContain(before.pipelineId);
    const roles = await call("GET", "/api/roles", { as: owner });
    expect(roles.body.items.map((role: { id: string }) => role.id)).toContain(before.roleId);
    const analyst = await call("GET", "/api/me", { as: { tenantId: "restart", userId: "analyst" } });
    expect(analyst.body.roles.map((role: { id: string }) => role.id)).toEqual([before.roleId]);
    const audit = await call("GET", "/api/audit?pageSize=100", { as: owner });
    expect(audit.body.items.slice(-before.audit.length)).toEqual(before.audit);

    const edit = await call("PATCH", `/api/leads/${before.lead.id}`, { as: member, body: { region: "North" }, headers: { "if-match": before.lead.etag } });
    expect(edit.status, edit.text).toBe(200);
  });
});
