import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Me } from "../../api/types";
import { anAccessRequest } from "../../testing/api-fixtures";
import { fakeServer, json, memberMe, ownerMe } from "../../testing/fake-server";
import { renderWithSession } from "../../testing/render";
import ApprovalsView from "./approvals-view";

const approver: Me = { ...ownerMe, permissions: { ...ownerMe.permissions, config: [...ownerMe.permissions.config, "approveAccess"] } };
const waiting = anAccessRequest({ id: "r".repeat(19), canDecide: true, exceptionTo: ["Workflows and access approvals"] });

describe("Approvals", () => {
  it("says in words when nothing waits, and shows a Member no History", async () => {
    renderWithSession(<ApprovalsView />, fakeServer(memberMe).on("GET /api/access/requests?view=inbox", json(200, { items: [] })), memberMe);
    expect(await screen.findByText("Nothing waits for your decision.")).toBeTruthy();
    expect(screen.getByRole("tab", { name: "My requests" })).toBeTruthy();
    expect(screen.queryByRole("tab", { name: "History" })).toBeNull();
  });

  it("shows what a decision needs, and a refusal's message with the list read again", async () => {
    let reads = 0;
    const server = fakeServer(approver)
      .on("GET /api/access/requests?view=inbox", () => json(200, { items: ++reads === 1 ? [waiting] : [] }))
      .on(`POST /api/access/requests/${waiting.id}/decision`, json(409, { error: { code: "conflict", message: "Olga already approved this request on 1 Oct 2026." } }));
    renderWithSession(<ApprovalsView />, server, approver);
    const card = await screen.findByRole("article", { name: "Sales Manager for Max Member" });
    expect(within(card).getByText("Covering Q4 renewals")).toBeTruthy();
    expect(within(card).getByText("31 Dec 2026")).toBeTruthy();
    expect(within(card).getByText("Workflows and access approvals")).toBeTruthy();
    expect(screen.getByRole("tab", { name: "History" })).toBeTruthy();
    fireEvent.change(within(card).getByLabelText("Comment (optional)"), { target: { value: "ok for Q4" } });
    fireEvent.click(within(card).getByRole("button", { name: "Approve" }));
    expect(await screen.findByText("Olga already approved this request on 1 Oct 2026.")).toBeTruthy();
    expect(server.callsTo("POST", `/api/access/requests/${waiting.id}/decision`)[0]?.body).toEqual({ outcome: "approve", comment: "ok for Q4" });
    expect(await screen.findByText("Nothing waits for your decision.")).toBeTruthy();
    expect(reads).toBe(2);
  });

  it("lists my requests with their status and lets me withdraw a waiting one", async () => {
    const mine = anAccessRequest({ id: "m".repeat(19), canWithdraw: true });
    const decided = anAccessRequest({
      id: "d".repeat(19),
      roleName: "Support Lead",
      status: "denied",
      decisions: [{ approverId: "olga", approverName: "Olga", outcome: "deny", comment: "Not this quarter", at: "2026-11-02T10:00:00Z" }],
    });
    const server = fakeServer(memberMe)
      .on("GET /api/access/requests?view=inbox", json(200, { items: [] }))
      .on("GET /api/access/requests?view=mine", json(200, { items: [mine, decided] }))
      .on(`POST /api/access/requests/${mine.id}/withdraw`, json(200, { ...mine, status: "withdrawn", canWithdraw: false }));
    renderWithSession(<ApprovalsView />, server, memberMe);
    fireEvent.click(await screen.findByRole("tab", { name: "My requests" }));
    const denied = await screen.findByRole("article", { name: "Support Lead for Max Member" });
    expect(within(denied).getByText("Denied")).toBeTruthy();
    expect(within(denied).getByText("Olga denied on 2 Nov 2026: “Not this quarter”")).toBeTruthy();
    expect(within(denied).queryByRole("button", { name: "Withdraw" })).toBeNull();
    fireEvent.click(within(screen.getByRole("article", { name: "Sales Manager for Max Member" })).getByRole("button", { name: "Withdraw" }));
    expect(await screen.findByText("Your request for Sales Manager is withdrawn.")).toBeTruthy();
    await waitFor(() => expect(server.callsTo("POST", `/api/access/requests/${mine.id}/withdraw`)).toHaveLength(1));
  });
});
