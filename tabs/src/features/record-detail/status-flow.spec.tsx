import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../testing/render";
import { StatusFlow } from "./status-flow";

describe("a case's status as steps", () => {
  it("presses the current one and reports another one picked, not the current", () => {
    const onChange = vi.fn();
    renderInTheme(<StatusFlow options={["New", "In progress", "Closed"]} current="In progress" disabled={false} onChange={onChange} />);
    const group = screen.getByRole("group", { name: "Case status" });
    expect(within(group).getByRole("button", { name: "In progress" }).getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(within(group).getByRole("button", { name: "In progress" }));
    fireEvent.click(within(group).getByRole("button", { name: "Closed" }));
    expect(onChange.mock.calls).toEqual([["Closed"]]);
  });

  it("can be locked", () => {
    renderInTheme(<StatusFlow options={["New"]} current={undefined} disabled onChange={vi.fn()} />);
    expect(screen.getByRole("button", { name: "New" })).toHaveProperty("disabled", true);
  });
});
