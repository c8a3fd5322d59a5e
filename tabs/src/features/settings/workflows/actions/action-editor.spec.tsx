import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../../testing/render";
import { anEditorContext } from "../../../../testing/workflow-editor-context";
import { actionLabels } from "../describe";
import type { WorkflowAction } from "../workflow-api";
import { actionTypes } from "../workflow-api";
import { ActionEditor, newAction } from "./action-editor";

function show(action: WorkflowAction, options: { entity?: "lead" | "opportunity"; problems?: { field: string; message: string }[] } = {}) {
  const onChange = vi.fn();
  const context = anEditorContext(options);
  renderInTheme(<ActionEditor path="actions[1]" action={action} entity={options.entity ?? "lead"} form={context.forms[options.entity ?? "lead"].fields} context={context} onChange={onChange} />);
  return onChange;
}

describe("one action of a workflow", () => {
  it("has an editor for every action type, each starting as that type", () => {
    for (const type of actionTypes) expect(newAction(type, anEditorContext()).type).toBe(type);
  });

  it("numbers its controls as people count and offers the types the entity supports", () => {
    show(newAction("addNote", anEditorContext()));
    const picker = screen.getByRole<HTMLSelectElement>("combobox", { name: "Action 2: what to do" });
    expect([...picker.options].map((option) => option.text)).toEqual(actionTypes.filter((type) => type !== "moveStage").map((type) => actionLabels[type]));
    expect(screen.getByRole("textbox", { name: /Action 2: note/ })).toBeTruthy();
  });

  it("starts afresh when the type changes", () => {
    const onChange = show({ type: "addNote", text: "Call back" });
    fireEvent.change(screen.getByRole("combobox", { name: "Action 2: what to do" }), { target: { value: "createTask" } });
    expect(onChange).toHaveBeenCalledWith({ type: "createTask", kind: "task", title: "Follow up on {record}", due: { amount: 1, unit: "days" }, assignTo: { kind: "owner" } });
  });

  it("shows nothing more for doing nothing", () => {
    show({ type: "noop" });
    expect(screen.getAllByRole("combobox")).toHaveLength(1);
    expect(screen.queryByRole("textbox")).toBeNull();
  });

  it("shows a problem with the type on the type, except a stage move's, which its stage shows", () => {
    show({ type: "addNote", text: "" }, { problems: [{ field: "actions[1].type", message: "Not allowed here." }] });
    expect(screen.getByText("Not allowed here.")).toBeTruthy();
  });
});
