/** `find <text>`: leads, opportunities and cases whose name starts with the text, within the caller's scope. */
import type { VisibleRecord } from "@crm/shared";
import { decideOnEntity, entityTypes, invalidInput } from "@crm/shared";
import { renderRecordList } from "../cards/record-cards.js";
import type { Command } from "../chat/command.js";
import { listItem } from "./record-views.js";

export const maxSearchLength = 100;
const perEntity = 5;

export const findCommand: Command = {
  name: "find",
  aliases: ["search"],
  usage: "find [name]",
  summary: "Search the leads, opportunities and cases you may see, by the start of their name.",
  async run(context, args) {
    const text = args.trim();
    if (text === "") throw invalidInput([{ field: "text", message: "Tell me what to look for: find [the start of a name]." }]);
    if (text.length > maxSearchLength) throw invalidInput([{ field: "text", message: `Search for at most ${maxSearchLength} characters.` }]);
    const found: VisibleRecord[] = [];
    for (const entity of entityTypes) {
      if (!decideOnEntity(context.actor, "read", entity).allowed) continue;
      const page = await context.services.records.list(context.actor, entity, { search: text, pageSize: perEntity });
      found.push(...page.items);
    }
    return [renderRecordList({ title: `Results for "${text}"`, items: found.map(listItem), empty: "Nothing you may see matches. Search looks at the start of names." })];
  },
};
