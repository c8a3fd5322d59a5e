/**
 * The case workflow while it is edited: pure steps, each tested on its own. Statuses are
 * the case form's Status options (plus any the saved workflow still names); the
 * unanswered ones stay a subset of those in use, in the same order.
 */
import type { CaseTransition, CaseWorkflow, SlaRule, StoredCaseWorkflow } from "./workflow-api";

/** What the API takes: the workflow without its stored bookkeeping (ETag, configured). */
export const draftOf = ({ statuses, unansweredStatuses, transitions, sla }: CaseWorkflow | StoredCaseWorkflow): CaseWorkflow => ({ statuses, unansweredStatuses, transitions, sla });

/** There is something to save: a change, or nothing saved yet (the suggested start is not enforced until saved). */
export const isDirty = (stored: StoredCaseWorkflow, draft: CaseWorkflow) => JSON.stringify(draftOf(stored)) !== JSON.stringify(draft) || !stored.configured;

/** Every status one can choose: the form's options first, then those only the workflow still names. */
export const statusChoices = (formOptions: readonly string[], draft: CaseWorkflow) => [...formOptions, ...draft.statuses.filter((status) => !formOptions.includes(status))];

/** The statuses in use, in the choices' order; an unanswered status no longer in use is dropped. */
export function withStatuses(draft: CaseWorkflow, choices: readonly string[], chosen: readonly string[]): CaseWorkflow {
  const statuses = choices.filter((status) => chosen.includes(status));
  return { ...draft, statuses, unansweredStatuses: draft.unansweredStatuses.filter((status) => statuses.includes(status)) };
}

export const withUnanswered = (draft: CaseWorkflow, chosen: readonly string[]): CaseWorkflow => ({ ...draft, unansweredStatuses: draft.statuses.filter((status) => chosen.includes(status)) });

/** A new move: from any status to the first, for Owners. */
export const newTransition = (draft: CaseWorkflow): CaseTransition => ({ from: "*", to: draft.statuses[0] ?? "", roleIds: ["owner"] });

/** A new SLA: the first priority without one, four hours, Owners told. */
export const newSlaRule = (draft: CaseWorkflow, priorities: readonly string[]): SlaRule => ({
  priority: priorities.find((priority) => !draft.sla.some((rule) => rule.priority === priority)) ?? priorities[0] ?? "",
  respondWithin: { amount: 4, unit: "hours" },
  escalate: { notify: { kind: "role", roleId: "owner" } },
});

/** An escalation with a change; a part set to nothing (no one to tell, keep the owner, leave the status) is left out. */
export function withEscalation(escalate: SlaRule["escalate"], change: Partial<SlaRule["escalate"]>): SlaRule["escalate"] {
  const next = { ...escalate, ...change };
  for (const key of Object.keys(next) as (keyof typeof next)[]) if (next[key] === undefined || next[key] === "") delete next[key];
  return next;
}

export const replaceAt = <T>(items: readonly T[], index: number, item: T): T[] => items.map((candidate, position) => (position === index ? item : candidate));
export const removeAt = <T>(items: readonly T[], index: number): T[] => items.filter((_, position) => position !== index);

export const maxTransitions = 200;
export const maxSlaRules = 20;
