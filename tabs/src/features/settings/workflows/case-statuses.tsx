/** The case workflow's statuses: which of the Status field's options are in use, and in which ones a case counts as not answered yet. */
import { CheckboxGroup } from "./controls";
import { withStatuses, withUnanswered } from "./case-workflow-draft";
import type { FieldErrors } from "./describe";
import { controlId } from "./describe";
import type { CaseWorkflow } from "./workflow-api";

export function CaseStatuses(props: { draft: CaseWorkflow; choices: readonly string[]; errors: FieldErrors; onChange: (draft: CaseWorkflow) => void }) {
  const { draft, choices, errors, onChange } = props;
  return (
    <>
      <CheckboxGroup
        id={controlId("statuses")}
        label="Statuses in use"
        options={choices.map((status) => ({ value: status, label: status }))}
        chosen={draft.statuses}
        error={errors.at("statuses")}
        onChange={(chosen) => onChange(withStatuses(draft, choices, chosen))}
      />
      <CheckboxGroup
        id={controlId("unansweredStatuses")}
        label="Not answered yet while in"
        hint="The SLA clock runs while a case is in one of these."
        options={draft.statuses.map((status) => ({ value: status, label: status }))}
        chosen={draft.unansweredStatuses}
        error={errors.at("unansweredStatuses")}
        onChange={(chosen) => onChange(withUnanswered(draft, chosen))}
      />
    </>
  );
}
