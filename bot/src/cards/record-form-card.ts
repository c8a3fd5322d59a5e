/** A form for a new record, built from the Owner's form definition (only fields the caller may write). */
import type { EntityType } from "@crm/shared/policy";
import type { FieldDefinition } from "@crm/shared/domain";
import type { FieldProblem } from "@crm/shared/errors";
import { entityLabels } from "@crm/shared/policy";
import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { CardElement, CardInput } from "./adaptive-card.js";
import { adaptiveCard, cardBudget, cardBytes, heading, paragraph, plain, submit } from "./adaptive-card.js";

interface RecordFormView {
  entity: EntityType;
  fields: FieldDefinition[];
  values: Record<string, unknown>;
  problems: FieldProblem[];
}

/**
 * The form shows the form definition and what the person typed, never stored
 * record data, so it may be shown to anyone; whoever presses Create creates
 * under their own roles.
 */
const forAnyone = { forAnyone: true } as const;

/** Input ids are prefixed, so a field key can never collide with the action's own data. */
export const formInputPrefix = "f_";

export function renderRecordForm(view: RecordFormView): CardReply {
  const label = entityLabels[view.entity].one;
  const body: CardElement[] = [heading(`New ${label}`)];
  if (view.problems.length > 0) {
    body.push(paragraph("Please complete or correct:", { color: "Attention" }));
    for (const problem of view.problems.slice(0, 10)) body.push(paragraph(`• ${plain(problem.message, 200)}`, { color: "Attention" }));
  } else {
    body.push(paragraph("Some required details are missing. Fill them in and press Create.", { isSubtle: true }));
  }
  const actions = [submit(`Create ${label}`, { crm: "createRecord", entity: view.entity }, { style: "positive" })];
  const card = adaptiveCard([...body, ...view.fields.map((field) => inputFor(field, view.values[field.key]))], actions);
  if (cardBytes(card) <= cardBudget) return cardReply(card, `New ${label}: fill in the form.`, forAnyone);
  // Too many or too long choice lists for chat: ask for the required fields only, or send to the tab.
  const required = adaptiveCard([...body, ...view.fields.filter((field) => field.required).map((field) => inputFor(field, view.values[field.key]))], actions);
  if (cardBytes(required) <= cardBudget) return cardReply(required, `New ${label}: fill in the form.`, forAnyone);
  return cardReply(
    adaptiveCard([heading(`New ${label}`), paragraph(`This ${label} form is too large for a chat card. Please create the ${label} in the CRM tab.`)]),
    `Create this ${label} in the tab.`,
    forAnyone,
  );
}

function inputFor(field: FieldDefinition, value: unknown): CardInput {
  const id = `${formInputPrefix}${field.key}`;
  const label = plain(field.label, 80);
  const required = field.required ? { isRequired: true, errorMessage: `${label} is required.` } : {};
  const text = (Array.isArray(value) ? value.join(",") : typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? String(value) : undefined)?.slice(0, 1000);
  switch (field.type) {
    case "number":
    case "currency":
      return { type: "Input.Number", id, label, ...(typeof value === "number" ? { value } : {}), ...required };
    case "date":
      return { type: "Input.Date", id, label, ...(text ? { value: text } : {}), ...required };
    case "boolean":
      return { type: "Input.Toggle", id, title: label, value: value === true ? "true" : "false", valueOn: "true", valueOff: "false" };
    case "choice":
    case "multiChoice":
      return {
        type: "Input.ChoiceSet",
        id,
        label,
        choices: (field.options ?? []).slice(0, 100).map((option) => ({ title: plain(option, 100), value: option })),
        ...(field.type === "multiChoice" ? { isMultiSelect: true } : { style: "compact" as const }),
        ...(text ? { value: Array.isArray(value) ? value.join(",") : text } : {}),
        ...required,
      };
    default:
      return {
        type: "Input.Text",
        id,
        label,
        ...(text ? { value: text } : {}),
        ...(field.type === "longText" ? { isMultiline: true } : {}),
        ...(field.type === "email" ? { style: "email" as const } : field.type === "phone" ? { style: "tel" as const } : field.type === "url" ? { style: "url" as const } : {}),
        maxLength: field.type === "longText" ? 20_000 : 1000,
        ...required,
      };
  }
}
