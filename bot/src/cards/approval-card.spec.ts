/** The approval card as a host reads it: valid Adaptive Card 1.5, buttons only for who may decide, under Teams' size limit at the largest. */
import { describe, expect, it } from "vitest";
import { adaptiveCardProblems } from "../test-support/adaptive-card-validator.js";
import { cardBytes, maxCardBytes } from "./adaptive-card.js";
import { renderAccessRequestList } from "./access-request-list-card.js";
import type { AccessRequestView } from "./approval-card.js";
import { renderApprovalCard, renderRequestNotAvailableCard } from "./approval-card.js";

const request = (extra: Partial<AccessRequestView> = {}): AccessRequestView => ({
  id: "0000000000000000001",
  roleId: "role-1",
  roleName: "Sales Manager",
  subject: { id: "rita", name: "Rita" },
  requester: { id: "rita", name: "Rita" },
  justification: "covering Q4 renewals",
  endsAt: "2026-10-31T09:00:00.000Z",
  createdAt: "2026-10-01T09:00:00.000Z",
  expiresAt: "2026-10-08T09:00:00.000Z",
  status: "pending",
  approvalsNeeded: 1,
  decisions: [],
  canDecide: true,
  canWithdraw: false,
  ...extra,
});

const titles = (card: { actions?: { title: string }[] }) => (card.actions ?? []).map((action) => action.title);

describe("the approval card", () => {
  it("offers Approve / Deny with a comment only to who may decide a pending request", () => {
    const forApprover = renderApprovalCard(request(), { refreshUserIds: ["29:olga"] }).card;
    expect(titles(forApprover)).toEqual(["Approve", "Deny"]);
    expect(forApprover.body.some((element) => element.type === "Input.Text" && element.id === "comment")).toBe(true);
    expect(forApprover.refresh).toEqual({ action: { type: "Action.Execute", title: "Show the latest", verb: "view", data: { crm: "accessRequest", id: request().id } }, userIds: ["29:olga"] });
    expect(titles(renderApprovalCard(request({ canDecide: false }), { refreshUserIds: [] }).card)).toEqual([]);
    const decided = request({
      status: "approved",
      canDecide: true,
      closedAt: "2026-10-02T10:00:00Z",
      decisions: [{ approverId: "olga", approverName: "Olga", outcome: "approve", at: "2026-10-02T10:00:00Z" }],
    });
    const card = renderApprovalCard(decided, { refreshUserIds: [] }).card;
    expect(titles(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain("Approved by Olga on 2 Oct 2026.");
  });

  it("sends a reader who could decide to the tab when deciding needs a step-up sign-in", () => {
    const card = renderApprovalCard(request({ canDecide: false, decideInTab: true }), { refreshUserIds: [] }).card;
    expect(titles(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain("Approve or deny this in the CRM tab's Approvals");
    expect(JSON.stringify(renderApprovalCard(request({ canDecide: false }), { refreshUserIds: [] }).card)).not.toContain("CRM tab's Approvals");
  });

  it("is valid for every state, and stays under Teams' limit at the largest", () => {
    const decisions = Array.from({ length: 2 }, (_, index) => ({
      approverId: `a${index}`,
      approverName: "A".repeat(200),
      outcome: "approve" as const,
      comment: "c".repeat(500),
      at: "2026-10-02T10:00:00Z",
    }));
    const largest = request({ justification: "j".repeat(1000), roleName: "R".repeat(200), exceptionTo: Array.from({ length: 5 }, () => "r".repeat(100)), decisions });
    for (const card of [
      renderApprovalCard(largest, { notice: { text: "n".repeat(2000), tone: "plain" }, refreshUserIds: ["29:olga"] }).card,
      renderApprovalCard(request({ status: "denied", canDecide: false }), { notice: { text: "Olga already denied this request.", tone: "attention" }, refreshUserIds: [] }).card,
      renderApprovalCard(request({ status: "expired" }), { refreshUserIds: [] }).card,
      renderApprovalCard(request({ status: "withdrawn" }), { refreshUserIds: [] }).card,
      renderRequestNotAvailableCard().card,
      renderAccessRequestList([request(), request({ status: "approved" })], [request()]).card,
      renderAccessRequestList([], []).card,
    ]) {
      expect(adaptiveCardProblems(card)).toEqual([]);
      expect(cardBytes(card)).toBeLessThan(maxCardBytes);
    }
  });
});
