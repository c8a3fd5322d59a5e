import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../../testing/render";
import { anEditorContext } from "../../../../testing/workflow-editor-context";
import type { ActionOf } from "./action-kind";
import { createTaskAction } from "./create-task-action";

function show(action: ActionOf<"createTask">) {
  const onChange = vi.fn();
  const context = anEditorContext();
  const Details = createTaskAction.Details!;
  renderInTheme(<Details path="actions[0]" n={1} action={action} form={[]} context={context} onChange={onChange} />);
  return onChange;
}

describe("create a task action", () => {
  const blank = createTaskAction.blank(anEditorContext());

  it("sets the kind, title and due time, for the owner by default", () => {
    const onChange = show(blank);
    fireEvent.change(screen.getByRole("combobox", { name: "Action 1: kind" }), { target: { value: "reminder" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...blank, kind: "reminder" });
    fireEvent.change(screen.getByRole("textbox", { name: "Action 1: title" }), { target: { value: "Call {record}" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...blank, title: "Call {record}" });
    fireEvent.change(screen.getByRole("spinbutton", { name: "Action 1: due in: amount" }), { target: { value: "3" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...blank, due: { amount: 3, unit: "days" } });
    expect(screen.queryByRole("combobox", { name: "Action 1: person" })).toBeNull();
  });

  it("asks for the person once it is for a person", () => {
    const onChange = show(blank);
    fireEvent.change(screen.getByRole("combobox", { name: "Action 1: for" }), { target: { value: "user" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...blank, assignTo: { kind: "user", userId: "" } });
  });

  it("picks that person", () => {
    const onChange = show({ ...blank, assignTo: { kind: "user", userId: "" } });
    fireEvent.change(screen.getByRole("combobox", { name: "Action 1: person" }), { target: { value: "max" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...blank, assignTo: { kind: "user", userId: "max" } });
  });
});
