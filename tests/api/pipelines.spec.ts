/** Pipelines over HTTP: stages in use are moved, not lost; a pipeline in use stays. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const { call, created } = apiAs(() => server);

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
