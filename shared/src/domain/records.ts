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

export type FlatRecord = Pick<CrmRecord, "id" | "entity" | "ownerId" | "createdBy" | "createdAt" | "updatedAt" | "updatedBy" | "etag"> & Record<string, unknown>;

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
