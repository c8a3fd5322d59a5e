import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../testing/render";
import type { FormConflictReviewProps } from "./form-conflict-review";
import { FormConflictReview } from "./form-conflict-review";

function show(props: Partial<FormConflictReviewProps>) {
  const onReload = vi.fn();
  const onOverwrite = vi.fn();
  renderInTheme(<FormConflictReview formChanged={false} differences={[]} onReload={onReload} onOverwrite={onOverwrite} {...props} />);
  return { alert: screen.getByRole("alert"), onReload, onOverwrite };
}

describe("someone else's change, shown before anything is overwritten", () => {
  it("names who changed the form and when, and compares field by field", () => {
    const { alert } = show({
      formChanged: true,
      savedBy: "Max Member",
      savedAt: "2026-03-01T10:00:00.000Z",
      differences: [{ what: "Status", theirs: "2. Status · Choice", yours: "2. Status · Text" }],
    });
    expect(alert.textContent).toContain("Max Member changed this form");
    expect(alert.textContent).toContain("yours is not saved yet");
    const row = within(within(alert).getByRole("table")).getByRole("row", { name: /Status/ });
    expect(row.textContent).toBe("Status2. Status · Choice2. Status · Text");
    expect(within(alert).getByRole("columnheader", { name: "Saved by Max Member" })).toBeTruthy();
  });

  it("says a role changed, by name, and that the form itself is saved", () => {
    const { alert } = show({ roleName: "Rep" });
    expect(alert.textContent).toContain("Someone else changed the “Rep” role");
    expect(alert.textContent).toContain("Your form is saved");
    expect(within(alert).queryByRole("table")).toBeNull();
  });

  it("offers to reload theirs or to save mine over it", () => {
    const { alert, onReload, onOverwrite } = show({});
    fireEvent.click(within(alert).getByRole("button", { name: "Reload theirs" }));
    fireEvent.click(within(alert).getByRole("button", { name: "Overwrite with mine" }));
    expect(onReload).toHaveBeenCalledOnce();
    expect(onOverwrite).toHaveBeenCalledOnce();
  });

  it("disables both choices while saving", () => {
    const { alert } = show({ busy: true });
    expect(within(alert).getByRole("button", { name: "Reload theirs" })).toHaveProperty("disabled", true);
    expect(within(alert).getByRole("button", { name: "Overwrite with mine" })).toHaveProperty("disabled", true);
  });
});
