/**
 * Turns records into what the cards show, asking the policy which actions to
 * offer. Shared by the list, detail, find and action commands.
 */
import type { EntityType } from "@crm/shared/policy";
import type { VisibleRecord } from "@crm/shared/services";
import { decideOnRecord, entityLabels, fieldAccess } from "@crm/shared/policy";
import type { FieldValue } from "@crm/shared/domain";
import { titleField } from "@crm/shared/domain";
import type { RecordDetailView, RecordListItem } from "../cards/record-cards.js";
import type { CommandContext } from "../chat/command.js";

/** "a lead", "an opportunity": how a record is named to someone whose roles hide its name. */
const aRecord = (entity: EntityType): string => `${/^[aeiou]/.test(entityLabels[entity].one) ? "an" : "a"} ${entityLabels[entity].one}`;

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The record's name as this reader may see it; undefined when their roles hide it (or it has none). */
export function visibleTitle(visible: VisibleRecord): string | undefined {
  const key = titleField[visible.record.entity];
  const value = visible.record.fields[key];
  if (visible.hidden.includes(key) || value === undefined || value === null || value === "") return undefined;
  return String(value);
}

/** The name a list or a heading shows: the title, else "A lead" (never an id). */
const recordTitle = (visible: VisibleRecord): string => visibleTitle(visible) ?? capitalize(aRecord(visible.record.entity));

/** The record in a sentence: `the lead "Grace Hopper"`, or `unnamed` ("a lead") when the reader may not see its name. */
export function recordInSentence(visible: VisibleRecord, unnamed = aRecord(visible.record.entity)): string {
  const title = visibleTitle(visible);
  return title === undefined ? unnamed : `the ${entityLabels[visible.record.entity].one} "${title}"`;
}

/** Whether the reader may see (and so search by) the names of this entity's records. */
export const mayReadTitles = (context: CommandContext, entity: EntityType): boolean => fieldAccess(context.actor, entity, titleField[entity]) !== "hidden";

const subtitleFields: { readonly [E in EntityType]: readonly string[] } = {
  lead: ["company", "status"],
  opportunity: ["account", "amount", "closeDate"],
  case: ["customer", "priority", "status"],
};

export function listItem(visible: VisibleRecord): RecordListItem {
  const { record, hidden } = visible;
  const parts = subtitleFields[record.entity]
    .filter((key) => !hidden.includes(key) && record.fields[key] !== undefined && record.fields[key] !== null && record.fields[key] !== "")
    .map((key) => formatValue(record.fields[key]));
  return { entity: record.entity, id: record.id, title: recordTitle(visible), subtitle: parts.join(" · ") || entityLabels[record.entity].one };
}

function formatValue(value: FieldValue | undefined): string {
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "number") return value.toLocaleString("en-US");
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value ?? "");
}

/** The detail card's content: visible fields only, and only the actions the policy allows. */
export async function detailView(context: CommandContext, visible: VisibleRecord): Promise<RecordDetailView> {
  const { services, actor } = context;
  const { record, hidden } = visible;
  const resource = { tenantId: actor.tenantId, ownerId: record.ownerId, teamIds: record.teamIds };
  const form = await services.configuration.formFor(actor, record.entity);
  const pipelines = record.entity === "opportunity" ? await services.configuration.listPipelines(actor.tenantId) : [];
  const pipeline = pipelines.find((candidate) => candidate.id === record.fields.pipelineId) ?? pipelines[0];
  const owner = record.ownerId === actor.userId ? context.user : await services.actors.user(actor.tenantId, record.ownerId);

  const shown: [string, string][] = [];
  for (const field of [...form.fields].sort((a, b) => a.order - b.order)) {
    const value = record.fields[field.key];
    if (hidden.includes(field.key) || value === undefined || value === null || value === "" || field.key === titleField[record.entity]) continue;
    if (field.key === "pipelineId") continue;
    const text = field.key === "stageId" ? (pipeline?.stages.find((stage) => stage.id === value)?.name ?? String(value)) : formatValue(value);
    shown.push([field.label, text]);
  }
  shown.push(["Owner", owner?.displayName || "(no name)"], ["Id", record.id]);

  const mayUpdate = decideOnRecord(actor, "update", record.entity, resource).allowed;
  const mayAssign = decideOnRecord(actor, "assign", record.entity, resource).allowed;
  const statusField = form.fields.find((field) => field.key === "status" && field.type === "choice");
  const view: RecordDetailView = {
    entity: record.entity,
    id: record.id,
    etag: record.etag,
    ...(visibleTitle(visible) !== undefined ? { title: visibleTitle(visible)! } : {}),
    facts: shown,
    canAddNote: mayUpdate,
  };
  if (mayUpdate && statusField?.options && fieldAccess(actor, record.entity, "status") === "write") {
    view.status = { choices: statusField.options, ...(typeof record.fields.status === "string" ? { current: record.fields.status } : {}) };
  }
  if (mayUpdate && pipeline && record.entity === "opportunity" && fieldAccess(actor, "opportunity", "stageId") === "write") {
    view.stage = { choices: pipeline.stages.map((stage) => ({ id: stage.id, name: stage.name })), ...(typeof record.fields.stageId === "string" ? { current: record.fields.stageId } : {}) };
  }
  if (mayAssign) {
    const users = await services.configuration.listUsers(actor.tenantId);
    view.assignees = users
      .filter((user) => user.active && user.userId !== record.ownerId)
      .filter((user) => decideOnRecord(actor, "assign", record.entity, { tenantId: actor.tenantId, ownerId: user.userId, teamIds: user.teamIds }).allowed)
      .slice(0, 50)
      .map((user) => ({ id: user.userId, name: user.displayName || user.userId }));
  }
  return view;
}
