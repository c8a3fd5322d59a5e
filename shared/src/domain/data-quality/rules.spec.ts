import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "../forms.js";
import { defaultForm } from "../forms.js";
import type { CrmRecord } from "../records.js";
import type { CheckContext } from "./check.js";
import { checkRecord, duplicateKeys } from "./check.js";
import { normaliseCompany, normaliseEmail, normaliseName, normalisePhone } from "./normalise.js";
import type { QualityRules } from "./rules.js";
import { checkQualityRules, defaultQualityRules } from "./rules.js";

const now = new Date("2026-06-30T12:00:00Z");
const record = (entity: CrmRecord["entity"], fields: CrmRecord["fields"], extra: Partial<CrmRecord> = {}): CrmRecord => ({
  id: "r1",
  entity,
  ownerId: "u1",
  createdBy: "u1",
  createdAt: "2026-06-29T12:00:00Z",
  updatedAt: "2026-06-29T12:00:00Z",
  updatedBy: "u1",
  etag: "e",
  teamIds: [],
  fields,
  ...extra,
});
const context = (entity: CrmRecord["entity"], extra: Partial<CheckContext> = {}): CheckContext => ({
  form: defaultForm(entity),
  rules: defaultQualityRules(),
  now,
  closedStages: new Set(["won", "lost"]),
  caseSla: { unansweredStatuses: ["New"], byPriority: new Map([["Critical", 3_600_000]]) },
  ...extra,
});
const keysOf = (problems: { key: string }[]) => problems.map((problem) => problem.key);

