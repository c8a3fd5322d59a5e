/**
 * The case workflow: the statuses an Owner uses for cases, which role may move a
 * case from which status to which, and an SLA per priority with its escalation.
 * Pure: decisions come with a reason, like the role policy's.
 */
import type { FieldProblem } from "../errors/app-error.js";
import type { WorkflowDefinition } from "./model.js";
import { durationMs, timeUnits } from "./model.js";
import type { CaseWorkflowInput } from "./schema.js";
import { createHash } from "node:crypto";

/** The transition and SLA rule types are `Static<typeof ...>` of their schemas in schema.ts. */
export type { CaseTransition, SlaRule } from "./schema.js";

/** The case workflow as saved: what the Owner sent, and who saved it when. */
export interface CaseWorkflow extends CaseWorkflowInput {
  updatedAt?: string;
  updatedBy?: string;
}

interface TransitionDecision {
  allowed: boolean;
  reason: string;
}

export function decideTransition(workflow: CaseWorkflow | undefined, roles: readonly { id: string; name: string }[], from: unknown, to: unknown): TransitionDecision {
  if (!workflow) return { allowed: true, reason: "no case workflow is configured" };
  if (from === to) return { allowed: true, reason: "the status does not change" };
  if (from === undefined || from === null || from === "") return { allowed: true, reason: "a case may start in any status" };
  const toText = to === undefined || to === null ? "(none)" : shown(to);
  if (to !== undefined && to !== null && (typeof to !== "string" || !workflow.statuses.includes(to))) {
    return { allowed: false, reason: `"${toText}" is not a status of the case workflow` };
  }
  const roleIds = new Set(roles.map((role) => role.id));
  const granting = workflow.transitions.find((transition) => (transition.from === "*" || transition.from === from) && transition.to === to && transition.roleIds.some((id) => roleIds.has(id)));
  if (granting) {
    const role = roles.find((candidate) => granting.roleIds.includes(candidate.id))!;
    return { allowed: true, reason: `role ${role.name} may move a case from ${granting.from === "*" ? "any status" : `"${granting.from}"`} to "${toText}"` };
  }
  const names = roles.map((role) => role.name).join(", ") || "no role";
  return { allowed: false, reason: `no role of this user (${names}) may move a case from "${shown(from)}" to "${toText}"` };
}

/** A status as the reason quotes it (statuses are strings; anything else a client sent shows as JSON). */
const shown = (status: unknown): string => (typeof status === "string" ? status : JSON.stringify(status));

interface CaseWorkflowContext {
  statusOptions: readonly string[];
  priorityOptions: readonly string[];
  roleIds: readonly string[];
  userIds: readonly string[];
}

export function checkCaseWorkflow(workflow: CaseWorkflow, context: CaseWorkflowContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const statuses = new Set(workflow.statuses);
  if (workflow.statuses.length === 0) problems.push({ field: "statuses", message: "Name at least one status." });
  workflow.statuses.forEach((status, index) => {
    if (!context.statusOptions.includes(status)) {
      problems.push({ field: `statuses[${index}]`, message: `"${status}" is not an option of the case form's Status field: add it to the form first.` });
    }
  });
  if (statuses.size !== workflow.statuses.length) problems.push({ field: "statuses", message: "Each status appears once." });
  workflow.unansweredStatuses.forEach((status, index) => {
    if (!statuses.has(status)) problems.push({ field: `unansweredStatuses[${index}]`, message: `"${status}" is not one of the statuses above.` });
  });
  workflow.transitions.forEach((transition, index) => {
    const at = `transitions[${index}]`;
    if (transition.from !== "*" && !statuses.has(transition.from)) problems.push({ field: `${at}.from`, message: `"${transition.from}" is not one of the statuses.` });
    if (!statuses.has(transition.to)) problems.push({ field: `${at}.to`, message: `"${transition.to}" is not one of the statuses.` });
    if (transition.from === transition.to) problems.push({ field: at, message: "A transition goes from one status to another." });
    if (transition.roleIds.length === 0) problems.push({ field: `${at}.roleIds`, message: "Name at least one role that may make this move." });
    transition.roleIds.forEach((roleId, roleIndex) => {
      if (!context.roleIds.includes(roleId)) problems.push({ field: `${at}.roleIds[${roleIndex}]`, message: `There is no role "${roleId}".` });
    });
  });
  (workflow.roleIds ?? []).forEach((roleId, index) => {
    if (!context.roleIds.includes(roleId)) problems.push({ field: `roleIds[${index}]`, message: `There is no role "${roleId}".` });
  });
  const priorities = new Set<string>();
  workflow.sla.forEach((rule, index) => {
    const at = `sla[${index}]`;
    if (!context.priorityOptions.includes(rule.priority)) problems.push({ field: `${at}.priority`, message: `"${rule.priority}" is not an option of the case form's Priority field.` });
    if (priorities.has(rule.priority)) problems.push({ field: `${at}.priority`, message: "One SLA per priority." });
    priorities.add(rule.priority);
    if (!(rule.respondWithin.amount > 0) || !timeUnits.includes(rule.respondWithin.unit)) {
      problems.push({ field: `${at}.respondWithin`, message: "Give a positive time in minutes, hours or days." });
    }
    const { escalate } = rule;
    if (!escalate.notify && !escalate.reassignToUserId && !escalate.setStatus) {
      problems.push({ field: `${at}.escalate`, message: "Say how to escalate: notify someone, reassign, or set a status." });
    }
    if (escalate.setStatus !== undefined && !statuses.has(escalate.setStatus)) {
      problems.push({ field: `${at}.escalate.setStatus`, message: `"${escalate.setStatus}" is not one of the statuses.` });
    }
    if (escalate.reassignToUserId !== undefined && !context.userIds.includes(escalate.reassignToUserId)) {
      problems.push({ field: `${at}.escalate.reassignToUserId`, message: "There is no user with this id in your organisation." });
    }
    if (escalate.notify?.kind === "user" && !context.userIds.includes(escalate.notify.userId)) {
      problems.push({ field: `${at}.escalate.notify.userId`, message: "There is no user with this id in your organisation." });
    }
    if (escalate.notify?.kind === "role" && !context.roleIds.includes(escalate.notify.roleId)) {
      problems.push({ field: `${at}.escalate.notify.roleId`, message: `There is no role "${escalate.notify.roleId}".` });
    }
  });
  return problems;
}

