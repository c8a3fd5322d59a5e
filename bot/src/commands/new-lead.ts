/**
 * `new lead <name>, <company>, <email>`: creates the lead, or answers with a
 * form of the Owner's required fields when something is missing or invalid.
 * Without commas, an email-looking word is the email and the other words the name.
 */
import type { EntityType } from "@crm/shared/policy";
import type { FieldDefinition } from "@crm/shared/domain";
import type { FieldProblem } from "@crm/shared/errors";
import { AppError, forbidden, invalidInput } from "@crm/shared/errors";
import { decideOnEntity, fieldAccess } from "@crm/shared/policy";
import { renderRecordDetail } from "../cards/record-cards.js";
import { formInputPrefix, renderRecordForm } from "../cards/record-form-card.js";
import type { ChatReply } from "../chat/chat-turn.js";
import type { Command, CommandContext } from "../chat/command.js";
import { detailView } from "./record-views.js";

export function parseLeadArguments(args: string): Record<string, string> {
  const text = args.trim();
  if (text === "") return {};
  let name: string | undefined;
  let company: string | undefined;
  let email: string | undefined;
  if (text.includes(",")) {
    const parts = text.split(",").map((part) => part.trim());
    if (parts.length > 3) throw invalidInput([{ field: "name", message: "Write at most: name, company, email." }]);
    [name, company, email] = parts;
  } else {
    const words = text.split(/\s+/);
    email = words.find((word) => word.includes("@"));
    name = words.filter((word) => word !== email).join(" ");
  }
  const values: Record<string, string> = {};
  if (name) values.name = name;
  if (company) values.company = company;
  if (email) values.email = email;
  return values;
}

/** Creates the record, or returns the form to finish it. */
export async function createOrAskForMore(context: CommandContext, entity: EntityType, values: Record<string, unknown>): Promise<ChatReply> {
  const { services, actor } = context;
  const form = await services.configuration.formFor(actor, entity);
  const writable = form.fields.filter((field) => fieldAccess(actor, entity, field.key) === "write").sort((a, b) => a.order - b.order);
  const missing = writable.filter((field) => field.required && (values[field.key] === undefined || values[field.key] === ""));
  const shownFields = (problems: FieldProblem[]) =>
    writable.filter((field) => field.required || field.key in values || ["name", "company", "email"].includes(field.key) || problems.some((problem) => problem.field === `fields.${field.key}`));
  if (missing.length > 0) {
    return renderRecordForm({ entity, fields: shownFields([]), values, problems: [] });
  }
  try {
    const created = await services.records.create(actor, entity, values);
    const reply = renderRecordDetail(await detailView(context, created));
    return reply;
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_input") {
      const problems = error.details?.fields ?? [];
      return renderRecordForm({ entity, fields: shownFields(problems), values, problems });
    }
    throw error;
  }
}

/** The form card's inputs (all strings) back into typed field values. */
export function valuesFromForm(fields: readonly FieldDefinition[], data: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = data[`${formInputPrefix}${field.key}`];
    // Card inputs send strings (a client may send a number or a toggle's boolean); anything else is not an answer.
    if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") continue;
    const text = String(raw).trim();
    if (text === "") continue;
    switch (field.type) {
      case "number":
      case "currency":
        values[field.key] = Number.isFinite(Number(text)) ? Number(text) : text;
        break;
      case "boolean":
        values[field.key] = text === "true";
        break;
      case "multiChoice":
        values[field.key] = text
          .split(",")
          .map((item) => item.trim())
          .filter(Boolean);
        break;
      default:
        values[field.key] = text;
    }
  }
  return values;
}

export const newLeadCommand: Command = {
  name: "new lead",
  aliases: ["add lead", "create lead"],
  usage: "new lead [name], [company], [email]",
  summary: "Log a lead; a form asks for whatever else your organisation requires.",
  availableTo: (actor) => decideOnEntity(actor, "create", "lead").allowed,
  async run(context, args) {
    const decision = decideOnEntity(context.actor, "create", "lead");
    if (!decision.allowed) throw forbidden(decision.reason);
    return [await createOrAskForMore(context, "lead", parseLeadArguments(args))];
  },
};
