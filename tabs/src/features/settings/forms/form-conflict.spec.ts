import { describe, expect, it } from "vitest";
import type { FieldDefinition, Role } from "../../../api/types";
import { fieldSummary, formDifferences, ruleDifferences } from "./form-conflict";

const name: FieldDefinition = { key: "name", label: "Name", type: "text", required: true, order: 0 };
const status: FieldDefinition = { key: "status", label: "Status", type: "choice", required: false, order: 1, options: ["New", "Won"] };

describe("what differs from someone else's save", () => {
  it("sums a field up in one line", () => {
    expect(fieldSummary({ ...status, section: "Sales", help: "Where it stands" }, 2)).toBe("2. Status · Choice · New, Won · in Sales · help: Where it stands");
  });

  it("lists the fields that differ, theirs that I no longer have, and mine they do not have", () => {
    const theirs = [name, { ...status, options: ["New", "Won", "Lost"] }, { key: "region", label: "Region", type: "text" as const, required: false, order: 2 }];
    const mine = [name, status, { key: "source", label: "Source", type: "text" as const, required: false, order: 2 }];
    expect(formDifferences(theirs, mine)).toEqual([
      { what: "Status", theirs: "2. Status · Choice · New, Won, Lost", yours: "2. Status · Choice · New, Won" },
      { what: "Source", theirs: "—", yours: "3. Source · Text" },
      { what: "Region", theirs: "3. Region · Text", yours: "—" },
    ]);
    expect(formDifferences([name, status], [name, status])).toEqual([]);
  });

  it("lists my rule changes for the roles someone else saved meanwhile, and only those", () => {
    const role = (id: string, etag: string, rules: Record<string, "hidden" | "read">): Role => ({
      id,
      name: id.toUpperCase(),
      description: "",
      builtIn: false,
      entities: {
        lead: { create: "all", read: "all", update: "all", delete: "all", assign: "all", export: "all" },
        opportunity: { create: "none", read: "none", update: "none", delete: "none", assign: "none", export: "none" },
        case: { create: "none", read: "none", update: "none", delete: "none", assign: "none", export: "none" },
      },
      config: [],
      fields: { lead: rules },
      etag,
    });
    const read = [role("rep", "r1", {}), role("analyst", "a1", {})];
    const latest = [role("rep", "r2", { status: "read" }), role("analyst", "a1", {})];
    const changes = { rep: { status: "hidden" as const }, analyst: { status: "read" as const } };
    expect(ruleDifferences("lead", read, latest, changes, (key) => (key === "status" ? "Status" : key))).toEqual([{ what: "REP: Status", theirs: "Read only", yours: "Hidden" }]);
    expect(ruleDifferences("lead", read, [latest[1]!], { rep: { status: "hidden" } }, String)).toEqual([{ what: "REP: status", theirs: "(role deleted)", yours: "Hidden" }]);
  });
});
