import { describe, expect, it } from "vitest";
import { isAppError } from "@crm/shared/errors";
import { parseRoleRequest } from "./request-role.js";

const now = new Date("2026-10-01T09:00:00Z");

/** The field message a refused request shows, or undefined when it parses. */
function problemOf(args: string): string | undefined {
  try {
    parseRoleRequest(args, now);
    return undefined;
  } catch (error) {
    return isAppError(error) ? error.details?.fields?.[0]?.message : String(error);
  }
}

describe("parseRoleRequest", () => {
  it("reads the role, the duration and the reason after the first colon", () => {
    expect(parseRoleRequest("Sales Manager for 30 days: covering Q4: renewals", now)).toEqual({
      roleName: "Sales Manager",
      justification: "covering Q4: renewals",
      endsAt: new Date("2026-10-31T09:00:00Z"),
    });
    expect(parseRoleRequest("Auditor: quarter close", now)).toEqual({ roleName: "Auditor", justification: "quarter close" });
    expect(parseRoleRequest("Auditor", now)).toEqual({ roleName: "Auditor", justification: "" });
  });

  it("understands weeks, months and an end date (through that day)", () => {
    expect(parseRoleRequest("Auditor for 2 weeks: x", now).endsAt).toEqual(new Date("2026-10-15T09:00:00Z"));
    expect(parseRoleRequest("Auditor for 1 month: x", now).endsAt).toEqual(new Date("2026-11-01T09:00:00Z"));
    expect(parseRoleRequest("Auditor FOR 1 DAY: x", now).endsAt).toEqual(new Date("2026-10-02T09:00:00Z"));
    expect(parseRoleRequest("Auditor until 2026-12-31: x", now)).toEqual({ roleName: "Auditor", justification: "x", endsAt: new Date("2026-12-31T23:59:59Z") });
  });

  it("keeps words that only look like a duration inside the role's name", () => {
    expect(parseRoleRequest("Manager for days: x", now)).toEqual({ roleName: "Manager for days", justification: "x" });
  });

  it("refuses a zero duration, an impossible date and a date in the past", () => {
    expect(problemOf("Auditor for 0 days: x")).toMatch(/at least one day/);
    expect(problemOf("Auditor until 2026-02-30: x")).toMatch(/YYYY-MM-DD/);
    expect(problemOf("Auditor until 2026-13-01: x")).toMatch(/YYYY-MM-DD/);
    expect(problemOf("Auditor until 2026-09-30: x")).toMatch(/in the future/);
    expect(problemOf("Auditor until 2026-10-01: x")).toBeUndefined();
  });
});
