import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../testing/render";
import { CaseStatuses } from "./case-statuses";
import { FieldErrors } from "./describe";
import type { CaseWorkflow } from "./workflow-api";

const draft: CaseWorkflow = { statuses: ["New", "Closed"], unansweredStatuses: ["New"], transitions: [], sla: [] };

describe("the case workflow's statuses", () => {
  it("turns a status off, dropping it from the unanswered ones too", () => {
    const onChange = vi.fn();
    renderInTheme(<CaseStatuses draft={draft} choices={["New", "In progress", "Closed"]} errors={new FieldErrors()} onChange={onChange} />);
    const inUse = screen.getByRole("group", { name: "Statuses in use" });
    expect(within(inUse).getAllByRole("checkbox")).toHaveLength(3);
    fireEvent.click(within(inUse).getByRole("checkbox", { name: "New" }));
    expect(onChange).toHaveBeenLastCalledWith({ ...draft, statuses: ["Closed"], unansweredStatuses: [] });
  });

  it("offers only statuses in use as unanswered, and shows the server's problem there", () => {
    const onChange = vi.fn();
    renderInTheme(
      <CaseStatuses draft={draft} choices={["New", "In progress", "Closed"]} errors={new FieldErrors([{ field: "unansweredStatuses", message: "Name a status in use." }])} onChange={onChange} />,
    );
    const unanswered = screen.getByRole("group", { name: "Not answered yet while in" });
    expect(within(unanswered).getAllByRole("checkbox")).toHaveLength(2);
    fireEvent.click(within(unanswered).getByRole("checkbox", { name: "Closed" }));
    expect(onChange).toHaveBeenLastCalledWith({ ...draft, unansweredStatuses: ["New", "Closed"] });
    expect(unanswered.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Name a status in use.")).toBeTruthy();
  });
});
