/** `find <text>`: leads, opportunities and cases whose name starts with the text, within the caller's scope. */
import type { VisibleRecord } from "@crm/shared/services";
import { decideOnEntity, entityLabels, entityTypes } from "@crm/shared/policy";
import { invalidInput } from "@crm/shared/errors";
import { renderRecordList } from "../cards/record-cards.js";
import type { Command } from "../chat/command.js";
import { listItem, mayReadTitles } from "./record-views.js";

const maxSearchLength = 100;
const perEntity = 5;

export const findCommand: Command = {
  name: "find",
  aliases: ["search"],
  usage: "find [name]",
  summary: "Search the leads, opportunities and cases you may see, by the start of their name.",
  readOnly: true,
  async run(context, args) {
    const text = args.trim();
    if (text === "") throw invalidInput([{ field: "text", message: "Tell me what to look for: find [the start of a name]." }]);
    if (text.length > maxSearchLength) throw invalidInput([{ field: "text", message: `Search for at most ${maxSearchLength} characters.` }]);
    const found: VisibleRecord[] = [];
    const unnamed: string[] = [];
    for (const entity of entityTypes) {
      if (!decideOnEntity(context.actor, "read", entity).allowed) continue;
      // Searching names the reader may not see would tell which names exist: those are left out, and we say so.
      if (!mayReadTitles(context, entity)) {
        unnamed.push(entityLabels[entity].many);
        continue;
      }
      const page = await context.services.records.list(context.actor, entity, { search: text, pageSize: perEntity });
      found.push(...page.items);
    }
    const notes = unnamed.length > 0 ? [`Your role does not show the names of ${unnamed.join(" or ")}, so they were not searched.`] : [];
    return [renderRecordList({ title: `Results for "${text}"`, items: found.map(listItem), empty: "Nothing you may see matches. Search looks at the start of names.", notes })];
  },
};
