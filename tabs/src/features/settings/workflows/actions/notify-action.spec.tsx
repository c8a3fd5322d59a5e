import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../../testing/render";
import { anEditorContext } from "../../../../testing/workflow-editor-context";
import { notifyAction } from "./notify-action";

describe("notify action", () => {
  it("tells the owner by default, and edits whom and what", () => {
    const onChange = vi.fn();
    const context = anEditorContext();
    const blank = notifyAction.blank(context);
    expect(blank).toEqual({ type: "notify", to: { kind: "owner" }, message: "{record} needs your attention." });
    const Details = notifyAction.Details!;
    renderInTheme(<Details path="actions[0]" n={1} action={blank} form={[]} context={context} onChange={onChange} />);
    fireEvent.change(screen.getByRole("combobox", { name: "Action 1: tell" }), { target: { value: "role" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...blank, to: { kind: "role", roleId: "" } });
    fireEvent.change(screen.getByRole("textbox", { name: /Action 1: message/ }), { target: { value: "Look at {record}" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...blank, message: "Look at {record}" });
  });
});
