/** A tenant's workflows as the engine runs them: the saved ones and the SLA rules of its case workflow, each a workflow of its own. */
import type { WorkflowRepository } from "../../storage/workflow-repository.js";
import { slaWorkflows } from "../case-workflow.js";
import type { WorkflowDefinition } from "../model.js";

/** Definitions read once per worker pass, per tenant. */
export type DefinitionCache = Map<string, WorkflowDefinition[]>;

export async function tenantWorkflows(definitions: WorkflowRepository, tenantId: string, cache?: DefinitionCache): Promise<WorkflowDefinition[]> {
  const cached = cache?.get(tenantId);
  if (cached) return cached;
  const { workflows, caseWorkflow } = await definitions.loadAll(tenantId);
  const all = [...workflows, ...slaWorkflows(caseWorkflow)];
  cache?.set(tenantId, all);
  return all;
}
