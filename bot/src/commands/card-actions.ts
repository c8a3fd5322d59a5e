/**
 * What the cards' buttons do. Each action is one service call under the same
 * policy as the commands, so it answers well within Teams' 5 seconds. Card data
 * comes from the client: every value is checked here before use.
 */
import type { EntityType } from "@crm/shared/policy";
import { entityLabels, entityTypes } from "@crm/shared/policy";
import { invalidInput } from "@crm/shared/errors";
import { isId } from "@crm/shared/domain";
import { renderNoticeCard } from "../cards/message-cards.js";
import { renderRecordDetail } from "../cards/record-cards.js";
import type { CardActionHandler } from "../chat/chat-engine.js";
import { accessRequestActions } from "./access-request-actions.js";
import { findingActions } from "./finding-actions.js";
import { assignRecord } from "./assign.js";
import { myRecordsPage } from "./my-records.js";
import { markTaskDone, myTasksPage } from "./my-tasks.js";
import { createOrAskForMore, valuesFromForm } from "./new-lead.js";
import { detailView, recordInSentence } from "./record-views.js";

const entityOf = (data: Record<string, unknown>): EntityType => {
  const entity = data.entity;
  if (typeof entity !== "string" || !(entityTypes as readonly string[]).includes(entity)) throw outdated();
  return entity as EntityType;
};

const idOf = (data: Record<string, unknown>): string => {
  if (typeof data.id !== "string" || !isId(data.id)) throw outdated();
  return data.id;
};

const text = (data: Record<string, unknown>, key: string, label: string, max: number): string => {
  const value = typeof data[key] === "string" ? data[key].trim() : "";
  if (value === "") throw invalidInput([{ field: key, message: `${label} is required.` }]);
  if (value.length > max) throw invalidInput([{ field: key, message: `${label} has at most ${max} characters.` }]);
  return value;
};

const etagOf = (data: Record<string, unknown>): string | undefined => (typeof data.etag === "string" && data.etag.length < 200 ? data.etag : undefined);

const outdated = () => invalidInput([], "This card is out of date. Open the record again.");

/**
 * Actions that only read, so they may run as a view: for anyone who asks, and
 * when Teams refreshes a card by itself. (`command` is read-only when its command is.)
 */
export const readOnlyCardActions: ReadonlySet<string> = new Set(["show", "more", "moreTasks", "accessRequest", "finding"]);

export const cardActions: Readonly<Record<string, CardActionHandler>> = {
  /** One record as the caller may see it: the view behind a record's card in a shared conversation. */
  async show(context, data) {
    return [renderRecordDetail(await detailView(context, await context.services.records.get(context.actor, entityOf(data), idOf(data))))];
  },

  async more(context, data) {
    const token = typeof data.token === "string" && data.token.length <= 2000 ? data.token : undefined;
    if (!token) throw outdated();
    return [await myRecordsPage(context, entityOf(data), token)];
  },

  async moreTasks(context, data) {
    const after = typeof data.after === "string" && data.after.length <= 100 ? data.after : undefined;
    if (!after) throw outdated();
    return [await myTasksPage(context, after)];
  },

  async taskDone(context, data) {
    return [await markTaskDone(context, data.id)];
  },

  async setStatus(context, data) {
    const entity = entityOf(data);
    const status = text(data, "status", "Status", 100);
    const updated = await context.services.records.update(context.actor, entity, idOf(data), etagOf(data), { status });
    return [renderRecordDetail(await detailView(context, updated))];
  },

  async setStage(context, data) {
    const stageId = text(data, "stageId", "Stage", 100);
    const updated = await context.services.records.update(context.actor, "opportunity", idOf(data), etagOf(data), { stageId });
    return [renderRecordDetail(await detailView(context, updated))];
  },

  async addNote(context, data) {
    const entity = entityOf(data);
    const note = text(data, "note", "A note", 2000);
    const id = idOf(data);
    await context.services.records.addNote(context.actor, entity, id, note);
    const record = await context.services.records.get(context.actor, entity, id);
    return [renderNoticeCard("Note added", `Your note is on ${recordInSentence(record, `this ${entityLabels[entity].one}`)}.`, { view: { crm: "show", entity, id } })];
  },

  async assign(context, data) {
    const ownerId = text(data, "ownerId", "The new owner", 128);
    return [await assignRecord(context, entityOf(data), idOf(data), ownerId, etagOf(data))];
  },

  async createRecord(context, data) {
    const entity = entityOf(data);
    const form = await context.services.configuration.formFor(context.actor, entity);
    return [await createOrAskForMore(context, entity, valuesFromForm(form.fields, data))];
  },

  ...accessRequestActions,
  ...findingActions,
};
