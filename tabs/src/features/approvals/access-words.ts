/**
 * Access governance in plain words for the tab: dates, statuses, who approves and for
 * how long, and the powers a conflict rule keeps apart. No ids reach the screen.
 */
import type { AccessRequest, ApprovalPolicy, Power } from "./access-api";
import type { ConfigPermission } from "../../api/types";
import { entityLabels } from "../../api/types";

/** When the server has no policy for a role, asking for it yourself still needs one Owner (docs/governance.md). */
export const defaultPolicy: Omit<ApprovalPolicy, "roleId"> = { approvers: { kind: "owners" }, approvalsNeeded: 1, justificationRequired: true, expiresAfterDays: 14 };

export const maxJustification = 1000;

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** "31 Dec 2026", in UTC so a date-only end reads as the day it names. */
export function readableDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export const statusWords: Record<AccessRequest["status"], string> = {
  pending: "Waiting",
  approved: "Approved",
  denied: "Denied",
  expired: "Expired",
  withdrawn: "Withdrawn",
};

function orList(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** "An Owner approves; a reason is needed; at most 30 days". */
export function policyInWords(policy: Omit<ApprovalPolicy, "roleId">, roleName: (id: string) => string): string {
  const two = policy.approvalsNeeded >= 2;
  const who =
    policy.approvers.kind === "owners"
      ? two
        ? "Two Owners approve"
        : "An Owner approves"
      : `${two ? "Two holders of" : "A holder of"} ${orList(policy.approvers.roleIds.map(roleName))} ${two ? "approve" : "approves"}`;
  const parts = [who];
  if (policy.justificationRequired) parts.push("a reason is needed");
  parts.push(policy.maxDays ? `at most ${policy.maxDays} ${policy.maxDays === 1 ? "day" : "days"}` : "may be permanent");
  return parts.join("; ");
}

/** The latest end date a policy allows, as the date input's `max` (yyyy-mm-dd). */
export function latestEnd(maxDays: number | undefined, now: Date): string | undefined {
  if (!maxDays) return undefined;
  return new Date(now.getTime() + maxDays * 86_400_000).toISOString().slice(0, 10);
}

/** Tomorrow (yyyy-mm-dd): a grant cannot end in the past or today. */
export const earliestEnd = (now: Date): string => new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);

export const permissionWords: Record<ConfigPermission, string> = {
  usersAndRoles: "manage users and roles",
  forms: "manage forms",
  pipelines: "manage sales pipelines",
  workflows: "configure workflows",
  emailSync: "configure email synchronization",
  audit: "read the audit log",
  approveAccess: "approve access requests",
};

const scopeWords = { own: "their own", team: "the team's", all: "every one of the" } as const;

/** "configure workflows", "delete every one of the Leads", "hold the role Auditor". */
export function powerInWords(power: Power, roleName: (id: string) => string): string {
  switch (power.kind) {
    case "config":
      return permissionWords[power.permission];
    case "record": {
      const what = power.entity ? entityLabels[power.entity].many : "records";
      return `${power.action} ${scopeWords[power.atLeast]} ${what}`;
    }
    case "role":
      return `hold the role ${roleName(power.roleId)}`;
  }
}
