import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderInTheme } from "../../../testing/render";
import { ConflictsReport } from "./conflicts-report";

describe("the conflicts report", () => {
  it("says so when nobody holds conflicting powers", () => {
    renderInTheme(<ConflictsReport conflicts={[]} />);
    expect(screen.getByText("Nobody holds conflicting powers.")).toBeTruthy();
  });

  it("lists person, rule, why and the roles giving each power", () => {
    renderInTheme(
      <ConflictsReport
        conflicts={[
          {
            userId: "bea",
            displayName: "Bea Both",
            ruleId: "users-and-approvals",
            ruleName: "Users and access approvals",
            why: "Whoever manages users could approve their own access.",
            powers: ["manage users and roles", "approve access requests"],
            through: ["User Admin", "Access Approver"],
          },
        ]}
      />,
    );
    const row = screen.getAllByRole("row")[1]!;
    expect(
      within(row)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["Bea Both", "Users and access approvals", "Whoever manages users could approve their own access.", "User Admin (manage users and roles) and Access Approver (approve access requests)"]);
  });
});
