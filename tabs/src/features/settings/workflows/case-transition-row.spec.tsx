import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../testing/render";
import { CaseTransitionRow } from "./case-transition-row";
import { FieldErrors } from "./describe";
import type { CaseTransition } from "./workflow-api";

const roles = [
  { value: "owner", label: "Owner" },
  { value: "rep", label: "Support rep" },
];

function show(transition: CaseTransition, problems: { field: string; message: string }[] = []) {
  const handlers = { onChange: vi.fn(), onRemove: vi.fn() };
  renderInTheme(<CaseTransitionRow index={1} transition={transition} statuses={["New", "Closed"]} roles={roles} errors={new FieldErrors(problems)} {...handlers} />);
  return handlers;
}

describe("one allowed move of a case", () => {
  it("moves from any status or one, to one, for the roles chosen", () => {
    const { onChange, onRemove } = show({ from: "*", to: "Closed", roleIds: ["owner"] });
    const from = screen.getByRole<HTMLSelectElement>("combobox", { name: "Move 2: from" });
    expect([...from.options].map((option) => option.text)).toEqual(["Any status", "New", "Closed"]);
    fireEvent.change(from, { target: { value: "New" } });
    expect(onChange).toHaveBeenLastCalledWith({ from: "New", to: "Closed", roleIds: ["owner"] });
    fireEvent.click(within(screen.getByRole("group", { name: "Move 2: who may" })).getByRole("checkbox", { name: "Support rep" }));
    expect(onChange).toHaveBeenLastCalledWith({ from: "*", to: "Closed", roleIds: ["owner", "rep"] });
    fireEvent.click(screen.getByRole("button", { name: "Remove move 2" }));
    expect(onRemove).toHaveBeenCalledOnce();
  });

  it("keeps a status no longer in use in view", () => {
    show({ from: "Waiting", to: "Gone", roleIds: [] });
    expect(screen.getByRole<HTMLSelectElement>("combobox", { name: "Move 2: from" }).value).toBe("Waiting");
    expect(screen.getByRole<HTMLSelectElement>("combobox", { name: "Move 2: to" }).value).toBe("Gone");
  });

  it("shows a problem with the whole move where it starts", () => {
    show({ from: "*", to: "Closed", roleIds: ["owner"] }, [{ field: "transitions[1]", message: "This move is listed twice." }]);
    expect(screen.getByText("This move is listed twice.")).toBeTruthy();
  });
});
