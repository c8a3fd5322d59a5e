import { describe, expect, it } from "vitest";
import type { EntityGrants, RoleDefinition, Scope } from "./model.js";
import { memberRole, ownerRole } from "./roles.js";
import type { ConflictRule } from "./separation-of-duties.js";
import { checkRoleGrant, conflictExamples, conflictsOf, describePower, roleGiving } from "./separation-of-duties.js";

const grantsAt = (scope: Scope): EntityGrants => ({ create: scope, read: scope, update: scope, delete: scope, assign: scope, export: scope });
const role = (id: string, extra: Partial<RoleDefinition> = {}): RoleDefinition => ({
  id,
  name: id[0]!.toUpperCase() + id.slice(1),
  description: "",
  builtIn: false,
  entities: { lead: grantsAt("own"), opportunity: grantsAt("own"), case: grantsAt("own") },
  config: [],
  fields: {},
  ...extra,
});
const on = (rules: readonly ConflictRule[]) => rules.map((rule) => ({ ...rule, enabled: true }));
const rules = on(conflictExamples);

const builder = role("builder", { config: ["workflows"] });
const approver = role("approver", { config: ["approveAccess"] });
const auditor = role("auditor", { config: ["audit"] });
const cleaner = role("cleaner", { entities: { lead: grantsAt("own"), opportunity: { ...grantsAt("own"), delete: "all" }, case: grantsAt("own") } });
const admin = role("admin", { config: ["usersAndRoles"] });

describe("powers", () => {
  it("a role gives a configuration permission, a record action from a scope up, or itself", () => {
    expect(roleGiving([builder], { kind: "config", permission: "workflows" })?.id).toBe("builder");
    expect(roleGiving([builder], { kind: "config", permission: "audit" })).toBeUndefined();
    expect(roleGiving([cleaner], { kind: "record", action: "delete", atLeast: "all" })?.id).toBe("cleaner");
    expect(roleGiving([cleaner], { kind: "record", action: "delete", atLeast: "all", entity: "lead" })).toBeUndefined();
    expect(roleGiving([cleaner], { kind: "record", action: "delete", atLeast: "team", entity: "opportunity" })?.id).toBe("cleaner");
    expect(roleGiving([memberRole], { kind: "record", action: "delete", atLeast: "all" })).toBeUndefined();
    expect(roleGiving([auditor], { kind: "role", roleId: "auditor" })?.id).toBe("auditor");
  });

  it("the Owner role gives no power to a rule: it holds them all by design", () => {
    expect(roleGiving([ownerRole], { kind: "config", permission: "workflows" })).toBeUndefined();
    expect(conflictsOf([ownerRole], rules)).toEqual([]);
  });

  it("reads in plain words", () => {
    expect(describePower({ kind: "config", permission: "approveAccess" })).toBe("approve access requests");
    expect(describePower({ kind: "record", action: "delete", atLeast: "all" })).toBe("delete every one of the records");
    expect(describePower({ kind: "record", action: "export", atLeast: "team", entity: "case" })).toBe("export the team's cases");
    expect(describePower({ kind: "role", roleId: "r1" }, () => "Auditor")).toBe("hold the role Auditor");
  });
});

describe("conflicts", () => {
  it("two roles that together give both powers of an enabled rule break it, naming the roles", () => {
    expect(conflictsOf([builder, approver], rules)).toEqual([{ rule: rules[0], through: ["Builder", "Approver"] }]);
    expect(conflictsOf([cleaner, auditor, memberRole], rules).map((conflict) => conflict.rule.id)).toEqual(["delete-all-and-audit"]);
  });

  it("one role giving both powers breaks it too", () => {
    const both = role("both", { config: ["usersAndRoles", "approveAccess"] });
    expect(conflictsOf([both], rules)).toEqual([{ rule: rules[2], through: ["Both", "Both"] }]);
  });

  it("a rule that is off, or a single power, breaks nothing", () => {
    expect(conflictsOf([builder, approver], conflictExamples)).toEqual([]);
    expect(conflictsOf([builder, auditor, admin], rules)).toEqual([]);
  });
});

describe("checkRoleGrant", () => {
  it("allows a grant that creates no conflict", () => {
    expect(checkRoleGrant([memberRole, builder], auditor, rules)).toMatchObject({ outcome: "allowed" });
  });

  it("refuses a grant that breaks a rule without exceptions, naming the rule", () => {
    const check = checkRoleGrant([builder], approver, rules);
    expect(check).toMatchObject({ outcome: "refused", reason: 'role Approver would break the separation-of-duties rule "Workflows and access approvals"' });
  });

  it("asks for an approved exception when every rule broken allows one", () => {
    const check = checkRoleGrant([cleaner], auditor, rules);
    expect(check.outcome).toBe("needsException");
    expect(check.outcome !== "allowed" && check.conflicts.map((conflict) => conflict.rule.id)).toEqual(["delete-all-and-audit"]);
  });

  it("refuses when one of several rules broken allows no exception", () => {
    expect(checkRoleGrant([builder, admin], approver, rules).outcome).toBe("refused");
  });

  it("counts only the conflicts the grant creates, and a role's new definition replaces its old one", () => {
    expect(checkRoleGrant([cleaner, auditor], role("extra"), rules).outcome).toBe("allowed");
    const widened = { ...builder, config: [...builder.config, "approveAccess" as const] };
    expect(checkRoleGrant([builder], widened, rules).outcome).toBe("refused");
    expect(checkRoleGrant([builder, approver], { ...approver, config: [] }, rules).outcome).toBe("allowed");
  });
});
