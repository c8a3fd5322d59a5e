import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { leadFields } from "../../../testing/fake-server";
import { renderInTheme } from "../../../testing/render";
import { anEditorContext } from "../../../testing/workflow-editor-context";
import { ConditionRow } from "./condition-row";
import { conditionFields, operatorLabels, operatorsFor } from "./describe";
import type { Condition } from "./workflow-api";

function show(rule: Condition, problems: { field: string; message: string }[] = []) {
  const handlers = { onChange: vi.fn(), onRemove: vi.fn() };
  renderInTheme(<ConditionRow index={0} rule={rule} fields={conditionFields(leadFields)} context={anEditorContext({ problems })} {...handlers} />);
  return handlers;
}

describe("one condition", () => {
  it("offers the tests that suit the field's kind", () => {
    show({ field: "value", op: "greaterThan", value: 100 });
    const test = screen.getByRole<HTMLSelectElement>("combobox", { name: "Condition 1: test" });
    expect([...test.options].map((option) => option.text)).toEqual(operatorsFor("currency").map((op) => operatorLabels[op]));
  });

  it("keeps the test when the new field allows it, else falls back to 'is not empty'", () => {
    const { onChange } = show({ field: "status", op: "in", value: ["New"] });
    fireEvent.change(screen.getByRole("combobox", { name: "Condition 1: field" }), { target: { value: "ownerId" } });
    expect(onChange).toHaveBeenLastCalledWith({ field: "ownerId", op: "in" });
    fireEvent.change(screen.getByRole("combobox", { name: "Condition 1: field" }), { target: { value: "value" } });
    expect(onChange).toHaveBeenLastCalledWith({ field: "value", op: "notEmpty" });
  });

  it("keeps the value across tests of the same arity, drops it otherwise", () => {
    const { onChange } = show({ field: "status", op: "equals", value: "New" });
    fireEvent.change(screen.getByRole("combobox", { name: "Condition 1: test" }), { target: { value: "notEquals" } });
    expect(onChange).toHaveBeenLastCalledWith({ field: "status", op: "notEquals", value: "New" });
    fireEvent.change(screen.getByRole("combobox", { name: "Condition 1: test" }), { target: { value: "in" } });
    expect(onChange).toHaveBeenLastCalledWith({ field: "status", op: "in" });
  });

  it("asks no value for 'is empty', and removes itself", () => {
    const { onRemove } = show({ field: "status", op: "empty" });
    expect(screen.queryByRole("combobox", { name: "Condition 1: value" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Remove condition 1" }));
    expect(onRemove).toHaveBeenCalledOnce();
  });

  it("shows a problem with the whole condition", () => {
    show({ field: "status", op: "equals", value: "New" }, [{ field: "conditions.rules[0]", message: "This field is hidden from the workflow's roles." }]);
    expect(screen.getByRole("alert").textContent).toBe("This field is hidden from the workflow's roles.");
  });
});
