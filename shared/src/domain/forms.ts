/** Owner-defined forms: which fields a lead, opportunity or case has, and how a record is checked against them. */
import type { FieldProblem } from "../errors/app-error.js";
import type { EntityType } from "../policy/model.js";

export const fieldTypes = ["text", "longText", "number", "currency", "date", "choice", "multiChoice", "email", "phone", "url", "user", "boolean"] as const;
export type FieldType = (typeof fieldTypes)[number];

export interface FieldDefinition {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  options?: string[];
  help?: string;
  order: number;
  section?: string;
}

/** Properties every record has, set by the system and never by a form. */
export const systemProperties = ["id", "ownerId", "createdBy", "createdAt", "updatedAt", "updatedBy", "convertedTo", "etag", "tenantId", "teamIds", "entity"] as const;

export const fieldKeyPattern = /^[a-z][a-zA-Z0-9]{0,39}$/;
export const limits = {
  fieldsPerForm: 80,
  optionsPerField: 100,
  optionLength: 100,
  text: 1000,
  longText: 20_000,
  /** The record's form data is stored as one JSON string property (64 KiB in Table Storage). */
  recordDataBytes: 60_000,
} as const;

const field = (key: string, label: string, type: FieldType, order: number, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  key,
  label,
  type,
  required: false,
  order,
  ...extra,
});

const defaultLeadStatuses = ["New", "Contacted", "Qualified", "Unqualified", "Converted"];
const defaultLeadSources = ["Web", "Referral", "Event", "Email", "Phone", "Partner", "Other"];
export const defaultCaseStatuses = ["New", "In progress", "Waiting on customer", "Escalated", "Resolved", "Closed"];
export const defaultCasePriorities = ["Low", "Medium", "High", "Critical"];

export function defaultForm(entity: EntityType): FieldDefinition[] {
  switch (entity) {
    case "lead":
      return [
        field("name", "Name", "text", 0, { required: true, section: "Contact" }),
        field("company", "Company", "text", 1, { section: "Contact" }),
        field("email", "Email", "email", 2, { section: "Contact" }),
        field("phone", "Phone", "phone", 3, { section: "Contact" }),
        field("status", "Status", "choice", 4, { options: defaultLeadStatuses, section: "Qualification" }),
        field("source", "Source", "choice", 5, { options: defaultLeadSources, section: "Qualification" }),
        field("value", "Estimated value", "currency", 6, { section: "Qualification" }),
      ];
    case "opportunity":
      return [
        field("name", "Name", "text", 0, { required: true, section: "Deal" }),
        field("account", "Account", "text", 1, { section: "Deal" }),
        field("amount", "Amount", "currency", 2, { section: "Deal" }),
        field("currency", "Currency", "choice", 3, { options: ["USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF"], section: "Deal" }),
        field("closeDate", "Expected close", "date", 4, { section: "Deal" }),
        field("pipelineId", "Pipeline", "text", 5, { section: "Pipeline" }),
        field("stageId", "Stage", "text", 6, { section: "Pipeline" }),
        field("probability", "Probability (%)", "number", 7, { section: "Pipeline" }),
      ];
    case "case":
      return [
        field("title", "Title", "text", 0, { required: true, section: "Case" }),
        field("customer", "Customer", "text", 1, { section: "Case" }),
        field("priority", "Priority", "choice", 2, { options: defaultCasePriorities, section: "Case" }),
        field("status", "Status", "choice", 3, { options: defaultCaseStatuses, section: "Case" }),
        field("assigneeId", "Assignee", "user", 4, { section: "Case" }),
        field("description", "Description", "longText", 5, { section: "Case" }),
      ];
  }
}

/** The field that names a record in lists, search and chat. */
export const titleField: { readonly [E in EntityType]: string } = { lead: "name", opportunity: "name", case: "title" };

