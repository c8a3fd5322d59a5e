import { describe, expect, it } from "vitest";
import type { Pipeline } from "../../api/types";
import { pipelines } from "../../testing/fake-server";
import { stageName } from "./stage-name";

const renewals: Pipeline = { id: "renewals", name: "Renewals", isDefault: false, stages: [{ id: "proposal", name: "Renewal offer", probability: 60, won: false, lost: false }] };

describe("stageName", () => {
  it("names the stage from the opportunity's own pipeline", () => {
    expect(stageName(pipelines, { pipelineId: "default", stageId: "proposal" })).toBe("Proposal");
    expect(stageName([...pipelines, renewals], { pipelineId: "renewals", stageId: "proposal" })).toBe("Renewal offer");
  });
  it("falls back to any pipeline with that stage, then to the id, and is blank without a stage", () => {
    expect(stageName(pipelines, { stageId: "won" })).toBe("Closed won");
    expect(stageName(pipelines, { pipelineId: "default", stageId: "gone" })).toBe("gone");
    expect(stageName(undefined, { stageId: "proposal" })).toBe("proposal");
    expect(stageName(pipelines, {})).toBe("");
  });
});
