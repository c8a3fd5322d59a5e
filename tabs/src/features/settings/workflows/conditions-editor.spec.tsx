import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { leadFields } from "../../../testing/fake-server";
import { renderInTheme } from "../../../testing/render";
import { anEditorContext } from "../../../testing/workflow-editor-context";
import { ConditionsEditor } from "./conditions-editor";
import { conditionFields } from "./describe";
import type { ConditionGroup } from "./workflow-api";

function show(conditions: ConditionGroup, problems: { field: string; message: string }[] = []) {
  const onChange = vi.fn();
  renderInTheme(<ConditionsEditor conditions={conditions} fields={conditionFields(leadFields)} one="lead" context={anEditorContext({ problems })} onChange={onChange} />);
  return onChange;
}

describe("the workflow's conditions", () => {
  it("says that no condition means every record, and adds one on the first field", () => {
    const onChange = show({ match: "all", rules: [] });
    expect(screen.getByText("No conditions: it acts on every lead the trigger picks.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Add condition" }));
    expect(onChange).toHaveBeenCalledWith({ match: "all", rules: [{ field: "name", op: "notEmpty" }] });
  });

  it("switches between all and any, and changes or removes one rule in place", () => {
    const rules = [
      { field: "name", op: "notEmpty" as const },
      { field: "status", op: "empty" as const },
    ];
    const onChange = show({ match: "all", rules });
    fireEvent.change(screen.getByRole("combobox", { name: "Which conditions must hold" }), { target: { value: "any" } });
    expect(onChange).toHaveBeenLastCalledWith({ match: "any", rules });
    fireEvent.click(screen.getByRole("button", { name: "Remove condition 1" }));
    expect(onChange).toHaveBeenLastCalledWith({ match: "all", rules: [rules[1]] });
    fireEvent.change(screen.getByRole("combobox", { name: "Condition 2: test" }), { target: { value: "notEmpty" } });
    expect(onChange).toHaveBeenLastCalledWith({ match: "all", rules: [rules[0], { field: "status", op: "notEmpty" }] });
  });

  it("shows a problem with the list when there is no rule to show it on", () => {
    show({ match: "any", rules: [] }, [{ field: "conditions.rules", message: "'Any of these' needs at least one condition." }]);
    expect(screen.getByText("'Any of these' needs at least one condition.")).toBeTruthy();
  });
});
