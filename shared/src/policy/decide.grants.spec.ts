import { describe, expect, it } from "vitest";
import { decideGrant, decideTeamChange } from "./decide.js";
import type { Actor, RoleDefinition } from "./model.js";
import { memberRole, ownerRole, personaTemplates } from "./roles.js";

const manager: RoleDefinition = {
  ...personaTemplates.find((template) => template.id === "crm-manager")!,
  builtIn: false,
  fields: { opportunity: { amount: "hidden", closeDate: "read" } },
};
const actor = (roles: RoleDefinition[], teamIds: string[] = ["north"]): Actor => ({ tenantId: "t", userId: "me", kind: "user", active: true, teamIds, roles });

describe("decideGrant and field rules", () => {
  it("refuses a role that would show a field hidden from the granter", () => {
    const open: RoleDefinition = { ...manager, name: "Open", fields: {} };
    const decision = decideGrant(actor([manager]), open);
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toBe('role Open may write the opportunity field "amount", which this user may not see');
  });

  it("refuses write on a field the granter may only read", () => {
    const role: RoleDefinition = { ...manager, name: "Dates", fields: { opportunity: { amount: "hidden" } } };
    expect(decideGrant(actor([manager]), role).reason).toBe('role Dates may write the opportunity field "closeDate", which this user may only read');
  });

  it("allows a role at most as open as the granter, and anything for an Owner", () => {
    expect(decideGrant(actor([manager]), { ...manager, name: "Same" }).allowed).toBe(true);
    expect(
      decideGrant(actor([manager]), {
        ...memberRole,
        name: "No opportunities",
        entities: { ...memberRole.entities, opportunity: { create: "none", read: "none", update: "none", delete: "none", assign: "none", export: "none" } },
      }).allowed,
    ).toBe(true);
    expect(decideGrant(actor([ownerRole]), { ...manager, fields: {} }).allowed).toBe(true);
  });
});

describe("decideTeamChange", () => {
  it("lets a manager move others into their own teams only", () => {
    expect(decideTeamChange(actor([manager]), { userId: "rep", teamIds: [] }, ["north"]).allowed).toBe(true);
    expect(decideTeamChange(actor([manager]), { userId: "rep", teamIds: [] }, ["south"]).reason).toBe("only an Owner may add someone to team south, which this user is not in");
  });

  it("keeps a manager's own teams for an Owner to change", () => {
    expect(decideTeamChange(actor([manager]), { userId: "me", teamIds: ["north"] }, ["north", "south"]).allowed).toBe(false);
    expect(decideTeamChange(actor([manager]), { userId: "me", teamIds: ["north"] }, ["north"]).allowed).toBe(true);
    expect(decideTeamChange(actor([ownerRole]), { userId: "me", teamIds: [] }, ["anywhere"]).allowed).toBe(true);
  });
});
