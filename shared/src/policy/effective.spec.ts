import { describe, expect, it } from "vitest";
import { effectivePermissions, restrictedFields } from "./effective.js";
import type { Actor, RoleDefinition } from "./model.js";
import { memberRole, ownerRole } from "./roles.js";

const role = (id: string, fields: RoleDefinition["fields"]): RoleDefinition => ({ ...memberRole, id, name: id, builtIn: false, fields });
const actor = (roles: RoleDefinition[], active = true): Actor => ({ tenantId: "t", userId: "u", kind: "user", active, teamIds: [], roles });

describe("effectivePermissions", () => {
  it("gives the widest scope of the roles, and nothing to a deactivated user", () => {
    expect(effectivePermissions(actor([memberRole, ownerRole])).entities.lead.read).toBe("all");
    expect(effectivePermissions(actor([ownerRole], false)).entities.lead.read).toBe("none");
    expect(effectivePermissions(actor([memberRole])).config).toEqual([]);
  });
});

describe("restrictedFields", () => {
  it("lists each field a role restricts with the access the union of roles leaves", () => {
    const hides = role("hides", { lead: { value: "hidden", email: "read" } });
    expect(restrictedFields(actor([hides])).lead).toEqual({ value: "hidden", email: "read" });
    const shows = role("shows", { lead: { value: "read" } });
    expect(restrictedFields(actor([hides, shows])).lead).toEqual({ value: "read", email: "write" });
    expect(restrictedFields(actor([ownerRole]))).toEqual({ lead: {}, opportunity: {}, case: {} });
  });
});
