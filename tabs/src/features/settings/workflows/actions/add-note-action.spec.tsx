import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../../testing/render";
import { anEditorContext } from "../../../../testing/workflow-editor-context";
import { addNoteAction } from "./add-note-action";

describe("add a note action", () => {
  it("edits the note's text, with the placeholders explained, and shows its problem", () => {
    const onChange = vi.fn();
    const context = anEditorContext({ problems: [{ field: "actions[2].text", message: "Write the note." }] });
    const Details = addNoteAction.Details!;
    renderInTheme(<Details path="actions[2]" n={3} action={addNoteAction.blank(context)} form={[]} context={context} onChange={onChange} />);
    expect(screen.getByText("{record} is the record's name; {fieldKey} a field's value.")).toBeTruthy();
    expect(screen.getByText("Write the note.")).toBeTruthy();
    fireEvent.change(screen.getByRole("textbox", { name: /Action 3: note/ }), { target: { value: "Welcome {record}" } });
    expect(onChange).toHaveBeenCalledWith({ type: "addNote", text: "Welcome {record}" });
  });
});
