import type { FormDefinition } from "../../api/types";
import type { ListFilter } from "./record-list";

/** A list filter from a choice field of the Owner's form, when the form still has it. */
export function choiceFilter(form: FormDefinition | undefined, key: "status" | "source" | "priority", fallbackLabel: string): ListFilter[] {
  const field = form?.fields.find((candidate) => candidate.key === key && candidate.type === "choice");
  if (!field) return [];
  return [{ param: key, label: field.label || fallbackLabel, options: (field.options ?? []).map((option) => ({ value: option, label: option })) }];
}
