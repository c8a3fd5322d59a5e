import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Role } from "../../../api/types";
import { fakeServer, json, ownerMe, roles } from "../../../testing/fake-server";
import { renderWithSession } from "../../../testing/render";
import type { ApprovalPolicy } from "../../approvals/access-api";
import { accessApi } from "../../approvals/access-api";
import { PolicyEditor } from "./policy-editor";

const manager: Role = { ...roles[1]!, id: "sales-manager", name: "Sales Manager", builtIn: false };
const saved: ApprovalPolicy = { roleId: "sales-manager", approvers: { kind: "owners" }, approvalsNeeded: 1, justificationRequired: true, expiresAfterDays: 7, etag: 'W/"p1"' };

describe("the approval policy editor", () => {
  it("shows each role's policy in words, leaves Member out, and saves a change with the ETag it read", async () => {
    const server = fakeServer(ownerMe).on("PUT /api/access/policies/sales-manager", (call) => json(200, { ...saved, ...(call.body as object), etag: 'W/"p2"' }));
    let changed = 0;
    renderWithSession(<PolicyEditor access={accessApi(server.client())} roles={[...roles, manager]} policies={[saved]} onChanged={async () => void changed++} />, server, ownerMe);
    const list = screen.getByRole("list", { name: "Approval policies" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(2);
    expect(within(list).getByText("An Owner approves; a reason is needed; may be permanent.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Edit the approval policy for Sales Manager" }));
    const editor = screen.getByRole("group", { name: "Approval policy for Sales Manager" });
    fireEvent.click(within(editor).getByRole("radio", { name: "Two" }));
    fireEvent.click(within(editor).getByRole("switch", { name: "Permanent allowed" }));
    fireEvent.change(within(editor).getByLabelText("Longest grant in days"), { target: { value: "30" } });
    fireEvent.click(screen.getByRole("button", { name: "Save policy for Sales Manager" }));
    expect(await screen.findByText("The approval policy for Sales Manager is saved.")).toBeTruthy();
    const put = server.callsTo("PUT", "/api/access/policies/sales-manager")[0];
    expect(put?.headers["if-match"]).toBe('W/"p1"');
    expect(put?.body).toEqual({ approvers: { kind: "owners" }, approvalsNeeded: 2, maxDays: 30, justificationRequired: true, expiresAfterDays: 7 });
    await waitFor(() => expect(changed).toBe(1));
  });

  it("stops needing approval by deleting the policy", async () => {
    const server = fakeServer(ownerMe).on("DELETE /api/access/policies/sales-manager", { status: 204 });
    renderWithSession(<PolicyEditor access={accessApi(server.client())} roles={[...roles, manager]} policies={[saved]} onChanged={async () => undefined} />, server, ownerMe);
    fireEvent.click(screen.getByRole("button", { name: "Edit the approval policy for Sales Manager" }));
    fireEvent.click(screen.getByRole("switch", { name: "Needs approval" }));
    fireEvent.click(screen.getByRole("button", { name: "Save policy for Sales Manager" }));
    expect(await screen.findByText("Giving Sales Manager no longer needs approval.")).toBeTruthy();
    expect(server.callsTo("DELETE", "/api/access/policies/sales-manager")).toHaveLength(1);
  });
});
