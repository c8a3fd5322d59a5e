/**
 * Case status transitions, for RecordService (the tab, the bot, the API and workflows
 * alike): when a case's status changes, the case workflow's allowed transitions decide
 * (`decideTransition`, pure, with a reason). A refusal is a 403 with the reason,
 * audited as `case.status` denied. Without a saved case workflow nothing is restricted.
 */
import { forbidden } from "../errors/app-error.js";
import type { AuditRepository } from "../storage/audit-repository.js";
import type { WorkflowRepository } from "../storage/workflow-repository.js";
import { decideTransition } from "../workflows/case-workflow.js";
import { auditDenial } from "./audit-context.js";
import type { Clock } from "./clock.js";
import type { StatusGuard } from "./record-service.js";

export function caseStatusGuard(caseWorkflows: Pick<WorkflowRepository, "getCaseWorkflow">, audit: AuditRepository, clock: Clock): StatusGuard {
  return async (actor, record, to) => {
    if (record.entity !== "case") return;
    const decision = decideTransition(await caseWorkflows.getCaseWorkflow(actor.tenantId), actor.roles, record.fields.status, to);
    if (decision.allowed) return;
    await auditDenial(audit, clock, actor, "case.status", { allowed: false, scope: "none", reason: decision.reason }, { entity: "case", recordId: record.id });
    throw forbidden(decision.reason);
  };
}
