import { describe, expect, it } from "vitest";
import { fieldsForSave, keyFromLabel, moveField, problemsByRow } from "./form-draft";

describe("form draft steps", () => {
  it("derives keys from labels", () => {
    expect(keyFromLabel("Budget owner")).toBe("budgetOwner");
    expect(keyFromLabel("2nd contact e-mail")).toBe("ndContactEMail");
    expect(keyFromLabel("???")).toBe("");
  });
  it("moves within bounds only", () => {
    expect(moveField(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveField(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
  });
  it("sends order from position, options only on choice fields, no blank extras", () => {
    expect(
      fieldsForSave([
        { key: " status ", label: "Status ", type: "choice", required: false, order: 7, options: ["New", " ", "Won "], help: " ", section: "" },
        { key: "notes", label: "Notes", type: "longText", required: false, order: 2, options: ["stale"] },
      ]),
    ).toEqual([
      { key: "status", label: "Status", type: "choice", required: false, order: 0, options: ["New", "Won"] },
      { key: "notes", label: "Notes", type: "longText", required: false, order: 1 },
    ]);
  });
  it("maps server problems to rows", () => {
    expect(
      problemsByRow([
        { field: "fields[2].key", message: "x" },
        { field: "fields", message: "y" },
      ]),
    ).toEqual({ 2: { key: "x" }, [-1]: { field: "y" } });
  });
});
