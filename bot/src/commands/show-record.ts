/** `lead <id or name>`, `opportunity …`, `case …`: the detail card with the actions the caller may take. */
import type { EntityType } from "@crm/shared/policy";
import { decideOnEntity, entityLabels } from "@crm/shared/policy";
import { renderRecordDetail, renderRecordList } from "../cards/record-cards.js";
import type { Command } from "../chat/command.js";
import { findRecord } from "./record-lookup.js";
import { detailView, listItem } from "./record-views.js";

export function showRecordCommand(entity: EntityType): Command {
  const label = entityLabels[entity];
  return {
    name: label.one,
    usage: `${label.one} [id or name]`,
    summary: `Show one ${label.one} and what you can do with it.`,
    readOnly: true,
    availableTo: (actor) => decideOnEntity(actor, "read", entity).allowed,
    async run(context, args) {
      const found = await findRecord(context, entity, args);
      if ("candidates" in found) {
        return [renderRecordList({ title: `Several ${label.many} match "${args}"`, items: found.candidates.map(listItem), empty: "" })];
      }
      return [renderRecordDetail(await detailView(context, found.record))];
    },
  };
}
