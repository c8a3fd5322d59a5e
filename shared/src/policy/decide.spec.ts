import { describe, expect, it } from "vitest";
import { decideConfig, decideGrant, decideOnEntity, decideOnRecord, fieldAccess, grantedScope, hiddenFields, readOnlyFields } from "./decide.js";
import { effectivePermissions } from "./effective.js";
import type { Actor, ConfigPermission, EntityGrants, EntityType, FieldAccess, RecordAction, ResourceRef, RoleDefinition, Scope } from "./model.js";
import { configPermissions, entityTypes, recordActions, scopes } from "./model.js";
import { builtInRoles, memberRole, ownerRole, personaTemplates } from "./roles.js";

const grantsAt = (scope: Scope): EntityGrants => ({ create: scope, read: scope, update: scope, delete: scope, assign: scope, export: scope });

function role(name: string, scope: Scope, extra: Partial<RoleDefinition> = {}): RoleDefinition {
  return {
    id: name.toLowerCase(),
    name,
    description: `${name} test role`,
    builtIn: false,
    entities: { lead: grantsAt(scope), opportunity: grantsAt(scope), case: grantsAt(scope) },
    config: [],
    fields: {},
    ...extra,
  };
}

function actor(roles: readonly RoleDefinition[], overrides: Partial<Actor> = {}): Actor {
  return { tenantId: "t1", userId: "me", kind: "user", active: true, teamIds: ["red"], roles, ...overrides };
}

type Relation = "own" | "team" | "other";
const resources: Record<Relation, ResourceRef> = {
  own: { tenantId: "t1", ownerId: "me", teamIds: ["red"] },
  team: { tenantId: "t1", ownerId: "mate", teamIds: ["red", "blue"] },
  other: { tenantId: "t1", ownerId: "stranger", teamIds: ["blue"] },
};

/** The scope ladder as the design states it: a wider scope includes the narrower ones. */
const allowedByScope: Record<Scope, Record<Relation, boolean>> = {
  none: { own: false, team: false, other: false },
  own: { own: true, team: false, other: false },
  team: { own: true, team: true, other: false },
  all: { own: true, team: true, other: true },
};

describe("decideOnRecord: each scope against own, team and other records", () => {
  for (const scope of scopes) {
    for (const relation of ["own", "team", "other"] as const) {
      const expected = allowedByScope[scope][relation];
      it(`${scope} scope ${expected ? "allows" : "denies"} a ${relation} record, for every entity and action`, () => {
        const subject = actor([role("Tester", scope)]);
        for (const entity of entityTypes) {
          for (const action of recordActions) {
            const decision = decideOnRecord(subject, action, entity, resources[relation]);
            expect(decision.allowed, `${action} ${entity}`).toBe(expected);
            expect(decision.scope).toBe(scope);
            expect(decision.reason).not.toBe("");
            if (expected) expect(decision.roleName).toBe("Tester");
            else expect(decision.roleName).toBeUndefined();
          }
        }
      });
    }
  }

  it("treats a record as the team's only when the teams overlap", () => {
    const lead = actor([role("Lead", "team")], { teamIds: ["red"] });
    expect(decideOnRecord(lead, "read", "lead", { tenantId: "t1", ownerId: "x", teamIds: [] }).allowed).toBe(false);
    expect(decideOnRecord(lead, "read", "lead", { tenantId: "t1", ownerId: "x", teamIds: ["green", "red"] }).allowed).toBe(true);
    const loner = actor([role("Lead", "team")], { teamIds: [] });
    expect(decideOnRecord(loner, "read", "lead", resources.team).allowed).toBe(false);
    expect(decideOnRecord(loner, "read", "lead", resources.own).allowed).toBe(true);
  });

  it("grants per action and per entity, not across them", () => {
    const readsLeads = role("Reader", "none", {
      entities: { lead: { ...grantsAt("none"), read: "all" }, opportunity: grantsAt("none"), case: grantsAt("none") },
    });
    const subject = actor([readsLeads]);
    expect(decideOnRecord(subject, "read", "lead", resources.other).allowed).toBe(true);
    expect(decideOnRecord(subject, "update", "lead", resources.own).allowed).toBe(false);
    expect(decideOnRecord(subject, "read", "opportunity", resources.own).allowed).toBe(false);
    expect(decideOnRecord(subject, "read", "case", resources.own).allowed).toBe(false);
  });

  it("denies a record of another tenant, whatever the roles", () => {
    const foreign: ResourceRef = { tenantId: "t2", ownerId: "me", teamIds: ["red"] };
    for (const roles of [[ownerRole], [role("All", "all")], [ownerRole, memberRole]]) {
      for (const entity of entityTypes) {
        for (const action of recordActions) {
          const decision = decideOnRecord(actor(roles), action, entity, foreign);
          expect(decision.allowed).toBe(false);
          expect(decision.reason).toContain("another tenant");
        }
      }
    }
  });

  it("explains a denial by the scope the user does hold", () => {
    const decision = decideOnRecord(actor([memberRole]), "read", "lead", resources.other);
    expect(decision.allowed).toBe(false);
    expect(decision.scope).toBe("own");
    expect(decision.reason).toMatch(/own leads/);
    expect(decision.reason).toMatch(/someone else/);
  });

  it("denies everything to a user without roles (deny by default)", () => {
    const nobody = actor([]);
    for (const entity of entityTypes) {
      for (const action of recordActions) {
        expect(decideOnRecord(nobody, action, entity, resources.own).allowed).toBe(false);
        expect(decideOnEntity(nobody, action, entity).allowed).toBe(false);
      }
    }
    for (const permission of configPermissions) expect(decideConfig(nobody, permission).allowed).toBe(false);
    expect(fieldAccess(nobody, "lead", "name")).toBe("hidden");
  });
});

