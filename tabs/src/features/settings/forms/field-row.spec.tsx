import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { FieldDefinition } from "../../../api/types";
import { renderInTheme } from "../../../testing/render";
import type { FieldRowProps } from "./field-row";
import { FieldRow, moveButtonId } from "./field-row";

const status: FieldDefinition = { key: "status", label: "Status", type: "choice", required: false, order: 1, options: ["New", "Won"], section: "Sales" };

function show(props: Partial<FieldRowProps> = {}) {
  const handlers = { onChange: vi.fn(), onRelabel: vi.fn(), onRekey: vi.fn(), onMove: vi.fn(), onToggle: vi.fn(), onRemove: vi.fn(), onRule: vi.fn() };
  renderInTheme(
    <ol>
      <FieldRow entity="lead" row={{ field: status, isNew: false, keyEdited: false }} index={1} count={3} expanded={false} roles={[]} ruleChanges={{}} {...handlers} {...props} />
    </ol>,
  );
  return handlers;
}

describe("one field of the form editor", () => {
  it("sums the field up and moves, opens and removes it by buttons the keyboard reaches", () => {
    const handlers = show();
    expect(screen.getByRole("listitem").textContent).toContain("Status");
    expect(screen.getByText("Choice")).toBeTruthy();
    expect(screen.getByText("Sales")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Move Status up" }).id).toBe(moveButtonId("lead", 1, -1));
    fireEvent.click(screen.getByRole("button", { name: "Move Status up" }));
    fireEvent.click(screen.getByRole("button", { name: "Move Status down" }));
    fireEvent.click(screen.getByRole("button", { name: "Edit Status" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove Status" }));
    expect(handlers.onMove.mock.calls).toEqual([[-1], [1]]);
    expect(handlers.onToggle).toHaveBeenCalledOnce();
    expect(handlers.onRemove).toHaveBeenCalledOnce();
  });

  it("keeps the title field's type and required mark, and offers no removal", () => {
    show({ row: { field: { key: "name", label: "Name", type: "text", required: true, order: 0 }, isNew: false, keyEdited: false }, index: 0, expanded: true });
    expect(screen.queryByRole("button", { name: "Remove Name" })).toBeNull();
    expect(screen.getByRole("button", { name: "Move Name up" })).toHaveProperty("disabled", true);
    expect(screen.getByRole("combobox", { name: "Type" })).toHaveProperty("disabled", true);
    expect(screen.getByRole("switch", { name: "Required" })).toHaveProperty("disabled", true);
  });

  it("edits the open field: a saved key is fixed, options one per line", () => {
    const handlers = show({ expanded: true });
    expect(screen.getByRole("textbox", { name: /^Key/ })).toHaveProperty("disabled", true);
    fireEvent.change(screen.getByRole("textbox", { name: /^Label/ }), { target: { value: "Stage" } });
    fireEvent.change(screen.getByRole("textbox", { name: /^Options/ }), { target: { value: "New\nWon\nLost" } });
    expect(handlers.onRelabel).toHaveBeenCalledWith("Stage");
    expect(handlers.onChange).toHaveBeenCalledWith({ options: ["New", "Won", "Lost"] });
  });

  it("shows the server's problems on the inputs when open, and in the summary when closed", () => {
    show({ problems: { options: "A choice field needs at least one option." } });
    expect(screen.getByText("A choice field needs at least one option.")).toBeTruthy();
  });
});