/** A reasonable start: Owners move cases anywhere; Members work their cases forward but do not close them. */
export function defaultCaseWorkflow(): CaseWorkflow {
  const statuses = ["New", "In progress", "Waiting on customer", "Escalated", "Resolved", "Closed"];
  return {
    statuses,
    unansweredStatuses: ["New"],
    transitions: [
      { from: "*", to: "New", roleIds: ["owner"] },
      { from: "*", to: "In progress", roleIds: ["owner", "member"] },
      { from: "*", to: "Waiting on customer", roleIds: ["owner", "member"] },
      { from: "*", to: "Escalated", roleIds: ["owner", "member"] },
      { from: "*", to: "Resolved", roleIds: ["owner", "member"] },
      { from: "Resolved", to: "Closed", roleIds: ["owner"] },
      { from: "*", to: "Closed", roleIds: ["owner"] },
    ],
    sla: [],
  };
}

/** Stable ids for the SLA's own workflows: `sla-` and a hash of the priority. */
const slaWorkflowId = (priority: string): string => `sla${createHash("sha256").update(priority).digest("hex").slice(0, 16)}`;

/** Each SLA rule runs as a time-triggered workflow of its own, through the same engine. */
export function slaWorkflows(workflow: CaseWorkflow | undefined): WorkflowDefinition[] {
  if (!workflow) return [];
  return workflow.sla.map((rule) => {
    const actions: WorkflowDefinition["actions"] = [];
    const breach = `SLA breached: a ${rule.priority} case has had no answer for ${rule.respondWithin.amount} ${rule.respondWithin.unit}.`;
    if (rule.escalate.reassignToUserId) actions.push({ type: "assign", strategy: "user", userId: rule.escalate.reassignToUserId });
    if (rule.escalate.setStatus) actions.push({ type: "setField", field: "status", value: rule.escalate.setStatus });
    if (rule.escalate.notify) actions.push({ type: "notify", to: rule.escalate.notify, message: breach });
    return {
      id: slaWorkflowId(rule.priority),
      name: `SLA for ${rule.priority} cases (${rule.respondWithin.amount} ${rule.respondWithin.unit})`,
      description: `Escalates ${rule.priority} cases not answered within ${durationMs(rule.respondWithin) / 60_000} minutes.`,
      entity: "case",
      enabled: true,
      trigger: { type: "timeAfterField", field: "createdAt", after: rule.respondWithin },
      conditions: {
        match: "all",
        rules: [
          { field: "priority", op: "equals", value: rule.priority },
          // "Not answered" includes a case with no status at all.
          { field: "status", op: "notIn", value: workflow.statuses.filter((status) => !workflow.unansweredStatuses.includes(status)) },
        ],
      },
      actions,
      roleIds: workflow.roleIds ?? [],
      createdAt: workflow.updatedAt ?? "",
      updatedAt: workflow.updatedAt ?? "",
      updatedBy: workflow.updatedBy ?? "system",
    };
  });
}
