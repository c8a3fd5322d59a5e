/**
 * Reading the audit log. The audit permission lets a reader see every entry;
 * the record values inside an entry follow the reader's read scope and field
 * rules (`auditEntryAsSeenBy`), decided on the record as it is now, as the
 * record's own history is. A deleted record is judged by the owner its last
 * snapshot names. A form's definition shows to those who manage forms or hide
 * no field, as the forms themselves do.
 */
import { auditEntryAsSeenBy, describesForm, isRecordEntity, snapshotOwner, withoutSnapshots } from "../domain/audit-view.js";
import { decideConfig, decideOnRecord, grantedScope } from "../policy/decide.js";
import type { Actor, Decision } from "../policy/model.js";
import { entityTypes } from "../policy/model.js";
import { hidesAnyField } from "../workflows/hidden-fields.js";
import type { AuditEntry, AuditQuery, AuditRepository } from "../storage/audit-repository.js";
import type { RecordRepository } from "../storage/record-repository.js";
import { auditDenial } from "./audit-context.js";
import type { Clock } from "./clock.js";
import type { ConfigService } from "./config-service.js";

export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly records: RecordRepository,
    private readonly configuration: ConfigService,
    private readonly clock: Clock,
  ) {}

  /** Writes a refused attempt to the log, with the policy's own reason. */
  denied(actor: Actor, action: string, decision: Decision, target: { entity?: string; recordId?: string } = {}): Promise<void> {
    return auditDenial(this.audit, this.clock, actor, action, decision, target);
  }

  async list(actor: Actor, query: AuditQuery): Promise<{ items: AuditEntry[]; continuationToken?: string }> {
    await this.configuration.require(actor, "audit", "audit.read");
    const page = await this.audit.list(actor.tenantId, query);
    const readable = await this.readableRecords(actor, page.items);
    // A form entry names no entity to judge its fields by: its definition shows only to who may read every form whole.
    const readsForms = decideConfig(actor, "forms").allowed || !entityTypes.some((entity) => hidesAnyField(actor, entity));
    const seen = (entry: AuditEntry) => (describesForm(entry) && !readsForms ? withoutSnapshots(entry) : auditEntryAsSeenBy(actor, entry, readable.has(`${entry.entity}|${entry.recordId}`)));
    return { ...page, items: page.items.map(seen) };
  }

  /** The records of this page the actor may read now: one point read per record, none when their scope is "all". */
  private async readableRecords(actor: Actor, entries: readonly AuditEntry[]): Promise<Set<string>> {
    const readable = new Set<string>();
    const pending = new Map<string, AuditEntry>();
    for (const entry of entries) {
      if (!isRecordEntity(entry.entity) || !entry.recordId) continue;
      const key = `${entry.entity}|${entry.recordId}`;
      if (grantedScope(actor, "read", entry.entity).scope === "all" && actor.active) readable.add(key);
      else if (!pending.has(key)) pending.set(key, entry);
    }
    await Promise.all(
      [...pending].map(async ([key, entry]) => {
        const entity = entry.entity as Parameters<typeof grantedScope>[2];
        const current = await this.records.get(actor.tenantId, entity, entry.recordId!);
        const ownerId = current?.ownerId ?? snapshotOwner(entry);
        if (ownerId === undefined) return;
        const resource = { tenantId: actor.tenantId, ownerId, teamIds: current?.teamIds ?? [] };
        if (decideOnRecord(actor, "read", entity, resource).allowed) readable.add(key);
      }),
    );
    return readable;
  }
}
