import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

let server: TestServer;
const tenantId = "reports";
const owner = { tenantId, userId: "owner" };
const ann = { tenantId, userId: "ann" };
const ben = { tenantId, userId: "ben" };

const stage = (report: { stages: { stageId: string }[] }, id: string) => report.stages.find((entry) => entry.stageId === id);

beforeAll(async () => {
  server = await startTestServer();
  for (const who of [owner, ann, ben]) await server.call("GET", "/api/me", { as: who });
  await server.call("POST", "/api/opportunities", { as: ann, body: { name: "A1", amount: 1000, stageId: "proposal", closeDate: "2026-12-15" } });
  await server.call("POST", "/api/opportunities", { as: ann, body: { name: "A2", amount: 500, stageId: "won", closeDate: "2026-11-01" } });
  await server.call("POST", "/api/opportunities", { as: ben, body: { name: "B1", amount: 2000, stageId: "negotiation", probability: 90, closeDate: "2027-01-10" } });
  await server.call("POST", "/api/leads", { as: ann, body: { name: "L1", status: "New", source: "Web" } });
  await server.call("POST", "/api/leads", { as: ben, body: { name: "L2", status: "New" } });
  await server.call("POST", "/api/cases", { as: ben, body: { title: "C1", priority: "High" } });
});
afterAll(async () => {
  await server.close();
});

describe("reports", () => {
  it("gives a Member the pipeline of their own opportunities only", async () => {
    const response = await server.call("GET", "/api/reports/pipeline", { as: ann });
    expect(response.status).toBe(200);
    expect(stage(response.body, "proposal")).toMatchObject({ count: 1, amount: 1000, weighted: 500 });
    expect(stage(response.body, "negotiation")).toMatchObject({ count: 0, amount: 0 });
    expect(response.body.open).toEqual({ count: 1, amount: 1000, weighted: 500 });
    expect(response.body.won).toEqual({ count: 1, amount: 500 });
  });

  it("gives the Owner everyone's, using a record's own probability when set", async () => {
    const response = await server.call("GET", "/api/reports/pipeline", { as: owner });
    expect(stage(response.body, "negotiation")).toMatchObject({ count: 1, amount: 2000, weighted: 1800 });
    expect(response.body.open.weighted).toBe(2300);
    const mine = await server.call("GET", "/api/reports/pipeline?owner=me", { as: owner });
    expect(mine.body.open.count).toBe(0);
  });

  it("forecasts open opportunities by close month", async () => {
    const response = await server.call("GET", "/api/reports/forecast", { as: owner });
    expect(response.body.months).toEqual([
      { month: "2026-11", count: 0, amount: 0, weighted: 0, won: 500 },
      { month: "2026-12", count: 1, amount: 1000, weighted: 500, won: 0 },
      { month: "2027-01", count: 1, amount: 2000, weighted: 1800, won: 0 },
    ]);
  });

  it("counts leads and cases within scope", async () => {
    const ownerView = await server.call("GET", "/api/reports/summary", { as: owner });
    expect(ownerView.body.leadsByStatus).toEqual([{ value: "New", count: 2 }]);
    expect(ownerView.body.leadsBySource).toEqual([
      { value: "(none)", count: 1 },
      { value: "Web", count: 1 },
    ]);
    expect(ownerView.body.casesByPriority).toEqual([{ value: "High", count: 1 }]);
    const annView = await server.call("GET", "/api/reports/summary", { as: ann });
    expect(annView.body.casesByPriority).toEqual([]);
    expect(annView.body.leadsByStatus).toEqual([{ value: "New", count: 1 }]);
  });

  it("leaves out amounts a role may not see", async () => {
    const role = await server.call("POST", "/api/roles", { as: owner, body: { name: "Pipeline viewer", template: "data-analyst", fields: { opportunity: { amount: "hidden" } } } });
    expect(role.status).toBe(201);
    await server.call("POST", "/api/users", { as: owner, body: { userId: "viewer", displayName: "Viewer", roleIds: [role.body.id] } });
    const response = await server.call("GET", "/api/reports/pipeline", { as: { tenantId, userId: "viewer" } });
    expect(response.body.open).toMatchObject({ count: 2, amount: 0, weighted: 0 });
    expect(response.body.amountsHidden).toBe(true);
  });

  it("refuses unknown parameters", async () => {
    const response = await server.call("GET", "/api/reports/pipeline?pipelineId=x'%20or%20'1", { as: owner });
    expect(response.status).toBe(400);
  });
});