describe("decideOnEntity", () => {
  for (const scope of scopes) {
    it(`${scope === "none" ? "denies" : "allows"} with a ${scope} grant and reports the scope`, () => {
      const subject = actor([role("Tester", scope)]);
      for (const entity of entityTypes) {
        for (const action of recordActions) {
          const decision = decideOnEntity(subject, action, entity);
          expect(decision.allowed).toBe(scope !== "none");
          expect(decision.scope).toBe(scope);
          expect(decision.reason).not.toBe("");
        }
      }
    });
  }
});

describe("inactive users", () => {
  const off = actor([ownerRole], { active: false });

  it("are denied every record action, on their own records too", () => {
    for (const entity of entityTypes) {
      for (const action of recordActions) {
        for (const relation of ["own", "team", "other"] as const) {
          const decision = decideOnRecord(off, action, entity, resources[relation]);
          expect(decision.allowed).toBe(false);
          expect(decision.reason).toContain("deactivated");
        }
        expect(decideOnEntity(off, action, entity).allowed).toBe(false);
      }
    }
  });

  it("are denied every configuration permission and hold no effective permission", () => {
    for (const permission of configPermissions) expect(decideConfig(off, permission).allowed).toBe(false);
    const effective = effectivePermissions(off);
    expect(effective.config).toEqual([]);
    for (const entity of entityTypes) for (const action of recordActions) expect(effective.entities[entity][action]).toBe("none");
  });
});

describe("union of roles", () => {
  it("lets the widest grant win, whatever the order of roles", () => {
    const narrow = role("Narrow", "own");
    const wide = role("Wide", "all");
    for (const roles of [
      [narrow, wide],
      [wide, narrow],
    ]) {
      const subject = actor(roles);
      const decision = decideOnRecord(subject, "update", "case", resources.other);
      expect(decision.allowed).toBe(true);
      expect(decision.scope).toBe("all");
      expect(decision.roleName).toBe("Wide");
      expect(decideOnEntity(subject, "delete", "lead").scope).toBe("all");
      expect(grantedScope(subject, "read", "opportunity")).toMatchObject({ scope: "all", role: { name: "Wide" } });
    }
  });

  it("combines grants of different actions and entities from different roles", () => {
    const leadsOnly = role("Leads", "none", { entities: { lead: grantsAt("all"), opportunity: grantsAt("none"), case: grantsAt("none") } });
    const casesOnly = role("Cases", "none", { entities: { lead: grantsAt("none"), opportunity: grantsAt("none"), case: grantsAt("team") } });
    const subject = actor([leadsOnly, casesOnly]);
    expect(decideOnRecord(subject, "read", "lead", resources.other).allowed).toBe(true);
    expect(decideOnRecord(subject, "read", "case", resources.team).allowed).toBe(true);
    expect(decideOnRecord(subject, "read", "case", resources.other).allowed).toBe(false);
    expect(decideOnRecord(subject, "read", "opportunity", resources.own).allowed).toBe(false);
  });

  it("effective permissions are the per-action maximum over roles", () => {
    const subject = actor([memberRole, role("Team", "team", { config: ["audit"] })]);
    const effective = effectivePermissions(subject);
    for (const entity of entityTypes) {
      for (const action of recordActions) {
        const expected = [memberRole.entities[entity][action], "team" as Scope].sort((a, b) => scopes.indexOf(b) - scopes.indexOf(a))[0];
        expect(effective.entities[entity][action]).toBe(expected);
      }
    }
    expect(effective.config).toEqual(["audit"]);
  });
});

