import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../testing/render";
import { anEditorContext } from "../../../testing/workflow-editor-context";
import { WorkflowEditor, onEntity } from "./workflow-editor";
import type { WorkflowInput } from "./workflow-api";

const draft: WorkflowInput = {
  name: "Stage follow-up",
  entity: "opportunity",
  trigger: { type: "stageChanged", to: "proposal" },
  conditions: { match: "all", rules: [{ field: "amount", op: "notEmpty" }] },
  actions: [
    { type: "moveStage", stageId: "won" },
    { type: "addNote", text: "Moved" },
  ],
};

describe("the workflow editor", () => {
  it("moving to another entity keeps a trigger it offers, clears conditions and drops stage moves", () => {
    const context = anEditorContext();
    expect(onEntity(draft, "lead", context)).toEqual({
      ...draft,
      entity: "lead",
      trigger: { type: "created" },
      conditions: { match: "all", rules: [] },
      actions: [{ type: "addNote", text: "Moved" }],
    });
    expect(onEntity({ ...draft, trigger: { type: "manual" } }, "case", context).trigger).toEqual({ type: "manual" });
  });

  it("shows About, When, Only if, Then and In plain words, and hands every change up whole", () => {
    const onChange = vi.fn();
    renderInTheme(<WorkflowEditor draft={draft} onChange={onChange} context={anEditorContext({ entity: "opportunity" })} />);
    expect(screen.getAllByRole("heading", { level: 3 }).map((heading) => heading.textContent)).toEqual(["About", "When", "Only if", "Then", "In plain words"]);
    fireEvent.change(screen.getByRole("textbox", { name: /^Name/ }), { target: { value: "Renamed" } });
    expect(onChange).toHaveBeenLastCalledWith({ ...draft, name: "Renamed" });
    fireEvent.click(screen.getByRole("switch"));
    expect(onChange).toHaveBeenLastCalledWith({ ...draft, enabled: false });
    fireEvent.click(screen.getByRole("button", { name: "Remove action 1" }));
    expect(onChange).toHaveBeenLastCalledWith({ ...draft, actions: [draft.actions[1]] });
    expect(within(screen.getByRole("region", { name: "In plain words" })).getAllByRole("listitem")).toHaveLength(3);
  });

  it("shows the server's problem on the control it names", () => {
    renderInTheme(<WorkflowEditor draft={draft} onChange={vi.fn()} context={anEditorContext({ entity: "opportunity", problems: [{ field: "name", message: "Another workflow has this name." }] })} />);
    expect(screen.getByText("Another workflow has this name.")).toBeTruthy();
  });
});
