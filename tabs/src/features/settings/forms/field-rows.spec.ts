import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "../../../api/types";
import { fieldRows, fieldsOf } from "./field-rows";

const saved: FieldDefinition[] = [
  { key: "company", label: "Company", type: "text", required: false, order: 1 },
  { key: "name", label: "Name", type: "text", required: true, order: 0 },
];
const loaded = fieldRows({ rows: [] }, { type: "load", fields: saved });

describe("the form editor's rows", () => {
  it("load in the form's order, none new, none open", () => {
    expect(fieldsOf(loaded).map((field) => field.key)).toEqual(["name", "company"]);
    expect(loaded.rows.every((row) => !row.isNew)).toBe(true);
    expect(loaded.open).toBeUndefined();
  });

  it("open a new field, whose key follows its label until the key is typed", () => {
    const added = fieldRows(loaded, { type: "add" });
    expect(added.open).toBe(2);
    const labelled = fieldRows(added, { type: "relabel", index: 2, label: "Budget owner" });
    expect(labelled.rows[2]!.field.key).toBe("budgetOwner");
    const keyed = fieldRows(labelled, { type: "rekey", index: 2, key: "owner" });
    expect(fieldRows(keyed, { type: "relabel", index: 2, label: "Budget holder" }).rows[2]!.field).toMatchObject({ key: "owner", label: "Budget holder" });
  });

  it("never change a saved field's key", () => {
    expect(fieldRows(loaded, { type: "relabel", index: 1, label: "Organisation" }).rows[1]!.field).toMatchObject({ key: "company", label: "Organisation" });
    expect(fieldRows(loaded, { type: "rekey", index: 1, key: "org" }).rows[1]!.field.key).toBe("company");
  });

  it("move within bounds, the open row moving with its field", () => {
    const open = fieldRows(loaded, { type: "open", index: 1 });
    const moved = fieldRows(open, { type: "move", index: 1, direction: -1 });
    expect(fieldsOf(moved).map((field) => field.key)).toEqual(["company", "name"]);
    expect(moved.open).toBe(0);
    expect(fieldRows(moved, { type: "move", index: 0, direction: -1 })).toBe(moved);
  });

  it("close on removal, and change settings in place", () => {
    const removed = fieldRows(fieldRows(loaded, { type: "open", index: 1 }), { type: "remove", index: 1 });
    expect(fieldsOf(removed).map((field) => field.key)).toEqual(["name"]);
    expect(removed.open).toBeUndefined();
    expect(fieldRows(loaded, { type: "change", index: 1, change: { required: true, section: "Contact" } }).rows[1]!.field).toMatchObject({ key: "company", required: true, section: "Contact" });
  });
});
