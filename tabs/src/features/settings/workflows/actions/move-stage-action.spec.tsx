import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { pipelines } from "../../../../testing/fake-server";
import { renderInTheme } from "../../../../testing/render";
import { anEditorContext } from "../../../../testing/workflow-editor-context";
import type { ActionOf } from "./action-kind";
import { moveStageAction } from "./move-stage-action";

function show(action: ActionOf<"moveStage">, problems: { field: string; message: string }[] = []) {
  const onChange = vi.fn();
  const context = anEditorContext({ problems, entity: "opportunity" });
  const Details = moveStageAction.Details!;
  renderInTheme(<Details path="actions[0]" n={1} action={action} form={context.forms.opportunity.fields} context={context} onChange={onChange} />);
  return onChange;
}

describe("move to a stage action", () => {
  it("starts at the default pipeline's first stage", () => {
    expect(moveStageAction.blank({ pipelines })).toEqual({ type: "moveStage", stageId: "prospecting" });
    expect(moveStageAction.blank({ pipelines: [] })).toEqual({ type: "moveStage", stageId: "" });
  });

  it("picks a stage, and keeps one that no pipeline has any more in view", () => {
    const onChange = show({ type: "moveStage", stageId: "gone" });
    const picker = screen.getByRole<HTMLSelectElement>("combobox", { name: "Action 1: stage" });
    expect([...picker.options].map((option) => option.text)).toEqual(["gone", "Prospecting", "Proposal", "Closed won"]);
    fireEvent.change(picker, { target: { value: "proposal" } });
    expect(onChange).toHaveBeenCalledWith({ type: "moveStage", stageId: "proposal" });
  });

  it("shows the problem the server gives on the action's type here", () => {
    show({ type: "moveStage", stageId: "won" }, [{ field: "actions[0].type", message: "Only opportunities have stages." }]);
    expect(screen.getByText("Only opportunities have stages.")).toBeTruthy();
  });
});
