/**
 * The product's vocabulary for browsers (`@crm/shared/vocabulary`): constants, the
 * workflow model and its plain-language descriptions, with no Node.js imports, so the
 * tab compiles and describes against the same definitions as the server instead of
 * copies of them. The API's request and answer types are `@crm/shared/api-types`.
 */
export { configPermissions, entityPaths, entityTypes, fieldAccessLevels, recordActions, scopes } from "./policy/model.js";
export type { ConfigPermission, EntityGrants, EntityType, FieldAccess, RecordAction, Scope } from "./policy/model.js";
export { fieldTypes, titleField } from "./domain/forms.js";
export type { FieldType, FieldValue } from "./domain/forms.js";
export { actionTypes, conditionOperators, timeUnits, triggerTypes } from "./workflows/model.js";
export type {
  ActionType,
  Condition,
  ConditionGroup,
  ConditionOperator,
  ConditionValue,
  Duration,
  TimeUnit,
  Trigger,
  TriggerType,
  UserPool,
  WorkflowAction,
  WorkflowInput,
  WorkflowRecipient,
} from "./workflows/model.js";
export type { CaseTransition, CaseWorkflow, SlaRule } from "./workflows/case-workflow.js";
export type { WorkflowTask } from "./workflows/task.js";
/** Workflows in plain language: the one copy, for the server's dry runs and run histories and for the tab. */
export { describeAction, describeCondition, describeRecipient, describeTrigger, namePeople, namePeopleLoosely, peopleIn, personRef, referencedPeople } from "./workflows/describe.js";
export type { PersonName } from "./workflows/describe.js";