describe("normalisers", () => {
  it("emails compare without case and spaces", () => {
    expect(normaliseEmail("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(normaliseEmail("not an email")).toBeUndefined();
    expect(normaliseEmail(42)).toBeUndefined();
  });
  it("phones compare by digits, 00 as +, short numbers never", () => {
    expect(normalisePhone("+44 (20) 7946-0018")).toBe("442079460018");
    expect(normalisePhone("0044 20 7946 0018")).toBe("442079460018");
    expect(normalisePhone("123")).toBeUndefined();
  });
  it("names drop accents and punctuation; companies their legal form", () => {
    expect(normaliseName("  Zoë   O'Brien ")).toBe("zoe o brien");
    expect(normaliseCompany("Contoso, Ltd.")).toBe("contoso");
    expect(normaliseCompany("Contoso")).toBe("contoso");
    expect(normaliseCompany("Ltd")).toBe("ltd");
    expect(normaliseName("  ")).toBeUndefined();
  });
});

describe("checkQualityRules", () => {
  it("accepts the defaults", () => expect(checkQualityRules(defaultQualityRules())).toEqual([]));
  it("refuses nonsense thresholds in words", () => {
    const rules: QualityRules = {
      ...defaultQualityRules(),
      staleLead: { enabled: true, days: 0 },
      overdueOpportunity: { enabled: true, graceDays: -1 },
      unansweredCase: { enabled: false, hours: 1.5 },
    };
    expect(checkQualityRules(rules)).toEqual([
      { field: "staleLead.days", message: "Open lead without activity: give a whole number of days from 1 to 3650." },
      { field: "overdueOpportunity.graceDays", message: "Opportunity past its close date: give a whole number of days from 0 to 365." },
      { field: "unansweredCase.hours", message: "Case unanswered past its SLA: give a whole number of hours from 1 to 8760." },
    ]);
    expect(checkQualityRules({ ...defaultQualityRules(), staleLead: { enabled: true, days: 99999 } })).toHaveLength(1);
  });
});

describe("checkRecord: fields", () => {
  const form: FieldDefinition[] = [...defaultForm("lead").map((field) => (field.key === "company" ? { ...field, required: true } : field))];
  it("flags a field required now but empty, one finding per field", () => {
    const problems = checkRecord(record("lead", { name: "Ada", company: "" }), context("lead", { form }));
    expect(problems).toEqual([{ key: "requiredEmpty:company", rule: "requiredEmpty", fields: ["company"], message: "Company is required now but empty." }]);
  });
  it("flags a choice removed from the options and a value of the wrong format", () => {
    const problems = checkRecord(record("lead", { name: "Ada", company: "C", status: "Nurturing", email: "ada-at-example" }), context("lead", { form }));
    expect(keysOf(problems)).toEqual(["invalidValue:email", "invalidValue:status"]);
    expect(problems[1]!.message).toBe("Status holds a choice that was removed from the form.");
    expect(problems[0]!.message).toContain("must be an email address");
  });
  it("says nothing of a field the form no longer has, or when the rules are off", () => {
    expect(checkRecord(record("lead", { name: "Ada", company: "C", oldField: 3 }), context("lead", { form }))).toEqual([]);
    const off = { ...defaultQualityRules(), requiredEmpty: { enabled: false }, invalidValue: { enabled: false } };
    expect(checkRecord(record("lead", { name: "Ada", company: "", status: "Nurturing" }), context("lead", { form, rules: off }))).toEqual([]);
  });
});

describe("checkRecord: stale records", () => {
  it("an open lead idle for N days, counting notes as activity", () => {
    const idle = record("lead", { name: "Ada" }, { updatedAt: "2026-05-30T12:00:00Z" });
    expect(keysOf(checkRecord(idle, context("lead")))).toEqual(["staleLead"]);
    expect(checkRecord(idle, context("lead", { lastActivityAt: "2026-06-20T00:00:00Z" }))).toEqual([]);
    expect(checkRecord({ ...idle, fields: { name: "Ada", status: "Converted" } }, context("lead"))).toEqual([]);
    expect(checkRecord(idle, context("lead", { rules: { ...defaultQualityRules(), staleLead: { enabled: true, days: 32 } } }))).toEqual([]);
  });
  it("an opportunity past its close date, unless won or lost or within grace", () => {
    const late = record("opportunity", { name: "Deal", closeDate: "2026-06-20", stageId: "proposal" });
    expect(keysOf(checkRecord(late, context("opportunity")))).toEqual(["overdueOpportunity"]);
    expect(checkRecord({ ...late, fields: { ...late.fields, stageId: "won" } }, context("opportunity"))).toEqual([]);
    expect(checkRecord(late, context("opportunity", { rules: { ...defaultQualityRules(), overdueOpportunity: { enabled: true, graceDays: 10 } } }))).toEqual([]);
    expect(checkRecord({ ...late, fields: { ...late.fields, closeDate: "2026-07-20" } }, context("opportunity"))).toEqual([]);
  });
  it("a case unanswered past the SLA of its priority, else the rule's hours", () => {
    const fresh = record("case", { title: "Down", status: "New", priority: "Critical" }, { createdAt: "2026-06-30T10:00:00Z" });
    expect(keysOf(checkRecord(fresh, context("case")))).toEqual(["unansweredCase"]);
    expect(checkRecord({ ...fresh, fields: { ...fresh.fields, priority: "Low" } }, context("case"))).toEqual([]);
    expect(checkRecord({ ...fresh, fields: { ...fresh.fields, status: "In progress" } }, context("case"))).toEqual([]);
    const old = { ...fresh, createdAt: "2026-06-28T10:00:00Z", fields: { ...fresh.fields, priority: "Low" } };
    expect(keysOf(checkRecord(old, context("case")))).toEqual(["unansweredCase"]);
  });
});

describe("duplicateKeys", () => {
  it("indexes the normalised email, phone and name plus company", () => {
    const lead = record("lead", { name: "Ada Lovelace", company: "Analytical Engines Ltd", email: " ADA@example.com", phone: "+44 20 7946 0018" });
    expect(duplicateKeys(lead, defaultForm("lead"), defaultQualityRules())).toEqual([
      { rule: "duplicateEmail", value: "ada@example.com", fields: ["email"] },
      { rule: "duplicatePhone", value: "442079460018", fields: ["phone"] },
      { rule: "duplicateNameCompany", value: "ada lovelace\nanalytical engines", fields: ["name", "company"] },
    ]);
  });
  it("leaves out rules that are off and values too thin to compare", () => {
    const lead = record("lead", { name: "Ada", email: "ada@example.com", phone: "12" });
    const rules = { ...defaultQualityRules(), duplicateEmail: { enabled: false } };
    expect(duplicateKeys(lead, defaultForm("lead"), rules)).toEqual([]);
    expect(duplicateKeys(record("case", { title: "Down", customer: "C" }), defaultForm("case"), defaultQualityRules())).toEqual([]);
  });
});
