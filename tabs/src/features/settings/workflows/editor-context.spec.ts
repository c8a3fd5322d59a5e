import { describe, expect, it } from "vitest";
import type { Pipeline } from "../../../api/types";
import { leadFields } from "../../../testing/fake-server";
import { conditionFields } from "./describe";
import { actionsFor, changeableFields, newTrigger, stageChoices, triggersFor } from "./editor-context";

const fields = conditionFields([...leadFields, { key: "closeOn", label: "Close on", type: "date", required: false, order: 9 }]);

describe("the workflow editor's shared steps", () => {
  it("start each trigger type with what it needs", () => {
    expect(newTrigger("fieldChanged", fields)).toEqual({ type: "fieldChanged", field: "name" });
    expect(newTrigger("timeAfterField", fields)).toEqual({ type: "timeAfterField", field: "closeOn", after: { amount: 1, unit: "days" } });
    expect(newTrigger("timeAfterField", conditionFields(leadFields))).toMatchObject({ field: "createdAt" });
    expect(newTrigger("noActivity", fields)).toEqual({ type: "noActivity", after: { amount: 14, unit: "days" } });
    expect(newTrigger("dueDatePassed", fields)).toEqual({ type: "dueDatePassed", field: "closeOn" });
    expect(newTrigger("created", fields)).toEqual({ type: "created" });
  });

  it("offer stage triggers and moves only on opportunities, status triggers only with a status field", () => {
    expect(triggersFor("lead", leadFields)).toContain("statusChanged");
    expect(triggersFor("lead", leadFields)).not.toContain("stageChanged");
    expect(triggersFor("opportunity", [])).toContain("stageChanged");
    expect(triggersFor("case", [])).not.toContain("statusChanged");
    expect(actionsFor("lead")).not.toContain("moveStage");
    expect(actionsFor("opportunity")).toContain("moveStage");
  });

  it("name stages by pipeline only when there are several", () => {
    const sales: Pipeline = { id: "s", name: "Sales", isDefault: true, etag: "1", stages: [{ id: "new", name: "New", probability: 10, won: false, lost: false }] };
    expect(stageChoices([sales])).toEqual([{ value: "new", label: "New" }]);
    expect(stageChoices([sales, { ...sales, id: "p", name: "Partners" }]).map((stage) => stage.label)).toEqual(["Sales: New", "Partners: New"]);
  });

  it("let actions set only the form's fields, not the owner or the timestamps", () => {
    expect(changeableFields(fields).map((field) => field.key)).not.toContain("ownerId");
    expect(changeableFields(fields).some((field) => field.kind === "timestamp")).toBe(false);
  });
});
