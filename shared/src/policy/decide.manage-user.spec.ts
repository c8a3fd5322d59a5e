import { describe, expect, it } from "vitest";
import { decideManageUser } from "./decide.js";
import type { Actor, RoleDefinition } from "./model.js";
import { memberRole, ownerRole, personaTemplates } from "./roles.js";

const crmManagerTemplate = personaTemplates.find((template) => template.id === "crm-manager")!;
const crmManager: RoleDefinition = { ...crmManagerTemplate, builtIn: false, fields: {} };
const actor = (roles: RoleDefinition[], active = true): Actor => ({ tenantId: "t", userId: "me", kind: "user", active, teamIds: [], roles });

describe("decideManageUser", () => {
  it("lets an Owner change another Owner", () => {
    expect(decideManageUser(actor([ownerRole]), { userId: "other", roleIds: ["owner"] }).allowed).toBe(true);
  });

  it("refuses a users-and-roles manager who is not an Owner, with the reason", () => {
    const decision = decideManageUser(actor([crmManager]), { userId: "other", roleIds: ["owner"] });
    expect(decision).toMatchObject({ allowed: false, reason: "only an Owner may change or remove another Owner" });
  });

  it("does not let a custom role named Owner pass for the built-in one", () => {
    const impostor: RoleDefinition = { ...crmManager, id: "owner", builtIn: false };
    expect(decideManageUser(actor([impostor]), { userId: "other", roleIds: ["owner"] }).allowed).toBe(false);
  });

  it("lets a manager change Members, and anyone with the permission change themselves", () => {
    expect(decideManageUser(actor([crmManager]), { userId: "other", roleIds: ["member"] }).allowed).toBe(true);
    expect(decideManageUser(actor([crmManager, memberRole]), { userId: "me", roleIds: ["owner"] }).allowed).toBe(true);
  });

  it("refuses a deactivated actor", () => {
    expect(decideManageUser(actor([ownerRole], false), { userId: "other", roleIds: ["member"] }).allowed).toBe(false);
  });
});
