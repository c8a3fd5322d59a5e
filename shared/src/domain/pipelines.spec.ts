import { describe, expect, it } from "vitest";
import type { Stage } from "./pipelines.js";
import { checkPipeline, defaultPipeline, firstOpenStage } from "./pipelines.js";

const stage = (id: string, extra: Partial<Stage> = {}): Stage => ({ id, name: id, probability: 10, won: false, lost: false, ...extra });

describe("pipelines", () => {
  it("the default pipeline is valid, starts open and ends won and lost", () => {
    const pipeline = defaultPipeline();
    expect(checkPipeline(pipeline)).toEqual([]);
    expect(firstOpenStage(pipeline)?.id).toBe("prospecting");
    expect(pipeline.stages.filter((candidate) => candidate.won)).toHaveLength(1);
    expect(pipeline.stages.filter((candidate) => candidate.lost)).toHaveLength(1);
  });

  it("refuses no stages, duplicate stage ids and won-and-lost stages", () => {
    expect(checkPipeline({ name: "p", stages: [] })).toEqual([{ field: "stages", message: expect.any(String) }]);
    expect(checkPipeline({ name: "p", stages: [stage("a"), stage("a")] })).toEqual([{ field: "stages[1].id", message: expect.stringContaining("twice") }]);
    expect(checkPipeline({ name: "p", stages: [stage("a", { won: true, lost: true })] })).toEqual([{ field: "stages[0]", message: expect.any(String) }]);
  });

  it("the first open stage skips closed ones, falling back to the first", () => {
    expect(firstOpenStage({ id: "p", name: "p", isDefault: false, stages: [stage("w", { won: true }), stage("o")] })?.id).toBe("o");
    expect(firstOpenStage({ id: "p", name: "p", isDefault: false, stages: [stage("w", { won: true }), stage("l", { lost: true })] })?.id).toBe("w");
  });
});
