/**
 * The principal a workflow acts as: its own id, the roles stored on it at save time
 * (ones its author holds). No roles, no permissions: there is no Owner default.
 */
import type { Actor } from "../../policy/model.js";
import type { ActorService } from "../../services/actor-service.js";
import type { WorkflowDefinition } from "../model.js";
import { workflowActorId } from "../model.js";

export async function workflowPrincipal(actors: Pick<ActorService, "rolesOf">, tenantId: string, workflow: Pick<WorkflowDefinition, "id" | "roleIds">): Promise<Actor> {
  const roles = await actors.rolesOf(tenantId, workflow.roleIds ?? []);
  return { tenantId, userId: workflowActorId(workflow.id), kind: "workflow", active: true, teamIds: [], roles };
}