describe("configuration permissions", () => {
  for (const permission of configPermissions) {
    it(`${permission}: allowed only by a role that names it`, () => {
      const holder = role("Holder", "none", { config: [permission] });
      const other = role("Other", "all", { config: configPermissions.filter((candidate) => candidate !== permission) });
      const allowed = decideConfig(actor([other, holder]), permission);
      expect(allowed).toMatchObject({ allowed: true, roleName: "Holder" });
      expect(allowed.reason).toContain("Holder");
      const denied = decideConfig(actor([other]), permission);
      expect(denied.allowed).toBe(false);
      expect(denied.reason).not.toBe("");
      expect(decideConfig(actor([ownerRole]), permission).allowed).toBe(true);
      expect(decideConfig(actor([memberRole]), permission).allowed).toBe(false);
    });
  }

  it("record grants never imply configuration", () => {
    const subject = actor([role("Everything on records", "all")]);
    for (const permission of configPermissions) expect(decideConfig(subject, permission).allowed).toBe(false);
  });
});

describe("field access", () => {
  const withFields = (name: string, rules: Record<string, FieldAccess>, scope: Scope = "all") => role(name, scope, { fields: { opportunity: rules } });

  it("is write where no rule names the field", () => {
    expect(fieldAccess(actor([ownerRole]), "opportunity", "amount")).toBe("write");
    expect(fieldAccess(actor([withFields("R", { amount: "read" })]), "opportunity", "name")).toBe("write");
  });

  it("follows a single role's rule", () => {
    for (const level of ["hidden", "read", "write"] as const) {
      expect(fieldAccess(actor([withFields("R", { amount: level })]), "opportunity", "amount")).toBe(level);
    }
    expect(fieldAccess(actor([withFields("R", { amount: "hidden" })]), "lead", "amount")).toBe("write");
  });

  it("takes the most any role grants (hidden < read < write)", () => {
    const hidden = withFields("H", { amount: "hidden" });
    const read = withFields("R", { amount: "read" });
    const write = withFields("W", { amount: "write" });
    const unnamed = withFields("U", {});
    expect(fieldAccess(actor([hidden, read]), "opportunity", "amount")).toBe("read");
    expect(fieldAccess(actor([read, hidden]), "opportunity", "amount")).toBe("read");
    expect(fieldAccess(actor([hidden, write]), "opportunity", "amount")).toBe("write");
    expect(fieldAccess(actor([read, unnamed]), "opportunity", "amount")).toBe("write");
    expect(fieldAccess(actor([hidden, hidden]), "opportunity", "amount")).toBe("hidden");
  });

  it("ignores roles that cannot read the entity at all", () => {
    const blind = role("Blind", "none");
    const read = withFields("R", { amount: "read" });
    expect(fieldAccess(actor([blind]), "opportunity", "amount")).toBe("hidden");
    expect(fieldAccess(actor([read, blind]), "opportunity", "amount")).toBe("read");
  });

  it("hiddenFields and readOnlyFields list exactly the restricted keys", () => {
    const subject = actor([withFields("R", { amount: "hidden", stageId: "read" })]);
    const keys = ["name", "amount", "stageId"];
    expect(hiddenFields(subject, "opportunity", keys)).toEqual(["amount"]);
    expect(readOnlyFields(subject, "opportunity", keys)).toEqual(["amount", "stageId"]);
  });

  it("the Marketing Manager template reads but does not write opportunity amounts", () => {
    const template = personaTemplates.find((candidate) => candidate.id === "marketing-manager")!;
    const marketing = role("Marketing", "none", { entities: template.entities, config: template.config, fields: template.fields ?? {} });
    expect(fieldAccess(actor([marketing]), "opportunity", "amount")).toBe("read");
    expect(fieldAccess(actor([marketing, memberRole]), "opportunity", "amount")).toBe("write");
  });
});

describe("every decision has a reason", () => {
  const asRoles: RoleDefinition[] = [
    ...builtInRoles,
    ...personaTemplates.map((template) => ({ ...role(template.name, "none"), entities: template.entities, config: template.config, fields: template.fields ?? {} })),
  ];
  const subjects: Actor[] = [actor([]), actor([], { active: false }), ...asRoles.map((one) => actor([one])), ...asRoles.map((one) => actor([one], { active: false })), actor(asRoles)];
  const targets: ResourceRef[] = [...Object.values(resources), { tenantId: "t2", ownerId: "me", teamIds: ["red"] }];

  it("for record, entity and configuration decisions, allowed or not", () => {
    let count = 0;
    for (const subject of subjects) {
      for (const entity of entityTypes) {
        for (const action of recordActions) {
          const decisions = [decideOnEntity(subject, action, entity), ...targets.map((target) => decideOnRecord(subject, action, entity, target))];
          for (const decision of decisions) {
            expect(decision.reason.trim().length).toBeGreaterThan(10);
            if (decision.allowed) expect(decision.roleName).toBeTruthy();
            count += 1;
          }
        }
      }
      for (const permission of configPermissions) {
        const decision = decideConfig(subject, permission);
        expect(decision.reason.trim().length).toBeGreaterThan(10);
        count += 1;
      }
    }
    expect(count).toBeGreaterThan(1000);
  });
});

