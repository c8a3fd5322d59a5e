import { describe, expect, it } from "vitest";
import { entityTypes } from "../policy/model.js";
import type { FieldDefinition, FieldType } from "./forms.js";
import { checkFormDefinition, checkRecordData, defaultForm, fieldTypes, limits, systemProperties, titleField } from "./forms.js";

const def = (key: string, type: FieldType, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  key,
  label: key.toUpperCase(),
  type,
  required: false,
  order: 0,
  ...extra,
});

const leadTitle = def("name", "text", { required: true });

describe("checkFormDefinition", () => {
  it("accepts every default form", () => {
    for (const entity of entityTypes) expect(checkFormDefinition(defaultForm(entity), entity)).toEqual([]);
  });

  it("default forms hold the fields the product promises", () => {
    expect(defaultForm("lead").map((field) => field.key)).toEqual(expect.arrayContaining(["name", "company", "email", "phone", "status", "source", "value"]));
    expect(defaultForm("opportunity").map((field) => field.key)).toEqual(expect.arrayContaining(["name", "account", "amount", "currency", "closeDate", "pipelineId", "stageId", "probability"]));
    expect(defaultForm("case").map((field) => field.key)).toEqual(expect.arrayContaining(["title", "customer", "priority", "status", "assigneeId"]));
  });

  it("refuses every system property as a key", () => {
    for (const key of systemProperties) {
      const problems = checkFormDefinition([leadTitle, def(key, "text")], "lead");
      expect(
        problems.some((problem) => problem.field === "fields[1].key" && problem.message.includes("system property")),
        key,
      ).toBe(true);
    }
  });

  it("refuses a key used twice", () => {
    const problems = checkFormDefinition([leadTitle, def("company", "text"), def("company", "longText")], "lead");
    expect(problems).toEqual([{ field: "fields[2].key", message: expect.stringContaining("used twice") }]);
  });

  it("refuses keys that are not simple identifiers", () => {
    for (const key of ["", "Name", "1abc", "a-b", "a b", "a'b", "x".repeat(41), "a.b"]) {
      const problems = checkFormDefinition([leadTitle, def(key, "text")], "lead");
      expect(
        problems.map((problem) => problem.field),
        JSON.stringify(key),
      ).toContain("fields[1].key");
    }
    expect(checkFormDefinition([leadTitle, def("a".repeat(40), "text")], "lead")).toEqual([]);
  });

  it("wants options on choice fields and only there, each once", () => {
    for (const type of ["choice", "multiChoice"] as const) {
      expect(checkFormDefinition([leadTitle, def("pick", type)], "lead")).toEqual([{ field: "fields[1].options", message: expect.stringContaining("at least one option") }]);
      expect(checkFormDefinition([leadTitle, def("pick", type, { options: [] })], "lead")).toHaveLength(1);
      expect(checkFormDefinition([leadTitle, def("pick", type, { options: ["a", "b"] })], "lead")).toEqual([]);
      expect(checkFormDefinition([leadTitle, def("pick", type, { options: ["a", "a"] })], "lead")).toEqual([{ field: "fields[1].options", message: expect.stringContaining("unique") }]);
    }
    expect(checkFormDefinition([leadTitle, def("note", "text", { options: ["x"] })], "lead")).toEqual([{ field: "fields[1].options", message: expect.stringContaining("Only choice") }]);
  });

  it("keeps the title field as a required text field", () => {
    for (const entity of entityTypes) {
      const title = titleField[entity];
      const others = [def("other", "text")];
      const cases: FieldDefinition[][] = [
        others,
        [def(title, "text", { required: false }), ...others],
        [def(title, "longText", { required: true }), ...others],
        [def(title, "choice", { required: true, options: ["a"] }), ...others],
      ];
      for (const fields of cases) {
        const problems = checkFormDefinition(fields, entity);
        expect(
          problems.some((problem) => problem.field === "fields" && problem.message.includes(`"${title}"`)),
          `${entity} ${JSON.stringify(fields[0])}`,
        ).toBe(true);
      }
      expect(checkFormDefinition([def(title, "text", { required: true }), ...others], entity)).toEqual([]);
    }
  });

  it("refuses more fields than a form holds", () => {
    const many = [leadTitle, ...Array.from({ length: limits.fieldsPerForm }, (_, index) => def(`f${index}`, "text"))];
    expect(checkFormDefinition(many, "lead")).toContainEqual({ field: "fields", message: expect.stringContaining(String(limits.fieldsPerForm)) });
    expect(checkFormDefinition(many.slice(0, limits.fieldsPerForm), "lead")).toEqual([]);
  });
});

