/**
 * The audit log as one reader may see it. Who did what, when and why is shown to
 * everyone who may read the audit log; the record values an entry carries (its
 * before and after) follow the reader's own rules, as a record read does: none
 * at all for a record they may not read, and never a field their roles hide.
 * A form's definition (labels and choices) shows to whoever may read it whole, as
 * GET /api/config/forms shows it. Pure: what the reader may read is decided by the caller.
 */
import { fieldAccess } from "../policy/decide.js";
import type { Actor, EntityType } from "../policy/model.js";
import { entityTypes } from "../policy/model.js";
import type { AuditEntry } from "../storage/audit-repository.js";

export const isRecordEntity = (entity: string | undefined): entity is EntityType => entity !== undefined && (entityTypes as readonly string[]).includes(entity);

/** The owner a record snapshot names (audit entries keep `ownerId` beside the fields). */
export function snapshotOwner(entry: Pick<AuditEntry, "before" | "after">): string | undefined {
  for (const snapshot of [entry.after, entry.before]) {
    const ownerId = snapshot && typeof snapshot === "object" ? (snapshot as Record<string, unknown>).ownerId : undefined;
    if (typeof ownerId === "string") return ownerId;
  }
  return undefined;
}

function withoutHidden(viewer: Actor, entity: EntityType, snapshot: unknown): unknown {
  if (!snapshot || typeof snapshot !== "object" || Array.isArray(snapshot)) return snapshot;
  return Object.fromEntries(Object.entries(snapshot as Record<string, unknown>).filter(([field]) => field === "ownerId" || fieldAccess(viewer, entity, field) !== "hidden"));
}

/** The entry with its record values cut to what `viewer` may see; `mayReadRecord` says whether they may read the record at all. */
export function auditEntryAsSeenBy(viewer: Actor, entry: AuditEntry, mayReadRecord: boolean): AuditEntry {
  if (!isRecordEntity(entry.entity) || (entry.before === undefined && entry.after === undefined)) return entry;
  const { before, after, ...rest } = entry;
  if (!mayReadRecord) return rest;
  const entity = entry.entity;
  return {
    ...rest,
    ...(before !== undefined ? { before: withoutHidden(viewer, entity, before) } : {}),
    ...(after !== undefined ? { after: withoutHidden(viewer, entity, after) } : {}),
  };
}

/** Entries whose before and after are a form's definition: its fields' labels and choices. */
export const describesForm = (entry: Pick<AuditEntry, "action">): boolean => entry.action === "form.update";

/** The entry without the definitions it carries: who, what, when and why stay. */
export function withoutSnapshots(entry: AuditEntry): AuditEntry {
  const { before: _before, after: _after, ...rest } = entry;
  return rest;
}
