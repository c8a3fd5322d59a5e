/** "lead Acme", "case 0abc…": finds one record within the caller's scope, by id or by the start of its name. */
import type { EntityType } from "@crm/shared/policy";
import type { VisibleRecord } from "@crm/shared/services";
import { entityLabels } from "@crm/shared/policy";
import { invalidInput, notFound } from "@crm/shared/errors";
import { isId } from "@crm/shared/domain";
import type { CommandContext } from "../chat/command.js";
import { mayReadTitles, visibleTitle } from "./record-views.js";

export const entityWords: Readonly<Record<string, EntityType>> = {
  lead: "lead",
  leads: "lead",
  opportunity: "opportunity",
  opportunities: "opportunity",
  opp: "opportunity",
  opps: "opportunity",
  deal: "opportunity",
  deals: "opportunity",
  case: "case",
  cases: "case",
};

const maxNameLength = 200;

type Lookup = { record: VisibleRecord } | { candidates: VisibleRecord[] };

export async function findRecord(context: CommandContext, entity: EntityType, idOrName: string): Promise<Lookup> {
  const query = idOrName.trim();
  if (query === "") throw invalidInput([{ field: "name", message: `Name the ${entityLabels[entity].one}: its id or the start of its name.` }]);
  if (query.length > maxNameLength) throw invalidInput([{ field: "name", message: `A name has at most ${maxNameLength} characters.` }]);
  const { services, actor } = context;
  if (isId(query)) return { record: await services.records.get(actor, entity, query) };
  // Looking up by a name the reader may not see would tell which names exist.
  if (!mayReadTitles(context, entity)) throw hiddenNames(entity);
  const page = await services.records.list(actor, entity, { search: query, pageSize: 6 });
  const exact = page.items.filter((item) => visibleTitle(item)?.toLowerCase() === query.toLowerCase());
  if (exact.length === 1) return { record: exact[0]! };
  if (page.items.length === 1) return { record: page.items[0]! };
  if (page.items.length === 0) throw notFound(entityLabels[entity].one);
  return { candidates: page.items };
}

const hiddenNames = (entity: EntityType) => {
  const { many } = entityLabels[entity];
  return invalidInput([], `Your role does not show the names of ${many}, so I cannot look one up by name. Open it from a list, such as my ${many}.`);
};