/** One field of each type, with a value it accepts and values it refuses. */
const samples: Record<FieldType, { valid: unknown[]; invalid: unknown[]; options?: string[] }> = {
  text: { valid: ["hello", "x".repeat(limits.text)], invalid: [3, true, ["a"], {}, "x".repeat(limits.text + 1)] },
  longText: { valid: ["line\nline", "x".repeat(limits.longText)], invalid: [3, false, "x".repeat(limits.longText + 1)] },
  number: { valid: [0, -3.5, 1e15], invalid: ["3", true, Number.NaN, Number.POSITIVE_INFINITY, 1e16, ["1"]] },
  currency: { valid: [1999.99, 0, -5], invalid: ["12", false, -1e16] },
  date: { valid: ["2024-02-29", "1999-12-31"], invalid: ["2024-02-30", "2023-02-29", "2024-04-31", "2024-13-01", "2024-1-1", "yesterday", "2024-02-30T00:00:00Z", 20240101, "2024-02-3x"] },
  choice: { valid: ["Low", "High"], invalid: ["low", "Other", 1, ["Low"]], options: ["Low", "High"] },
  multiChoice: { valid: [["Low"], ["Low", "High"]], invalid: ["Low", ["Other"], [1], ["Low", 2]], options: ["Low", "High"] },
  email: { valid: ["a@b.co", "first.last+tag@example.org"], invalid: ["a@b", "no at.com", "a @b.co", 5, `${"a".repeat(250)}@b.co`] },
  phone: { valid: ["+1 (555) 010-2030", "0123"], invalid: ["12", "call me", 5551234, "+".repeat(40)] },
  url: { valid: ["https://example.com/x?y=1", "http://localhost:3000"], invalid: ["javascript:alert(1)", "ftp://x.org", "example.com", 7, `https://x.org/${"a".repeat(2000)}`] },
  user: { valid: ["user-1", "a.b@contoso.com"], invalid: ["has space", "x".repeat(129), 12, "a'b"] },
  boolean: { valid: [true, false], invalid: ["true", 0, 1, "yes"] },
};

describe("checkRecordData", () => {
  it("has samples for every field type", () => {
    expect(Object.keys(samples).sort()).toEqual([...fieldTypes].sort());
  });

  for (const type of fieldTypes) {
    describe(type, () => {
      const sample = samples[type];
      const field = def("value", type, sample.options ? { options: sample.options } : {});
      const required = { ...field, required: true };

      it("accepts valid values", () => {
        for (const value of sample.valid) expect(checkRecordData([field], { value }, "create"), JSON.stringify(value)).toEqual([]);
      });

      it("refuses invalid values with the field named and its label in the message", () => {
        for (const value of sample.invalid) {
          const problems = checkRecordData([field], { value }, "update");
          expect(problems, JSON.stringify(value)?.slice(0, 60)).toHaveLength(1);
          expect(problems[0]!.field).toBe("fields.value");
          expect(problems[0]!.message).toContain("VALUE");
        }
      });

      it("treats empty as absent: fine when optional, refused when required", () => {
        const empties = type === "multiChoice" ? [null, []] : [null, ""];
        for (const value of empties) {
          expect(checkRecordData([field], { value }, "update")).toEqual([]);
          expect(checkRecordData([required], { value }, "update")).toEqual([{ field: "fields.value", message: "VALUE is required." }]);
        }
      });

      it("demands a required field on create only", () => {
        expect(checkRecordData([required], {}, "create")).toEqual([{ field: "fields.value", message: "VALUE is required." }]);
        expect(checkRecordData([required], {}, "update")).toEqual([]);
      });
    });
  }

  it("refuses whitespace in a required text field", () => {
    expect(checkRecordData([def("name", "text", { required: true })], { name: "   " }, "create")).toHaveLength(1);
    expect(checkRecordData([def("name", "text")], { name: "   " }, "create")).toEqual([]);
  });

  it("refuses keys the form does not know instead of dropping them", () => {
    const problems = checkRecordData([leadTitle], { name: "Ada", nickname: "A", "odata' eq '": 1 }, "create");
    expect(problems).toEqual([
      { field: "fields.nickname", message: expect.stringContaining("not a field") },
      { field: "fields.odata' eq '", message: expect.stringContaining("not a field") },
    ]);
  });

  it("reports every problem at once", () => {
    const form = defaultForm("lead");
    const problems = checkRecordData(form, { email: "nope", value: "12", status: "Maybe" }, "create");
    expect(problems.map((problem) => problem.field).sort()).toEqual(["fields.email", "fields.name", "fields.status", "fields.value"]);
  });
});
