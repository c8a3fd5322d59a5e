import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../../testing/render";
import { anEditorContext } from "../../../../testing/workflow-editor-context";
import type { ActionOf } from "./action-kind";
import { setFieldAction } from "./set-field-action";

function show(action: ActionOf<"setField">) {
  const onChange = vi.fn();
  const context = anEditorContext();
  const Details = setFieldAction.Details!;
  renderInTheme(<Details path="actions[0]" n={1} action={action} form={context.forms.lead.fields} context={context} onChange={onChange} />);
  return onChange;
}

describe("set a field action", () => {
  it("offers the form's fields, not the owner or the timestamps, and clears the value on a new field", () => {
    const onChange = show(setFieldAction.blank(anEditorContext()));
    const picker = screen.getByRole<HTMLSelectElement>("combobox", { name: "Action 1: field" });
    const offered = [...picker.options].map((option) => option.text);
    expect(offered[0]).toBe("Choose a field…");
    expect(offered).toContain("Status");
    expect(offered).not.toContain("Owner");
    expect(offered).not.toContain("Created on");
    fireEvent.change(picker, { target: { value: "status" } });
    expect(onChange).toHaveBeenCalledWith({ type: "setField", field: "status", value: null });
  });

  it("picks the value the field's kind allows, empty clearing it", () => {
    const onChange = show({ type: "setField", field: "status", value: "New" });
    const value = screen.getByRole("combobox", { name: "Action 1: new value (empty clears it)" });
    fireEvent.change(value, { target: { value: "Qualified" } });
    expect(onChange).toHaveBeenLastCalledWith({ type: "setField", field: "status", value: "Qualified" });
    fireEvent.change(value, { target: { value: "" } });
    expect(onChange).toHaveBeenLastCalledWith({ type: "setField", field: "status", value: null });
  });
});
