import { describe, expect, it } from "vitest";
import { attemptOf, decideDeclared, describeRequirement, entityAttempt, requires } from "./requirement.js";
import { memberRole, ownerRole } from "./roles.js";
import type { Actor } from "./model.js";

const actor = (roles: Actor["roles"], active = true): Actor => ({ tenantId: "t", userId: "u", kind: "user", active, teamIds: [], roles });

describe("decideDeclared", () => {
  it("allows a configuration permission the roles hold, with the role as reason", () => {
    const decision = decideDeclared(actor([ownerRole]), { kind: "config", permission: "forms", action: "form.update" });
    expect(decision).toMatchObject({ allowed: true, roleName: "Owner" });
  });

  it("refuses a configuration permission no role holds, saying so", () => {
    const decision = decideDeclared(actor([memberRole]), { kind: "config", permission: "forms", action: "form.update" });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toMatch(/may manage forms/);
  });

  it("allows an entity action at any scope and refuses it when every role says none", () => {
    expect(decideDeclared(actor([memberRole]), { kind: "entity", entity: "lead", action: "create" }).allowed).toBe(true);
    expect(decideDeclared(actor([memberRole]), { kind: "entity", entity: "lead", action: "assign" }).allowed).toBe(false);
    expect(decideDeclared(actor([]), { kind: "entity", entity: "lead", action: "read" }).allowed).toBe(false);
  });

  it("allows any one of several configuration permissions, and refuses naming them all", () => {
    const raci = requires.anyConfig(["forms", "usersAndRoles"], "raci.save") as Parameters<typeof decideDeclared>[1];
    const formsOnly = { ...memberRole, id: "f", name: "Form keeper", config: ["forms" as const] };
    const usersOnly = { ...memberRole, id: "u", name: "People keeper", config: ["usersAndRoles" as const] };
    expect(decideDeclared(actor([formsOnly]), raci)).toMatchObject({ allowed: true, roleName: "Form keeper" });
    expect(decideDeclared(actor([usersOnly]), raci)).toMatchObject({ allowed: true, roleName: "People keeper" });
    expect(decideDeclared(actor([memberRole]), raci)).toMatchObject({ allowed: false, reason: "no role of this user (Member) may manage forms or manage users and roles" });
    expect(decideDeclared(actor([ownerRole], false), raci)).toMatchObject({ allowed: false, reason: "the user is deactivated in this tenant" });
    expect(describeRequirement(raci)).toBe("config:forms or config:usersAndRoles");
    expect(attemptOf(raci)).toBe("raci.save");
  });

  it("refuses a deactivated user everything but being signed in", () => {
    expect(decideDeclared(actor([ownerRole], false), { kind: "config", permission: "forms", action: "form.update" }).allowed).toBe(false);
    expect(decideDeclared(actor([ownerRole], false), { kind: "entity", entity: "lead", action: "read" }).allowed).toBe(false);
    expect(decideDeclared(actor([ownerRole], false), { kind: "signedIn" }).allowed).toBe(true);
  });
});

describe("describeRequirement", () => {
  it("says what each kind requires, combined ones joined", () => {
    expect(describeRequirement(requires.config("audit", "audit.read"))).toBe("config:audit");
    expect(describeRequirement(requires.record("lead", "update"))).toBe("lead:update on the record :id");
    expect(describeRequirement(requires.all(requires.record("lead", "update"), requires.entity("opportunity", "create")))).toBe("lead:update on the record :id + opportunity:create at some scope");
    expect(describeRequirement(requires.record({ query: "entity" }, "read", { query: "recordId" }))).toBe("<?entity>:read on the record ?recordId");
    expect(describeRequirement(requires.public("liveness"))).toBe("public (liveness)");
  });

  it("names a step-up, and the fields that make a body need one", () => {
    expect(describeRequirement(requires.stepUp(requires.config("audit", "audit.read")))).toBe("config:audit + step-up sign-in");
    expect(describeRequirement(requires.stepUp(requires.config("usersAndRoles", "user.update"), { whenBodySets: ["roleIds", "active"] }))).toBe(
      "config:usersAndRoles + step-up sign-in when the body sets roleIds or active",
    );
    expect(requires.stepUp(requires.signedIn(), { whenBodySets: [] })).toEqual({ kind: "stepUp", inner: { kind: "signedIn" } });
  });
});

describe("attemptOf", () => {
  it("names the attempt a refusal is audited under: the first action the requirement names", () => {
    expect(attemptOf(requires.stepUp(requires.config("usersAndRoles", "role.save")))).toBe("role.save");
    expect(attemptOf(requires.stepUp(requires.entity("lead", "read")))).toBe("lead.list");
    expect(attemptOf(requires.all(requires.record("lead", "update"), requires.entity("opportunity", "create")))).toBe("lead.update");
    expect(attemptOf(requires.selfOr({ query: "userId" }, requires.config("usersAndRoles", "access.explain")))).toBe("access.explain");
    expect(attemptOf(requires.signedIn())).toBe("signedIn");
  });

  it("names a refused list as a list in the audit log", () => {
    expect(entityAttempt("lead", "read")).toBe("lead.list");
    expect(entityAttempt("case", "export")).toBe("case.export");
  });
});
