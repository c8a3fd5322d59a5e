import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Role } from "../../../api/types";
import { renderInTheme } from "../../../testing/render";
import { RoleVisibility } from "./role-visibility";

const all = { create: "all", read: "all", update: "all", delete: "all", assign: "all", export: "all" } as const;
const role = (id: string, name: string, lead: Record<string, "hidden" | "read">): Role => ({
  id,
  name,
  description: "",
  builtIn: false,
  entities: { lead: all, opportunity: all, case: all },
  config: [],
  fields: { lead },
  etag: `${id}-1`,
});

describe("visibility per role for one field", () => {
  it("shows each custom role's access, the editor's choice first, and reports a new choice", () => {
    const onChange = vi.fn();
    renderInTheme(
      <RoleVisibility
        entity="lead"
        fieldKey="email"
        roles={[role("rep", "Rep", { email: "read" }), role("analyst", "Analyst", { email: "hidden" })]}
        changes={{ analyst: { email: "write" } }}
        onChange={onChange}
      />,
    );
    const rep = screen.getByRole<HTMLSelectElement>("combobox", { name: "Rep" });
    expect(rep.value).toBe("read");
    expect(screen.getByRole<HTMLSelectElement>("combobox", { name: "Analyst" }).value).toBe("write");
    expect([...rep.options].map((option) => option.text)).toEqual(["Hidden", "Read only", "Read and write"]);
    fireEvent.change(rep, { target: { value: "hidden" } });
    expect(onChange).toHaveBeenCalledWith("rep", "hidden");
  });

  it("explains that Owner and Member see every field when there is no custom role", () => {
    renderInTheme(<RoleVisibility entity="lead" fieldKey="email" roles={[]} changes={{}} onChange={vi.fn()} />);
    expect(screen.getByText(/Owner and Member see every field/)).toBeTruthy();
    expect(screen.queryByRole("combobox")).toBeNull();
  });
});
