import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInTheme } from "../../../testing/render";
import { LinkThisTeam, ReassignRuleEditor, RosterSummary } from "./roster-panel";

const status = {
  paused: false,
  teams: [{ groupId: "g", name: "Sales", linkedBy: "olga", linkedAt: "2026-11-01T10:00:00Z" }],
  reconciliation: { enabled: false, reason: "Roster reconciliation is off: the app's credentials are not configured." },
};

describe("the Teams roster panel", () => {
  it("shows the linked teams, why reconciliation is off, and that nothing waits", () => {
    renderInTheme(<RosterSummary status={status} pending={[]} busy={false} onPause={() => undefined} />);
    expect(screen.getByText("Linked teams: Sales.")).toBeTruthy();
    expect(screen.getByText(/reconciliation is off/)).toBeTruthy();
    expect(screen.getByText("Nobody's records wait for a new owner.")).toBeTruthy();
  });

  it("lists pending reassignments in words", () => {
    const pending = [
      { userId: "rita", displayName: "Rita", rule: { kind: "roundRobin" as const, roleId: "r1" }, status: "running" as const, startedAt: "2026-11-02T09:00:00Z", moved: 50, tasksMoved: 0, batches: 1 },
      { userId: "max", displayName: "Max", rule: { kind: "ownersQueue" as const }, status: "waiting" as const, startedAt: "2026-11-02T09:00:00Z", moved: 0, tasksMoved: 0, batches: 0 },
    ];
    renderInTheme(<RosterSummary status={status} pending={pending} busy={false} onPause={() => undefined} />);
    const rows = within(screen.getByRole("table", { name: "Pending reassignments" })).getAllByRole("row");
    expect(
      within(rows[1]!)
        .getAllByRole("cell")
        .map((cell) => cell.textContent)
        .slice(0, 3),
    ).toEqual(["Rita", "Being reassigned", "50 records, 0 tasks"]);
    expect(within(rows[2]!).getAllByRole("cell")[1]!.textContent).toBe("Waits for an Owner to reassign");
  });

  it("pauses with the switch", () => {
    const onPause = vi.fn();
    renderInTheme(<RosterSummary status={status} pending={[]} busy={false} onPause={onPause} />);
    fireEvent.click(screen.getByRole("switch", { name: "Follow the Teams roster" }));
    expect(onPause).toHaveBeenCalledWith(true);
  });

  it("chooses who gets a leaver's work: a role to take turns, saved only once it names one", () => {
    const onSave = vi.fn();
    const roles = [{ id: "r1", name: "Sales Rep" }];
    const people = [{ id: "ann", name: "Ann" }];
    renderInTheme(<ReassignRuleEditor rule={{ kind: "ownersQueue" }} people={people} roles={roles} busy={false} onSave={onSave} />);
    const save = screen.getByRole("button", { name: "Save rule" });
    expect((save as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByRole("combobox", { name: "When someone leaves, their open records and tasks go to" }), { target: { value: "roundRobin" } });
    expect((save as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByRole("combobox", { name: "Role" }), { target: { value: "r1" } });
    fireEvent.click(save);
    expect(onSave).toHaveBeenCalledWith({ kind: "roundRobin", roleId: "r1" });
  });

  it("names one person", () => {
    const onSave = vi.fn();
    renderInTheme(<ReassignRuleEditor rule={{ kind: "ownersQueue" }} people={[{ id: "ann", name: "Ann" }]} roles={[]} busy={false} onSave={onSave} />);
    fireEvent.change(screen.getByRole("combobox", { name: "When someone leaves, their open records and tasks go to" }), { target: { value: "user" } });
    fireEvent.change(screen.getByRole("combobox", { name: "Person" }), { target: { value: "ann" } });
    fireEvent.click(screen.getByRole("button", { name: "Save rule" }));
    expect(onSave).toHaveBeenCalledWith({ kind: "user", userId: "ann" });
  });

  it("offers to follow the Teams team the tab is open in, until it is linked", () => {
    const onLink = vi.fn();
    const marketing = { groupId: "g-marketing", name: "Marketing" };
    const { unmount } = renderInTheme(<LinkThisTeam team={marketing} status={status} busy={false} onLink={onLink} />);
    fireEvent.click(screen.getByRole("button", { name: "Follow Marketing's roster" }));
    expect(onLink).toHaveBeenCalled();
    unmount();
    renderInTheme(<LinkThisTeam team={{ groupId: "g", name: "Sales" }} status={status} busy={false} onLink={onLink} />);
    expect(screen.queryByRole("button", { name: /Follow .* roster/ })).toBeNull();
  });
});
