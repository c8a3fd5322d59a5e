import type { Decision, Actor } from "../policy/model.js";
import type { AuditEntry } from "../storage/audit-repository.js";
import type { AuditRepository } from "../storage/audit-repository.js";
import { ascendingId } from "../domain/ids.js";
import type { Clock } from "./clock.js";

/** Writes a refused attempt to the audit log, with the policy's own reason. */
export async function auditDenial(audit: AuditRepository, clock: Clock, actor: Actor, action: string, decision: Decision, target: { entity?: string; recordId?: string } = {}): Promise<void> {
  const now = clock.now();
  const entry: AuditEntry = {
    id: ascendingId(now.getTime()),
    tenantId: actor.tenantId,
    at: now.toISOString(),
    actorId: actor.userId,
    actorKind: actor.kind,
    action,
    outcome: "denied",
    reason: decision.reason,
    ...target,
  };
  await audit.append(entry);
}
