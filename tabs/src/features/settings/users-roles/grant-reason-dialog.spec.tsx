import { describe, expect, it } from "vitest";
import type { ApprovalPolicy } from "../../approvals/access-api";
import { strictest } from "./grant-reason-dialog";

const policy = (values: Partial<ApprovalPolicy>): ApprovalPolicy => ({ roleId: "r", approvers: { kind: "owners" }, approvalsNeeded: 1, justificationRequired: false, expiresAfterDays: 7, ...values });

describe("the reason a held-back grant asks for", () => {
  it("asks what the strictest of the added roles' policies asks", () => {
    expect(strictest([policy({ maxDays: 30 }), policy({ maxDays: 10, justificationRequired: true }), policy({})])).toEqual({ justificationRequired: true, maxDays: 10 });
    expect(strictest([policy({})])).toEqual({ justificationRequired: false });
    // An exception to a conflict rule has no policy here: a reason is always needed.
    expect(strictest([])).toEqual({ justificationRequired: true });
  });
});
