/**
 * The data-quality rules a tenant switches on and tunes. Each rule has an id, and a
 * finding is kept once per record and rule key: the rule id, and for the rules about
 * one field, the field (`requiredEmpty:phone`), so a finding about a field is shown
 * only to those who may read that field.
 */
import type { FieldProblem } from "../../errors/app-error.js";

export const ruleIds = ["duplicateEmail", "duplicatePhone", "duplicateNameCompany", "requiredEmpty", "invalidValue", "staleLead", "overdueOpportunity", "unansweredCase"] as const;
export type RuleId = (typeof ruleIds)[number];

export const duplicateRules = ["duplicateEmail", "duplicatePhone", "duplicateNameCompany"] as const satisfies readonly RuleId[];
export type DuplicateRule = (typeof duplicateRules)[number];
export const isDuplicateRule = (rule: RuleId): rule is DuplicateRule => (duplicateRules as readonly RuleId[]).includes(rule);

export interface QualityRules {
  duplicateEmail: { enabled: boolean };
  duplicatePhone: { enabled: boolean };
  duplicateNameCompany: { enabled: boolean };
  requiredEmpty: { enabled: boolean };
  invalidValue: { enabled: boolean };
  /** Open leads with neither a change nor a note for this many days. */
  staleLead: { enabled: boolean; days: number };
  /** Opportunities this many days past their expected close date, neither won nor lost. */
  overdueOpportunity: { enabled: boolean; graceDays: number };
  /** Cases still unanswered this many hours after they were opened; the case workflow's SLA for the case's priority wins when it has one. */
  unansweredCase: { enabled: boolean; hours: number };
  /** Findings open this many days are told once to data cleanup's Accountable (not a rule: no findings of its own). */
  accountableReminder?: { days: number };
}

/** The Accountable hears of findings open this long unless the tenant says otherwise. */
export const defaultReminderDays = 14;
const reminderLimit = { min: 1, max: 365 } as const;

export const ruleLabels: { readonly [R in RuleId]: string } = {
  duplicateEmail: "Same email as another record",
  duplicatePhone: "Same phone as another record",
  duplicateNameCompany: "Same name and company as another record",
  requiredEmpty: "Required field is empty",
  invalidValue: "Value no longer valid",
  staleLead: "Open lead without activity",
  overdueOpportunity: "Opportunity past its close date",
  unansweredCase: "Case unanswered past its SLA",
};

export const defaultQualityRules = (): QualityRules => ({
  duplicateEmail: { enabled: true },
  duplicatePhone: { enabled: true },
  duplicateNameCompany: { enabled: true },
  requiredEmpty: { enabled: true },
  invalidValue: { enabled: true },
  staleLead: { enabled: true, days: 30 },
  overdueOpportunity: { enabled: true, graceDays: 0 },
  unansweredCase: { enabled: true, hours: 24 },
  accountableReminder: { days: defaultReminderDays },
});

/** The sensible range of each threshold: outside it a rule would flag everything or nothing. */
export const thresholdLimits = {
  staleLead: { key: "days", min: 1, max: 3650, unit: "days" },
  overdueOpportunity: { key: "graceDays", min: 0, max: 365, unit: "days" },
  unansweredCase: { key: "hours", min: 1, max: 8760, unit: "hours" },
} as const;

/** Problems with rules an admin wants to save, in plain words. */
export function checkQualityRules(rules: QualityRules): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const [rule, limit] of Object.entries(thresholdLimits) as [keyof typeof thresholdLimits, (typeof thresholdLimits)[keyof typeof thresholdLimits]][]) {
    const value = (rules[rule] as Record<string, unknown>)[limit.key];
    if (typeof value !== "number" || !Number.isInteger(value) || value < limit.min || value > limit.max) {
      problems.push({ field: `${rule}.${limit.key}`, message: `${ruleLabels[rule]}: give a whole number of ${limit.unit} from ${limit.min} to ${limit.max}.` });
    }
  }
  const reminder = rules.accountableReminder?.days;
  if (rules.accountableReminder !== undefined && (typeof reminder !== "number" || !Number.isInteger(reminder) || reminder < reminderLimit.min || reminder > reminderLimit.max)) {
    problems.push({ field: "accountableReminder.days", message: `Reminder to the Accountable: give a whole number of days from ${reminderLimit.min} to ${reminderLimit.max}.` });
  }
  return problems;
}

/** The key a finding is stored under for its record: the rule, and the field for one-field rules. */
export const findingKey = (rule: RuleId, field?: string): string => (field ? `${rule}:${field}` : rule);