describe("built-in Member, as seed 003 describes it", () => {
  const member = actor([memberRole]);

  it("creates records and reads, updates, deletes and exports only their own", () => {
    for (const entity of entityTypes) {
      expect(decideOnEntity(member, "create", entity).allowed).toBe(true);
      for (const action of ["read", "update", "delete", "export"] as const) {
        expect(decideOnRecord(member, action, entity, resources.own).allowed).toBe(true);
        expect(decideOnRecord(member, action, entity, resources.team).allowed).toBe(false);
        expect(decideOnRecord(member, action, entity, resources.other).allowed).toBe(false);
        expect(decideOnEntity(member, action, entity).scope).toBe("own");
      }
      expect(decideOnEntity(member, "assign", entity).allowed).toBe(false);
    }
  });

  it("configures nothing", () => {
    expect(memberRole.config).toEqual([]);
    for (const permission of configPermissions) expect(decideConfig(member, permission).allowed).toBe(false);
  });

  it("has exactly these grants and no field rules", () => {
    const expected: EntityGrants = { create: "all", read: "own", update: "own", delete: "own", assign: "none", export: "own" };
    for (const entity of entityTypes) expect(memberRole.entities[entity]).toEqual(expected);
    expect(memberRole.fields).toEqual({});
    expect(memberRole.builtIn).toBe(true);
  });
});

describe("built-in Owner, as seed 003 describes it", () => {
  it("sees everything in the tenant and holds every configuration permission", () => {
    const owner = actor([ownerRole]);
    for (const entity of entityTypes as readonly EntityType[]) {
      for (const action of recordActions as readonly RecordAction[]) {
        for (const relation of ["own", "team", "other"] as const) {
          expect(decideOnRecord(owner, action, entity, resources[relation]).allowed).toBe(true);
        }
      }
    }
    expect(effectivePermissions(owner).config).toEqual([...configPermissions] as ConfigPermission[]);
    expect(ownerRole.fields).toEqual({});
  });
});

describe("decideGrant: nobody hands out more than they hold", () => {
  const asRole = (id: string): RoleDefinition => {
    const template = personaTemplates.find((candidate) => candidate.id === id)!;
    return role(template.name, "none", { entities: template.entities, config: template.config, fields: template.fields ?? {} });
  };

  it("lets the Owner grant every role", () => {
    for (const granted of [...builtInRoles, ...personaTemplates.map((template) => asRole(template.id))]) {
      expect(decideGrant(actor([ownerRole]), granted).allowed, granted.name).toBe(true);
    }
  });

  it("refuses a CRM Manager the Owner role and roles with configuration it lacks", () => {
    const manager = actor([asRole("crm-manager")]);
    const owner = decideGrant(manager, ownerRole);
    expect(owner.allowed).toBe(false);
    expect(owner.reason).toMatch(/sales pipelines|workflows/);
    expect(decideGrant(manager, asRole("administrator")).allowed).toBe(false);
    expect(decideGrant(manager, asRole("sales-ops-lead")).allowed).toBe(false);
    expect(decideGrant(manager, asRole("sales-rep")).allowed).toBe(true);
    expect(decideGrant(manager, memberRole).allowed).toBe(true);
    expect(decideGrant(manager, asRole("crm-manager")).allowed).toBe(true);
  });

  it("refuses a wider record scope than the granter holds", () => {
    const teamLead = actor([role("Team", "team", { config: ["usersAndRoles"] })]);
    expect(decideGrant(teamLead, role("Narrow", "own")).allowed).toBe(true);
    expect(decideGrant(teamLead, role("Same", "team")).allowed).toBe(true);
    const wider = decideGrant(teamLead, role("Wide", "all"));
    expect(wider.allowed).toBe(false);
    expect(wider.reason).toContain("Wide");
  });

  it("takes the union of the granter's roles, and refuses everything to an inactive one", () => {
    const combined = actor([asRole("crm-manager"), asRole("sales-ops-lead")]);
    const allButApprovals = { ...ownerRole, config: ownerRole.config.filter((permission) => permission !== "approveAccess") };
    expect(decideGrant(combined, allButApprovals).allowed).toBe(true);
    // Approving access is nobody's by template but the Administrator's: two managers together still may not hand out the Owner role.
    expect(decideGrant(combined, ownerRole)).toMatchObject({ allowed: false, reason: "role Owner may approve access requests, which this user may not" });
    expect(decideGrant(actor([ownerRole], { active: false }), memberRole).allowed).toBe(false);
  });
});
