import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Me, Role } from "../../api/types";
import { anAccessRequest } from "../../testing/api-fixtures";
import { fakeServer, json, memberMe, roles } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import { AskRoleButton } from "./ask-role-dialog";

const manager: Role = { ...roles[1]!, id: "sales-manager", name: "Sales Manager", builtIn: false };
const rep: Role = { ...roles[1]!, id: "sales-rep", name: "Sales Rep", builtIn: false };
// Max holds Sales Rep (and not Member, so leaving Member out is the dialog's own rule).
const repMe: Me = { ...memberMe, roles: [{ id: "sales-rep", name: "Sales Rep", builtIn: false }] };
const policy = { roleId: "sales-manager", approvers: { kind: "owners" }, approvalsNeeded: 1, maxDays: 30, justificationRequired: true, expiresAfterDays: 7 };

async function chooseSalesManager() {
  fireEvent.click(screen.getByRole("button", { name: "Ask for a role" }));
  const dialog = await screen.findByRole("dialog", { name: "Ask for a role" });
  fireEvent.click(await within(dialog).findByRole("combobox", { name: "Role" }));
  const options = await screen.findAllByRole("option");
  // Member is everyone's base role, and Max holds Sales Rep: only the others are offered.
  expect(options.map((option) => option.textContent)).toEqual(["Owner", "Sales Manager"]);
  fireEvent.click(screen.getByRole("option", { name: "Sales Manager" }));
  return dialog;
}

describe("Ask for a role", () => {
  it("shows the role's policy in words and requires an end date when it is time-bound", async () => {
    const server = fakeServer(repMe)
      .on("GET /api/roles", json(200, { items: [...roles, rep, manager] }))
      .on("GET /api/access/policies", json(200, { items: [policy] }));
    renderWithSession(<AskRoleButton />, server, repMe);
    const dialog = await chooseSalesManager();
    expect(within(dialog).getByText("An Owner approves; a reason is needed; at most 30 days.")).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText(/Why is this access needed/), { target: { value: "Q4 renewals" } });
    expect(within(dialog).getByText("11 / 1000 characters")).toBeTruthy();
    fireEvent.click(within(dialog).getByRole("button", { name: "Send request" }));
    expect(await within(dialog).findByText("This role is given for at most 30 days: choose an end date.")).toBeTruthy();
    expect(
      within(dialog)
        .getByLabelText(/End date/)
        .getAttribute("aria-invalid"),
    ).toBe("true");
    expect(server.callsTo("POST", "/api/access/requests")).toHaveLength(0);
  });

  it("shows the server's field problems beside their fields, and closes once asked", async () => {
    let attempts = 0;
    const server = fakeServer(repMe)
      .on("GET /api/roles", json(200, { items: [...roles, rep, manager] }))
      .on("GET /api/access/policies", json(200, { items: [] }))
      .on("POST /api/access/requests", () =>
        ++attempts === 1
          ? json(400, { error: { code: "validation", message: "Check the highlighted fields.", details: { fields: [{ field: "endsAt", message: "The end date must be in the future." }] } } })
          : json(201, anAccessRequest({ id: "a".repeat(19) })),
      );
    renderWithSession(<AskRoleButton />, server, repMe);
    const dialog = await chooseSalesManager();
    // No policy: asking for yourself still needs one Owner.
    expect(within(dialog).getByText("An Owner approves; a reason is needed; may be permanent.")).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText(/Why is this access needed/), { target: { value: "Q4 renewals" } });
    fireEvent.change(within(dialog).getByLabelText(/End date/), { target: { value: "2020-01-01" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Send request" }));
    expect(await within(dialog).findByText("The end date must be in the future.")).toBeTruthy();
    expect(server.callsTo("POST", "/api/access/requests")[0]?.body).toEqual({ roleId: "sales-manager", justification: "Q4 renewals", endsAt: "2020-01-01" });
    fireEvent.click(within(dialog).getByRole("button", { name: "Send request" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });
});
