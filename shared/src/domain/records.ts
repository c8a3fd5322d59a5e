import type { RecordData } from "./forms.js";
import type { EntityType } from "../policy/model.js";

/** A lead, opportunity or case as the API shows it: system properties plus form fields, flat. */
export interface CrmRecord {
  id: string;
  entity: EntityType;
  ownerId: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  /** Who made the latest change (a user id, or a workflow's id). */
  updatedBy: string;
  etag: string;
  teamIds: string[];
  /** A converted lead: the id of the opportunity it became. */
  convertedTo?: string;
  fields: RecordData;
}

export interface Note {
  id: string;
  recordId: string;
  authorId: string;
  text: string;
  createdAt: string;
}

/**
 * A note a workflow wrote from a template (`{field}` placeholders). Everyone who may
 * read the record reads its notes, each under their own field rules, so the note is
 * filled for each reader when read: per placeholder, the field it reads, the field's
 * label (shown where the value may not be) and the value, kept only when the workflow
 * itself may see it.
 */
export interface NoteTemplate {
  text: string;
  fills: Record<string, { field: string; label: string; value?: string }>;
}

/** A note as stored: a workflow's keeps its template; its `text` then holds labels only. */
export type StoredNote = Note & { template?: NoteTemplate };

type FlatRecord = Pick<CrmRecord, "id" | "entity" | "ownerId" | "createdBy" | "createdAt" | "updatedAt" | "updatedBy" | "etag"> & Record<string, unknown>;

export const toFlatRecord = (record: CrmRecord, hidden: readonly string[] = []): FlatRecord => {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record.fields)) if (!hidden.includes(key)) fields[key] = value;
  return {
    ...fields,
    id: record.id,
    entity: record.entity,
    ownerId: record.ownerId,
    createdBy: record.createdBy,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    ...(record.convertedTo ? { convertedTo: record.convertedTo } : {}),
    etag: record.etag,
  };
};
