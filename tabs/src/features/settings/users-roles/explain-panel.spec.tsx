import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeServer, json, ownerMe } from "../../../testing/fake-server";
import { renderWithSession } from "../../../testing/render";
import { ExplainPanel } from "./explain-panel";

const answer = { userId: "olivia", action: "read", entity: "lead", allowed: true, scope: "all", reason: "role Owner may read every lead", roles: ["Owner"], conflicts: [] as unknown[] };

describe("Explain access", () => {
  it("names the separation-of-duties rules the user's roles break together", async () => {
    const conflicts = [{ rule: "Managing users and approving access", why: "Whoever gives people roles should not also approve those grants.", through: ["User Admin", "Access Approver"] }];
    renderWithSession(<ExplainPanel />, fakeServer(ownerMe).on("GET /api/access/explain", json(200, { ...answer, conflicts })), ownerMe);
    fireEvent.click(screen.getByRole("button", { name: "Explain" }));
    const list = await screen.findByRole("list", { name: "Separation-of-duties conflicts" });
    expect(within(list).getByText("“Managing users and approving access”, through User Admin and Access Approver: Whoever gives people roles should not also approve those grants.")).toBeTruthy();
  });

  it("says nothing about conflicts when there are none", async () => {
    renderWithSession(<ExplainPanel />, fakeServer(ownerMe).on("GET /api/access/explain", json(200, answer)), ownerMe);
    fireEvent.click(screen.getByRole("button", { name: "Explain" }));
    expect(await screen.findByText(/role Owner may read every lead/)).toBeTruthy();
    expect(screen.queryByRole("list", { name: "Separation-of-duties conflicts" })).toBeNull();
  });
});
