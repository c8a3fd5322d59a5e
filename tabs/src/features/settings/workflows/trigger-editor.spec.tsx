import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { EntityType } from "../../../api/types";
import { renderInTheme } from "../../../testing/render";
import { anEditorContext } from "../../../testing/workflow-editor-context";
import { TriggerEditor } from "./trigger-editor";
import type { Trigger } from "./workflow-api";

function show(trigger: Trigger, entity: EntityType = "lead") {
  const onChange = vi.fn();
  const context = anEditorContext({ entity });
  renderInTheme(<TriggerEditor trigger={trigger} entity={entity} form={context.forms[entity].fields} context={context} onChange={onChange} />);
  return onChange;
}

describe("the workflow's trigger", () => {
  it("asks when a record of the entity… and starts the chosen type with what it needs", () => {
    const onChange = show({ type: "created" });
    fireEvent.change(screen.getByRole("combobox", { name: "When a lead…" }), { target: { value: "noActivity" } });
    expect(onChange).toHaveBeenCalledWith({ type: "noActivity", after: { amount: 14, unit: "days" } });
  });

  it("watches a field, narrowed by optional from and to values of its kind", () => {
    const onChange = show({ type: "fieldChanged", field: "status" });
    expect([...screen.getByRole<HTMLSelectElement>("combobox", { name: "Field" }).options].map((option) => option.text)).not.toContain("Owner");
    fireEvent.change(screen.getByRole("combobox", { name: "To (optional)" }), { target: { value: "Qualified" } });
    expect(onChange).toHaveBeenLastCalledWith({ type: "fieldChanged", field: "status", to: "Qualified" });
  });

  it("offers stages on opportunities, any stage by default", () => {
    const onChange = show({ type: "stageChanged", to: "won" }, "opportunity");
    const to = screen.getByRole<HTMLSelectElement>("combobox", { name: "To (optional)" });
    expect([...to.options].map((option) => option.text)).toEqual(["Any stage", "Prospecting", "Proposal", "Closed won"]);
    fireEvent.change(to, { target: { value: "" } });
    expect(onChange).toHaveBeenLastCalledWith({ type: "stageChanged" });
  });

  it("offers the status field's options for a status change", () => {
    show({ type: "statusChanged" });
    expect([...screen.getByRole<HTMLSelectElement>("combobox", { name: "From (optional)" }).options].map((option) => option.text)).toEqual(["Any status", "New", "Qualified"]);
  });

  it("takes a date field and a duration for a time after a date", () => {
    const onChange = show({ type: "timeAfterField", field: "createdAt", after: { amount: 1, unit: "days" } });
    expect(screen.getByRole("combobox", { name: "Date field" })).toBeTruthy();
    fireEvent.change(screen.getByRole("combobox", { name: "Time after the date: unit" }), { target: { value: "hours" } });
    expect(onChange).toHaveBeenLastCalledWith({ type: "timeAfterField", field: "createdAt", after: { amount: 1, unit: "hours" } });
  });
});
