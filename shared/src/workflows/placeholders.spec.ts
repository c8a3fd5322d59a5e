import { describe, expect, it } from "vitest";
import type { Actor, RoleDefinition } from "../policy/model.js";
import { memberRole, ownerRole } from "../policy/roles.js";
import { fillNote, labelsOnly, noteTemplate, placeholderFields, readerFor, renderText } from "./placeholders.js";

const form = [
  { key: "name", label: "Name" },
  { key: "amount", label: "Amount" },
  { key: "account", label: "Account" },
];
const record = { entity: "opportunity" as const, ownerId: "olivia", teamIds: [], fields: { name: "Acme renewal", amount: 98765, account: "Acme" } };
const noAmounts: RoleDefinition = { ...ownerRole, id: "ops", name: "Ops", builtIn: false, fields: { opportunity: { amount: "hidden" } } };
const noTitles: RoleDefinition = { ...ownerRole, id: "quiet", name: "Quiet", builtIn: false, fields: { opportunity: { name: "hidden" } } };
const actor = (userId: string, roles: RoleDefinition[]): Actor => ({ tenantId: "t1", userId, kind: "user", active: true, teamIds: [], roles });
const template = "{record} at {amount} ({account})";

describe("placeholders filled for a reader", () => {
  it("shows a value only where every reader may see the field, else the field's label", () => {
    expect(renderText(template, record, readerFor([actor("a", [ownerRole])], record, form))).toBe("Acme renewal at 98765 (Acme)");
    expect(renderText(template, record, readerFor([actor("a", [ownerRole]), actor("w", [noAmounts])], record, form))).toBe("Acme renewal at [Amount] (Acme)");
    expect(renderText(template, record, readerFor([actor("a", [noTitles])], record, form))).toBe("[Name] at 98765 (Acme)");
  });

  it("gives no record values to a reader who may not read the record, nor to nobody, nor to a channel", () => {
    expect(renderText(template, record, readerFor([actor("mia", [memberRole])], record, form))).toBe("[Name] at [Amount] ([Account])");
    expect(renderText(template, record, readerFor([], record, form))).toBe("[Name] at [Amount] ([Account])");
    expect(renderText(template, record, labelsOnly(form))).toBe("[Name] at [Amount] ([Account])");
    // A Member reads their own records.
    expect(renderText("{amount}", { ...record, ownerId: "mia" }, readerFor([actor("mia", [memberRole])], { ...record, ownerId: "mia" }, form))).toBe("98765");
  });

  it("keeps in a note only what the workflow may see, and fills it per reader", () => {
    const kept = noteTemplate(template, record, readerFor([actor("w", [noAmounts])], record, form));
    expect(JSON.stringify(kept)).not.toContain("98765");
    expect(fillNote(kept, () => true)).toBe("Acme renewal at [Amount] (Acme)");
    const full = noteTemplate(template, record, readerFor([actor("w", [ownerRole])], record, form));
    expect(fillNote(full, () => true)).toBe("Acme renewal at 98765 (Acme)");
    expect(fillNote(full, (field) => field !== "amount")).toBe("Acme renewal at [Amount] (Acme)");
    expect(fillNote(full, () => false)).toBe("[Name] at [Amount] ([Account])");
  });

  it("names the fields a text reads, {record} as the title", () => {
    expect(placeholderFields("{record} {amount} {amount}", "opportunity")).toEqual(["name", "amount"]);
    expect(placeholderFields("{record}", "case")).toEqual(["title"]);
  });
});
