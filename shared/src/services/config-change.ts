/** A configuration change as the audit log records it: who, what, before and after, and what the caller read before. */
import { newId } from "../domain/ids.js";
import type { Actor } from "../policy/model.js";
import type { AuditEntry } from "../storage/audit-repository.js";
import type { DomainEvent } from "../storage/change-writer.js";
import type { ConfigChange } from "../storage/config-repository.js";
import type { Clock } from "./clock.js";

/** Done by the CRM on its own schedule (a request expiring, a grant ending, a review closing), not by a person. */
export const systemActor = (tenantId: string) => ({ tenantId, userId: "system", kind: "system" as const });

export function configChange(
  clock: Clock,
  actor: Pick<Actor, "tenantId" | "userId"> & { kind: AuditEntry["actorKind"] },
  action: string,
  before: unknown,
  after: unknown,
  previous?: { etag?: string; changeIds: string },
  options: { events?: DomainEvent[]; reason?: string } = {},
): ConfigChange {
  const now = clock.now();
  const audit: AuditEntry = {
    id: newId(now.getTime()),
    tenantId: actor.tenantId,
    at: now.toISOString(),
    actorId: actor.userId,
    actorKind: actor.kind,
    action,
    outcome: "allowed",
    reason: options.reason ?? "configuration permission granted",
    before,
    after,
  };
  return { audit, events: options.events ?? [], ...(previous ? { previous } : {}) };
}
