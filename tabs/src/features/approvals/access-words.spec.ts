import { describe, expect, it } from "vitest";
import { defaultPolicy, earliestEnd, latestEnd, policyInWords, powerInWords, readableDate } from "./access-words";

const names: Record<string, string> = { lead: "Team Lead", ops: "Sales Ops" };
const roleName = (id: string) => names[id] ?? id;

describe("access governance in words", () => {
  it("reads dates as day, short month and year, in UTC", () => {
    expect(readableDate("2026-12-31")).toBe("31 Dec 2026");
    expect(readableDate("2026-12-31T23:30:00Z")).toBe("31 Dec 2026");
    expect(readableDate("not a date")).toBe("not a date");
  });

  it("says who approves, whether a reason is needed and for how long", () => {
    expect(policyInWords({ ...defaultPolicy, maxDays: 30 }, roleName)).toBe("An Owner approves; a reason is needed; at most 30 days");
    expect(policyInWords(defaultPolicy, roleName)).toBe("An Owner approves; a reason is needed; may be permanent");
    expect(policyInWords({ ...defaultPolicy, approvalsNeeded: 2, justificationRequired: false, maxDays: 1 }, roleName)).toBe("Two Owners approve; at most 1 day");
    expect(policyInWords({ ...defaultPolicy, approvers: { kind: "roles", roleIds: ["lead", "ops"] } }, roleName)).toBe(
      "A holder of Team Lead or Sales Ops approves; a reason is needed; may be permanent",
    );
  });

  it("limits the end date to the policy's longest grant, and to after today", () => {
    const now = new Date("2026-11-01T10:00:00Z");
    expect(latestEnd(30, now)).toBe("2026-12-01");
    expect(latestEnd(undefined, now)).toBeUndefined();
    expect(earliestEnd(now)).toBe("2026-11-02");
  });

  it("names powers without ids", () => {
    expect(powerInWords({ kind: "config", permission: "approveAccess" }, roleName)).toBe("approve access requests");
    expect(powerInWords({ kind: "record", action: "delete", atLeast: "all", entity: "lead" }, roleName)).toBe("delete every one of the Leads");
    expect(powerInWords({ kind: "record", action: "export", atLeast: "team" }, roleName)).toBe("export the team's records");
    expect(powerInWords({ kind: "role", roleId: "lead" }, roleName)).toBe("hold the role Team Lead");
  });
});
