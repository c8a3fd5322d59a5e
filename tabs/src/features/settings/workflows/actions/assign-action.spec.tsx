import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../../testing/render";
import { anEditorContext } from "../../../../testing/workflow-editor-context";
import { assignAction } from "./assign-action";
import type { ActionOf } from "./action-kind";

function show(action: ActionOf<"assign">, problems: { field: string; message: string }[] = []) {
  const onChange = vi.fn();
  const context = anEditorContext({ problems });
  const Details = assignAction.Details!;
  renderInTheme(<Details path="actions[0]" n={1} action={action} form={context.forms.lead.fields} context={context} onChange={onChange} />);
  return onChange;
}

describe("assign action", () => {
  it("starts in turn among nobody yet", () => {
    expect(assignAction.blank(anEditorContext())).toEqual({ type: "assign", strategy: "roundRobin", pool: { userIds: [] } });
  });

  it("chooses among people (inactive ones marked) and a role", () => {
    const onChange = show({ type: "assign", strategy: "roundRobin", pool: { userIds: ["max"] } });
    expect(screen.getByRole("checkbox", { name: "Mia Member (inactive)" })).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: "Mia Member (inactive)" }));
    expect(onChange).toHaveBeenLastCalledWith({ type: "assign", strategy: "roundRobin", pool: { userIds: ["max", "mia"] } });
    fireEvent.change(screen.getByRole("combobox", { name: "Action 1: and/or everyone with the role" }), { target: { value: "rep" } });
    expect(onChange).toHaveBeenLastCalledWith({ type: "assign", strategy: "roundRobin", pool: { userIds: ["max"], roleId: "rep" } });
  });

  it("switches to one person", () => {
    const onChange = show({ type: "assign", strategy: "roundRobin", pool: { userIds: [] } });
    fireEvent.change(screen.getByRole("combobox", { name: "Action 1: how to choose" }), { target: { value: "user" } });
    expect(onChange).toHaveBeenLastCalledWith({ type: "assign", strategy: "user", userId: "" });
  });

  it("shows the server's problem on the person it names", () => {
    show({ type: "assign", strategy: "user", userId: "" }, [{ field: "actions[0].userId", message: "Choose who gets it." }]);
    expect(screen.getByText("Choose who gets it.")).toBeTruthy();
    expect(screen.getByRole("combobox", { name: "Action 1: person" }).getAttribute("aria-invalid")).toBe("true");
  });
});
