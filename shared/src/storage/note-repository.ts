/** Notes on a record, in a partition of their own per record, newest first. */
import { odata } from "@azure/data-tables";
import type { NoteTemplate, StoredNote } from "../domain/records.js";
import type { EntityType } from "../policy/model.js";
import type { AuditEntry } from "./audit-repository.js";
import type { ChangeWriter, RowProperties } from "./change-writer.js";
import { outboxPrefix } from "./change-writer.js";
import { decodeToken, encodeToken } from "./continuation.js";
import type { Page } from "./record-repository.js";
import type { TableStore } from "./table-store.js";

const partition = (tenantId: string, entity: EntityType, recordId: string): string => `${tenantId}|${entity}|${recordId}`;

export class NoteRepository {
  constructor(
    private readonly store: TableStore,
    private readonly changes: ChangeWriter,
  ) {}

  async add(tenantId: string, entity: EntityType, note: StoredNote, audit: AuditEntry): Promise<void> {
    await this.changes.apply({
      id: note.id,
      write: {
        table: "notes",
        partitionKey: partition(tenantId, entity, note.recordId),
        rowKey: note.id,
        op: "create",
        properties: { authorId: note.authorId, text: note.text, createdAt: note.createdAt, ...(note.template ? { template: JSON.stringify(note.template) } : {}) },
      },
      audit,
      events: [{ type: "record.noteAdded", tenantId, entity, recordId: note.recordId, noteId: note.id, actorId: note.authorId }],
    });
  }

  async list(tenantId: string, entity: EntityType, recordId: string, pageSize: number, continuationToken?: string): Promise<Page<StoredNote>> {
    const filter = odata`PartitionKey eq ${partition(tenantId, entity, recordId)} and RowKey lt ${outboxPrefix}`;
    const pages = this.store
      .table("notes")
      .listEntities<RowProperties>({ queryOptions: { filter } })
      .byPage({ maxPageSize: pageSize, ...(continuationToken ? { continuationToken: decodeToken(continuationToken)! } : {}) });
    const next = await pages.next();
    if (next.done) return { items: [] };
    const items = next.value.map((row) => ({
      id: row.rowKey!,
      recordId,
      authorId: String(row.authorId),
      text: String(row.text),
      createdAt: String(row.createdAt),
      ...(row.template ? { template: JSON.parse(String(row.template)) as NoteTemplate } : {}),
    }));
    const token = (next.value as { continuationToken?: string }).continuationToken;
    return { items, ...(token ? { continuationToken: encodeToken(token) } : {}) };
  }
}
