/**
 * The names of the kinds: of trigger, of action, of condition operator, of time unit.
 * Plain constants with no imports, so that the schemas (schema.ts) build their enums
 * from them, the model (model.ts) derives its types from those schemas, and the tab
 * (`@crm/shared/vocabulary`) lists them, without an import cycle and without TypeBox
 * at run time in the browser. schema.ts checks that each list names exactly the
 * schemas it has.
 */
export const timeUnits = ["minutes", "hours", "days"] as const;

export const triggerTypes = ["created", "updated", "fieldChanged", "stageChanged", "statusChanged", "assigned", "timeAfterField", "noActivity", "dueDatePassed", "manual"] as const;

export const actionTypes = ["assign", "setField", "moveStage", "addNote", "createTask", "notify", "noop"] as const;

export const conditionOperators = ["equals", "notEquals", "in", "notIn", "contains", "greaterThan", "lessThan", "empty", "notEmpty"] as const;
