import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { users } from "../../testing/fake-server";
import { renderInTheme } from "../../testing/render";
import { OwnerPicker } from "./owner-picker";

describe("a record's owner", () => {
  it("offers every user by name and reports the one picked", () => {
    const onChange = vi.fn();
    renderInTheme(<OwnerPicker ownerId="olivia" users={users} disabled={false} onChange={onChange} />);
    const owner = screen.getByRole<HTMLSelectElement>("combobox", { name: "Owner" });
    expect([...owner.options].map((option) => option.text)).toEqual(["Olivia Owner", "Max Member"]);
    fireEvent.change(owner, { target: { value: "max" } });
    expect(onChange).toHaveBeenCalledWith("max");
  });

  it("keeps an owner no longer listed in view", () => {
    renderInTheme(<OwnerPicker ownerId="gone" users={users} disabled onChange={vi.fn()} />);
    const owner = screen.getByRole<HTMLSelectElement>("combobox", { name: "Owner" });
    expect(owner.value).toBe("gone");
    expect(owner.disabled).toBe(true);
  });
});
