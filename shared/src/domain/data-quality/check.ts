/**
 * What is wrong with one record, under a tenant's rules: pure, from the record, its
 * form and what the checker read beside it (won and lost stages, the case SLA, the
 * latest activity). Duplicates are not decided here, only the values they are looked
 * up by (duplicateKeys): whether another record shares one is a storage question.
 */
import type { FieldDefinition } from "../forms.js";
import { checkRecordData } from "../forms.js";
import type { CrmRecord } from "../records.js";
import { normaliseCompany, normaliseEmail, normaliseName, normalisePhone } from "./normalise.js";
import type { DuplicateRule, QualityRules, RuleId } from "./rules.js";
import { findingKey } from "./rules.js";

/** A problem with a record: its key (rule and field), the fields it is about and a message in words. */
export interface RecordProblem {
  key: string;
  rule: RuleId;
  fields: string[];
  message: string;
}

export interface CheckContext {
  form: readonly FieldDefinition[];
  rules: QualityRules;
  now: Date;
  /** The latest note on the record, if the checker knows one. */
  lastActivityAt?: string;
  /** Stage ids that are won or lost, in any pipeline. */
  closedStages: ReadonlySet<string>;
  /** The case workflow: which statuses mean "not answered yet", and the SLA per priority (ms). */
  caseSla: { unansweredStatuses: readonly string[]; byPriority: ReadonlyMap<string, number> };
}

/** Lead statuses after which a lead is no longer worked. */
const closedLeadStatuses: readonly string[] = ["Converted", "Unqualified"];
const dayMs = 86_400_000;

const isEmpty = (value: unknown): boolean => value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);

export function checkRecord(record: CrmRecord, context: CheckContext): RecordProblem[] {
  return [...fieldProblems(record, context), ...staleProblems(record, context)];
}

function fieldProblems(record: CrmRecord, { form, rules }: CheckContext): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const field of form) {
    const value = record.fields[field.key];
    if (isEmpty(value)) {
      if (field.required && rules.requiredEmpty.enabled) {
        problems.push({ key: findingKey("requiredEmpty", field.key), rule: "requiredEmpty", fields: [field.key], message: `${field.label} is required now but empty.` });
      }
      continue;
    }
    if (!rules.invalidValue.enabled) continue;
    const [invalid] = checkRecordData([{ ...field, required: false }], { [field.key]: value }, "update");
    if (invalid) {
      const removedChoice = (field.type === "choice" && typeof value === "string") || (field.type === "multiChoice" && Array.isArray(value) && value.every((item) => typeof item === "string"));
      const message = removedChoice ? `${field.label} holds a choice that was removed from the form.` : `${field.label} no longer has a valid value: ${invalid.message}`;
      problems.push({ key: findingKey("invalidValue", field.key), rule: "invalidValue", fields: [field.key], message });
    }
  }
  return problems;
}

function staleProblems(record: CrmRecord, context: CheckContext): RecordProblem[] {
  const { rules, now } = context;
  const problem = (rule: RuleId, fields: string[], message: string): RecordProblem[] => [{ key: findingKey(rule), rule, fields, message }];
  switch (record.entity) {
    case "lead": {
      if (!rules.staleLead.enabled || record.convertedTo || closedLeadStatuses.includes(String(record.fields.status ?? ""))) return [];
      const last = Math.max(Date.parse(record.updatedAt) || 0, Date.parse(context.lastActivityAt ?? "") || 0);
      const idleDays = Math.floor((now.getTime() - last) / dayMs);
      return last > 0 && idleDays >= rules.staleLead.days ? problem("staleLead", [], `No activity for ${idleDays} days.`) : [];
    }
    case "opportunity": {
      const closeDate = record.fields.closeDate;
      if (!rules.overdueOpportunity.enabled || typeof closeDate !== "string" || context.closedStages.has(String(record.fields.stageId ?? ""))) return [];
      const due = Date.parse(`${closeDate}T00:00:00Z`);
      if (Number.isNaN(due)) return [];
      const lateDays = Math.floor((now.getTime() - due) / dayMs);
      return lateDays > rules.overdueOpportunity.graceDays ? problem("overdueOpportunity", ["closeDate"], `Expected to close ${lateDays} days ago, neither won nor lost.`) : [];
    }
    case "case": {
      const status = record.fields.status;
      const unanswered = isEmpty(status) || context.caseSla.unansweredStatuses.includes(String(status));
      if (!rules.unansweredCase.enabled || !unanswered) return [];
      const slaMs = context.caseSla.byPriority.get(String(record.fields.priority ?? "")) ?? rules.unansweredCase.hours * 3_600_000;
      const waitedMs = now.getTime() - (Date.parse(record.createdAt) || now.getTime());
      return waitedMs > slaMs ? problem("unansweredCase", ["status"], `Unanswered for ${Math.floor(waitedMs / 3_600_000)} hours (SLA ${Math.round(slaMs / 3_600_000)} hours).`) : [];
    }
  }
}

/** A value a duplicate is looked up by: the rule, the normalised value, and the fields it comes from. */
interface DuplicateKey {
  rule: DuplicateRule;
  value: string;
  fields: string[];
}

/** The company-like field beside the title, per entity (cases have none). */
const companyField = { lead: "company", opportunity: "account", case: undefined } as const;

/** The normalised values this record is indexed under, for the duplicate rules that are on. */
export function duplicateKeys(record: CrmRecord, form: readonly FieldDefinition[], rules: QualityRules): DuplicateKey[] {
  const keys: DuplicateKey[] = [];
  const firstOfType = (type: FieldDefinition["type"]) => form.find((field) => field.type === type)?.key;
  const email = firstOfType("email");
  const emailValue = email ? normaliseEmail(record.fields[email]) : undefined;
  if (rules.duplicateEmail.enabled && email && emailValue) keys.push({ rule: "duplicateEmail", value: emailValue, fields: [email] });
  const phone = firstOfType("phone");
  const phoneValue = phone ? normalisePhone(record.fields[phone]) : undefined;
  if (rules.duplicatePhone.enabled && phone && phoneValue) keys.push({ rule: "duplicatePhone", value: phoneValue, fields: [phone] });
  const company = companyField[record.entity];
  if (rules.duplicateNameCompany.enabled && company && form.some((field) => field.key === company)) {
    const name = normaliseName(record.fields.name);
    const companyValue = normaliseCompany(record.fields[company]);
    if (name && companyValue) keys.push({ rule: "duplicateNameCompany", value: `${name}\n${companyValue}`, fields: ["name", company] });
  }
  return keys;
}
