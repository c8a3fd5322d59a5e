import { fireEvent, screen, waitFor } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../testing/render";
import { anEditorContext } from "../../../testing/workflow-editor-context";
import { ActionList, maxActions } from "./action-list";
import { controlId } from "./describe";
import type { WorkflowAction } from "./workflow-api";

const note = (text: string): WorkflowAction => ({ type: "addNote", text });

function Harness(props: { start: WorkflowAction[]; onChange: (actions: WorkflowAction[]) => void; problems?: { field: string; message: string }[] }) {
  const [actions, setActions] = useState(props.start);
  const context = anEditorContext(props.problems ? { problems: props.problems } : {});
  return (
    <ActionList
      actions={actions}
      entity="lead"
      form={context.forms.lead.fields}
      context={context}
      onChange={(next) => {
        setActions(next);
        props.onChange(next);
      }}
    />
  );
}

describe("the workflow's actions", () => {
  it("adds a notification, focusing its type", async () => {
    const onChange = vi.fn();
    renderInTheme(<Harness start={[]} onChange={onChange} />);
    expect(screen.getByText("No actions yet: add what the workflow does.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Add action" }));
    expect(onChange).toHaveBeenLastCalledWith([{ type: "notify", to: { kind: "owner" }, message: "{record} needs your attention." }]);
    await waitFor(() => expect(document.activeElement?.id).toBe(controlId("actions[0].type")));
  });

  it("moves an action down by a button, focus following it, and removes one", async () => {
    const onChange = vi.fn();
    renderInTheme(<Harness start={[note("first"), note("second")]} onChange={onChange} />);
    expect(screen.getByRole("button", { name: "Move action 1 up" })).toHaveProperty("disabled", true);
    fireEvent.click(screen.getByRole("button", { name: "Move action 1 down" }));
    expect(onChange).toHaveBeenLastCalledWith([note("second"), note("first")]);
    await waitFor(() => expect(document.activeElement?.id).toBe(controlId("actions[1].type")));
    fireEvent.click(screen.getByRole("button", { name: "Remove action 1" }));
    expect(onChange).toHaveBeenLastCalledWith([note("first")]);
  });

  it("stops at the most a workflow may have, and shows a problem with the list", () => {
    renderInTheme(
      <Harness start={Array.from({ length: maxActions }, (_, index) => note(String(index)))} onChange={vi.fn()} problems={[{ field: "actions", message: "A workflow needs at least one action." }]} />,
    );
    expect(screen.getByRole("button", { name: "Add action" })).toHaveProperty("disabled", true);
    expect(screen.getByText("A workflow needs at least one action.")).toBeTruthy();
  });
});
