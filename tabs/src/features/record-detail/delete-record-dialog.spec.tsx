import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../testing/render";
import { DeleteRecordDialog } from "./delete-record-dialog";

describe("deleting a record", () => {
  it("says what goes and what stays, and deletes or cancels", () => {
    const onDelete = vi.fn();
    const onCancel = vi.fn();
    renderInTheme(<DeleteRecordDialog entity="case" title="Login fails" busy={false} onCancel={onCancel} onDelete={onDelete} />);
    const dialog = screen.getByRole("dialog", { name: "Delete “Login fails”?" });
    expect(dialog.textContent).toContain("The case and its notes are removed for everyone. The audit log keeps a trace.");
    fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(onDelete).toHaveBeenCalledOnce();
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it("closes on Escape", () => {
    const onCancel = vi.fn();
    renderInTheme(<DeleteRecordDialog entity="lead" title="Northwind" busy onCancel={onCancel} onDelete={vi.fn()} />);
    const dialog = screen.getByRole("dialog");
    expect(within(dialog).getByRole("button", { name: "Delete" })).toHaveProperty("disabled", true);
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(onCancel).toHaveBeenCalledOnce();
  });
});
