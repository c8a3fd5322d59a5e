/**
 * Nobody builds a workflow on what they cannot see. What a workflow reads (its
 * trigger's field or date field, its conditions, the placeholders in its texts) must
 * be visible to whoever saves, enables, runs or dry-runs it, and what it sets must be
 * writable by them. Otherwise a workflow is an oracle (dry runs of drafts with a
 * chosen threshold recover a hidden amount in a couple of dozen requests) or a pipe
 * (a note that copies the amount). Pure, with a reason, like the role policy.
 */
import type { Actor, Decision } from "../policy/model.js";
import { fieldAccess } from "../policy/decide.js";
import { entityLabels } from "../policy/model.js";
import { fieldsReadBy, fieldsWrittenBy, triggerFields } from "./hidden-fields.js";
import type { WorkflowDefinition } from "./model.js";

export type AuthoredWorkflow = Pick<WorkflowDefinition, "name" | "entity" | "trigger" | "conditions" | "actions">;

const denied = (reason: string): Decision => ({ allowed: false, scope: "none", reason });

export function decideAuthoring(author: Actor, workflow: AuthoredWorkflow): Decision {
  const { entity } = workflow;
  const one = entityLabels[entity].one;
  const reads: [where: string, field: string][] = [
    ...triggerFields(workflow.trigger).map((field): [string, string] => ["its trigger", field]),
    ...workflow.conditions.rules.map((rule, index): [string, string] => [`condition ${index + 1}`, rule.field]),
    ...workflow.actions.flatMap((action, index) => fieldsReadBy(action, entity).map((field): [string, string] => [`action ${index + 1}`, field])),
  ];
  const unseen = reads.find(([, field]) => fieldAccess(author, entity, field) === "hidden");
  if (unseen) return denied(`"${workflow.name}": ${unseen[0]} reads the ${one} field "${unseen[1]}", which this user may not see`);
  const writes = workflow.actions.flatMap((action, index) => fieldsWrittenBy(action).map((field): [string, string] => [`action ${index + 1}`, field]));
  const unwritable = writes.find(([, field]) => fieldAccess(author, entity, field) !== "write");
  if (unwritable) return denied(`"${workflow.name}": ${unwritable[0]} sets the ${one} field "${unwritable[1]}", which this user may not change`);
  return { allowed: true, scope: "all", reason: `this user may see every ${one} field "${workflow.name}" reads and change every one it sets` };
}
