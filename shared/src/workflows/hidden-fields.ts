/**
 * What a viewer may see of a dry run or a stored run: the values of fields their
 * roles hide (`fieldAccess(...) === "hidden"`) are blanked, as in record reads.
 * Pure; the one place every route that returns a dry run or runs goes through.
 */
import { titleField } from "../domain/forms.js";
import type { Actor, EntityType } from "../policy/model.js";
import { fieldAccess } from "../policy/decide.js";
import type { ConditionsOutcome } from "./conditions.js";
import type { WorkflowAction } from "./model.js";

export const hiddenValue = "(hidden: a field your roles do not show)";

/** The record fields whose values an action's preview or outcome may show. */
export function fieldsOfAction(action: WorkflowAction, entity: EntityType): string[] {
  const placeholders = (text: string) => [...text.matchAll(/\{([a-zA-Z][a-zA-Z0-9]{0,39})\}/g)].map(([, key]) => (key === "record" ? titleField[entity] : key!));
  switch (action.type) {
    case "setField":
      return [action.field];
    case "moveStage":
      return ["stageId"];
    case "addNote":
      return placeholders(action.text);
    case "createTask":
      return placeholders(action.title);
    case "notify":
      return placeholders(action.message);
    case "assign":
    case "noop":
      return [];
  }
}

interface ShownAction {
  type: string;
  /** The fields it concerns (stored with each run's outcomes). */
  fields?: string[];
  detail?: string;
  preview?: string;
}

/** Runs recorded before outcomes named their fields: set field / move stage say it in the detail. */
const legacyFields = (action: ShownAction): string[] => {
  if (action.type !== "setField" && action.type !== "moveStage") return [];
  const match = /^(?:already|set) ([a-zA-Z][a-zA-Z0-9]*) = /.exec(action.detail ?? "");
  return match ? [match[1]!] : [];
};

/** A dry run or a run, with what the viewer may not see blanked. */
export function withoutHiddenFields<T extends { conditions?: ConditionsOutcome; actions: ShownAction[] }>(viewer: Actor, entity: EntityType, shown: T): T {
  const hidden = (field: string) => fieldAccess(viewer, entity, field) === "hidden";
  const conditions = shown.conditions && {
    ...shown.conditions,
    results: shown.conditions.results.map((result) => (hidden(result.field) ? { ...result, actual: hiddenValue } : result)),
  };
  const actions = shown.actions.map((action) => {
    if (!(action.fields ?? legacyFields(action)).some(hidden)) return action;
    return { ...action, ...(action.detail !== undefined ? { detail: hiddenValue } : {}), ...(action.preview !== undefined ? { preview: hiddenValue } : {}) };
  });
  return { ...shown, ...(conditions ? { conditions } : {}), actions };
}
