import { describe, expect, it } from "vitest";
import { fieldKeyPattern } from "../domain/forms.js";
import { configPermissions, entityTypes, fieldAccessLevels, recordActions, scopes } from "./model.js";
import { builtInRoles, findPersonaTemplate, personaTemplates } from "./roles.js";

describe("persona templates", () => {
  it("include the personas named in the seeds", () => {
    const names = personaTemplates.map((template) => template.name);
    for (const name of ["Administrator", "Sales Rep", "Customer Service Rep", "Marketing Manager", "Data Analyst", "CRM Manager", "Sales Ops Lead", "Support Liaison"]) {
      expect(names).toContain(name);
    }
  });

  it("have unique ids and names, distinct from the built-in roles", () => {
    const ids = [...builtInRoles.map((role) => role.id), ...personaTemplates.map((template) => template.id)];
    const names = [...builtInRoles.map((role) => role.name), ...personaTemplates.map((template) => template.name)].map((name) => name.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(names).size).toBe(names.length);
  });

  for (const template of personaTemplates) {
    describe(template.name, () => {
      it("has an id the role API accepts, a description and a source", () => {
        expect(template.id).toMatch(/^[a-z-]{1,40}$/);
        expect(template.description.length).toBeGreaterThan(10);
        expect(template.source).toMatch(/seed/);
        expect(findPersonaTemplate(template.id)).toBe(template);
      });

      it("names a valid scope for every entity and action, and nothing else", () => {
        expect(Object.keys(template.entities).sort()).toEqual([...entityTypes].sort());
        for (const entity of entityTypes) {
          expect(Object.keys(template.entities[entity]).sort()).toEqual([...recordActions].sort());
          for (const action of recordActions) expect(scopes).toContain(template.entities[entity][action]);
        }
      });

      it("lists known configuration permissions once each", () => {
        for (const permission of template.config) expect(configPermissions).toContain(permission);
        expect(new Set(template.config).size).toBe(template.config.length);
      });

      it("has field rules on known entities with valid keys and levels", () => {
        for (const [entity, rules] of Object.entries(template.fields ?? {})) {
          expect(entityTypes).toContain(entity);
          for (const [key, level] of Object.entries(rules ?? {})) {
            expect(key).toMatch(fieldKeyPattern);
            expect(fieldAccessLevels).toContain(level);
          }
        }
      });

      it("grants nothing on records it cannot read (no write-only roles)", () => {
        for (const entity of entityTypes) {
          const grants = template.entities[entity];
          if (grants.read !== "none") continue;
          for (const action of ["update", "delete", "assign", "export"] as const) expect(grants[action]).toBe("none");
        }
      });
    });
  }

  it("returns undefined for an unknown template id", () => {
    expect(findPersonaTemplate("nope")).toBeUndefined();
  });
});
