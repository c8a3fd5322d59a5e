/** `@crm/shared/workflows`: what the bot and the server need of workflows beyond `CrmServices`. */
export { WorkflowEngine } from "./engine/workflow-engine.js";
export type { WorkflowEngineOptions } from "./engine/workflow-engine.js";
export type { RunRecord, RunStatus } from "./runs.js";
export type { WorkflowTask } from "./task.js";
