import { describe, expect, it } from "vitest";
import type { Role } from "../../../api/types";
import { roleWithRules, ruleOf, withRule } from "./role-rules";

const all = { create: "all", read: "all", update: "all", delete: "all", assign: "all", export: "all" } as const;
const rep: Role = {
  id: "rep",
  name: "Rep",
  description: "Sales",
  builtIn: false,
  entities: { lead: all, opportunity: all, case: all },
  config: [],
  fields: { lead: { value: "hidden", email: "read" }, case: { priority: "read" } },
  etag: "r1",
};

describe("field rules per role in the form editor", () => {
  it("show the editor's choice, else the stored rule, else read and write", () => {
    const changes = withRule({}, "rep", "email", "write");
    expect(ruleOf(rep, "lead", "email", changes)).toBe("write");
    expect(ruleOf(rep, "lead", "value", changes)).toBe("hidden");
    expect(ruleOf(rep, "lead", "company", changes)).toBe("write");
  });

  it("save onto the role as it is: other rules and other entities stay, read and write is not stored", () => {
    expect(roleWithRules(rep, "lead", { email: "write", company: "read" })).toEqual({
      name: "Rep",
      description: "Sales",
      entities: rep.entities,
      config: [],
      fields: { lead: { value: "hidden", company: "read" }, case: { priority: "read" } },
    });
  });
});
