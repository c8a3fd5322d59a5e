/**
 * Why and until when, for a role that needs approval: the justification (with its
 * counter) and the end date (required and limited when the role's policy says so).
 * Used when asking for a role and when a manager gives one that is held back.
 */
import { Field, Input, Text, Textarea } from "@fluentui/react-components";
import { ApiError } from "../../api/client";
import type { ApprovalPolicy } from "./access-api";
import { earliestEnd, latestEnd, maxJustification } from "./access-words";

export interface GrantReasonDraft {
  justification: string;
  /** yyyy-mm-dd from the date input, or "" for none. */
  endsAt: string;
}

/** A 400's field problems by field: `access.justification`, `body.endsAt` and `endsAt` are all `endsAt`. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const byField: Record<string, string> = {};
  for (const problem of error.fields) byField[problem.field.replace(/^(body\.|\/|access\.)/, "")] ??= problem.message;
  return byField;
}

/** The body's `access` / request fields for a draft: an end date is sent only when chosen. */
export const reasonBody = (draft: GrantReasonDraft) => ({ justification: draft.justification.trim(), ...(draft.endsAt ? { endsAt: draft.endsAt } : {}) });

export function GrantReasonFields(props: {
  policy: Pick<ApprovalPolicy, "maxDays" | "justificationRequired"> | undefined;
  draft: GrantReasonDraft;
  onChange: (draft: GrantReasonDraft) => void;
  errors: Record<string, string>;
  now?: Date;
}) {
  const { draft, errors, policy } = props;
  const now = props.now ?? new Date();
  const endRequired = Boolean(policy?.maxDays);
  const length = draft.justification.length;
  return (
    <>
      <Field
        label="Why is this access needed?"
        required={policy?.justificationRequired ?? true}
        validationState={errors.justification ? "error" : "none"}
        validationMessage={errors.justification}
        hint={`${length} / ${maxJustification} characters`}
      >
        <Textarea value={draft.justification} maxLength={maxJustification} onChange={(_, data) => props.onChange({ ...draft, justification: data.value })} resize="vertical" />
      </Field>
      <Field
        label="End date"
        required={endRequired}
        validationState={errors.endsAt ? "error" : "none"}
        validationMessage={errors.endsAt}
        hint={endRequired ? `Required: at most ${policy?.maxDays} days from today.` : "Leave empty for a permanent role."}
      >
        <Input type="date" value={draft.endsAt} min={earliestEnd(now)} max={latestEnd(policy?.maxDays, now)} onChange={(_, data) => props.onChange({ ...draft, endsAt: data.value })} />
      </Field>
      {errors[""] && <Text role="alert">{errors[""]}</Text>}
    </>
  );
}

/** What the form can tell before sending; the server says the rest. */
export function missingReason(policy: Pick<ApprovalPolicy, "maxDays" | "justificationRequired"> | undefined, draft: GrantReasonDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if ((policy?.justificationRequired ?? true) && !draft.justification.trim()) errors.justification = "Say why this access is needed.";
  if (policy?.maxDays && !draft.endsAt) errors.endsAt = `This role is given for at most ${policy.maxDays} days: choose an end date.`;
  return errors;
}