/** Problems with a form definition an Owner wants to save. */
export function checkFormDefinition(fields: readonly FieldDefinition[], entity: EntityType): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  if (fields.length > limits.fieldsPerForm) problems.push({ field: "fields", message: `A form holds at most ${limits.fieldsPerForm} fields.` });
  fields.forEach((definition, index) => {
    const at = `fields[${index}]`;
    if (!fieldKeyPattern.test(definition.key)) {
      problems.push({ field: `${at}.key`, message: "A key starts with a lowercase letter and has only letters and digits (at most 40)." });
    }
    if ((systemProperties as readonly string[]).includes(definition.key)) {
      problems.push({ field: `${at}.key`, message: `"${definition.key}" is a system property and cannot be a form field.` });
    }
    if (seen.has(definition.key)) problems.push({ field: `${at}.key`, message: `The key "${definition.key}" is used twice.` });
    seen.add(definition.key);
    const needsOptions = definition.type === "choice" || definition.type === "multiChoice";
    if (needsOptions && (!definition.options || definition.options.length === 0)) {
      problems.push({ field: `${at}.options`, message: "A choice field needs at least one option." });
    }
    if (!needsOptions && definition.options && definition.options.length > 0) {
      problems.push({ field: `${at}.options`, message: "Only choice fields have options." });
    }
    if (definition.options && new Set(definition.options).size !== definition.options.length) {
      problems.push({ field: `${at}.options`, message: "Options must be unique." });
    }
  });
  const title = titleField[entity];
  const titleDefinition = fields.find((definition) => definition.key === title);
  if (!titleDefinition || !titleDefinition.required || titleDefinition.type !== "text") {
    problems.push({ field: "fields", message: `The "${title}" field names every ${entity}: it must stay, as a required text field.` });
  }
  return problems;
}

export type FieldValue = string | number | boolean | string[] | null;
export type RecordData = Record<string, FieldValue>;

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?[0-9 ().-]{3,32}$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const userIdPattern = /^[A-Za-z0-9._@-]{1,128}$/;

function checkValue(definition: FieldDefinition, value: unknown): string | undefined {
  const isEmpty = value === null || value === "" || (Array.isArray(value) && value.length === 0);
  if (isEmpty) return definition.required ? `${definition.label} is required.` : undefined;
  switch (definition.type) {
    case "text":
    case "longText": {
      if (typeof value !== "string") return `${definition.label} must be text.`;
      const max = definition.type === "text" ? limits.text : limits.longText;
      if (value.length > max) return `${definition.label} is too long (at most ${max} characters).`;
      if (definition.required && value.trim() === "") return `${definition.label} is required.`;
      return undefined;
    }
    case "number":
    case "currency":
      if (typeof value !== "number" || !Number.isFinite(value)) return `${definition.label} must be a number.`;
      if (Math.abs(value) > 1e15) return `${definition.label} is out of range.`;
      return undefined;
    case "boolean":
      return typeof value === "boolean" ? undefined : `${definition.label} must be true or false.`;
    case "date":
      return typeof value === "string" && isCalendarDate(value) ? undefined : `${definition.label} must be a date (YYYY-MM-DD).`;
    case "email":
      return typeof value === "string" && value.length <= 254 && emailPattern.test(value) ? undefined : `${definition.label} must be an email address.`;
    case "phone":
      return typeof value === "string" && phonePattern.test(value) ? undefined : `${definition.label} must be a phone number.`;
    case "url":
      return typeof value === "string" && value.length <= 2000 && isHttpUrl(value) ? undefined : `${definition.label} must be a web address (http or https).`;
    case "user":
      return typeof value === "string" && userIdPattern.test(value) ? undefined : `${definition.label} must be a user id.`;
    case "choice":
      return typeof value === "string" && (definition.options ?? []).includes(value) ? undefined : `${definition.label} must be one of: ${(definition.options ?? []).join(", ")}.`;
    case "multiChoice":
      return Array.isArray(value) && value.every((item) => typeof item === "string" && (definition.options ?? []).includes(item))
        ? undefined
        : `${definition.label} must be a list of: ${(definition.options ?? []).join(", ")}.`;
  }
}

/** Date.parse rolls 2024-02-30 over to March 1st; a real date survives the round trip. */
function isCalendarDate(value: string): boolean {
  if (!datePattern.test(value)) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/**
 * Checks input values against the current form. `mode: "create"` also demands every
 * required field; `mode: "update"` checks only what is given (and refuses blanking a
 * required field). Keys the form does not know are refused, not silently dropped.
 */
export function checkRecordData(form: readonly FieldDefinition[], input: Record<string, unknown>, mode: "create" | "update"): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byKey = new Map(form.map((definition) => [definition.key, definition]));
  for (const [key, value] of Object.entries(input)) {
    const definition = byKey.get(key);
    if (!definition) {
      problems.push({ field: `fields.${key}`, message: `"${key}" is not a field of this form.` });
      continue;
    }
    const problem = checkValue(definition, value);
    if (problem) problems.push({ field: `fields.${key}`, message: problem });
  }
  if (mode === "create") {
    for (const definition of form) {
      if (definition.required && !(definition.key in input)) {
        problems.push({ field: `fields.${definition.key}`, message: `${definition.label} is required.` });
      }
    }
  }
  return problems;
}
