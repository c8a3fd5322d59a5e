/**
 * Writes a change to a row together with its audit entry and follow-up work.
 *
 * Table Storage has no transaction across tables, and Azurite does not check
 * ETags inside batches, so a change is made in three steps that survive a crash
 * at any point:
 *   1. an intent row (the outbox) in the changed row's partition holds the audit
 *      entry, the projections and the events;
 *   2. the row itself is written with If-Match and remembers the change id;
 *   3. projections, audit and events run, then the intent is deleted.
 * The outbox sweeper finishes any intent left behind by a crash: if the row
 * remembers the change id, the change happened and its follow-ups are (re)run,
 * all idempotent; otherwise the intent is dropped.
 */
import { odata } from "@azure/data-tables";
import { AppError } from "../errors/app-error.js";
import type { AuditEntry } from "./audit-repository.js";
import { AuditRepository } from "./audit-repository.js";
import { noteUnfinishedChange } from "./follow-ups.js";
import type { TableKey, TableStore } from "./table-store.js";
import { isStatus } from "./table-store.js";

export type RowProperties = Record<string, string | number | boolean | null | undefined>;

interface RowWrite {
  table: TableKey;
  partitionKey: string;
  rowKey: string;
  op: "create" | "replace" | "delete";
  properties?: RowProperties;
  /** Required for replace and delete: the ETag the caller last read. */
  etag?: string;
}

/** Follow-up work derived from the changed row; re-derivable after a crash. */
interface Projection {
  kind: string;
  payload: Record<string, unknown>;
}

export interface DomainEvent {
  type: string;
  tenantId: string;
  [key: string]: unknown;
}

interface Change {
  id: string;
  write: RowWrite;
  audit: AuditEntry;
  projections?: Projection[];
  events?: DomainEvent[];
}

/** The changed row as it now stands (undefined once deleted). */
export type CurrentRow = RowProperties & { partitionKey?: string; rowKey?: string; etag?: string };
type Projector = (projection: Projection, current: CurrentRow | undefined) => Promise<void>;
type EventSink = (event: DomainEvent, changeId: string) => Promise<void>;

export const outboxPrefix = "~outbox|";
const changesProperty = "changeIds";
const rememberedChanges = 8;
/** Waits before the follow-ups are tried again within the request (all idempotent): a blip heals before anyone is told. */
const followUpRetryDelaysMs = [100, 400];

/** What the rest of the process may do with changes: hear their events, and finish what a crash left behind. */
export type DomainEvents = Pick<ChangeWriter, "onEvent" | "sweep" | "hasStale">;

export class ChangeWriter {
  private readonly projectors = new Map<string, Projector>();
  private readonly sinks: EventSink[] = [];
  readonly audit: AuditRepository;

  constructor(
    private readonly store: TableStore,
    private readonly followUpFailed: (changeId: string, error: unknown) => void = (changeId, error) =>
      console.error(`follow-up work of change ${changeId} failed; the outbox sweeper will retry it`, error),
  ) {
    this.audit = new AuditRepository(store);
  }

  registerProjector(kind: string, projector: Projector): void {
    this.projectors.set(kind, projector);
  }

  /** Subscribers must be idempotent per change id: they run at least once. */
  onEvent(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /** Applies the change; returns the new ETag of the row (undefined for deletes). */
  async apply(change: Change, previousChangeIds = ""): Promise<string | undefined> {
    const { write } = change;
    const table = this.store.table(write.table);
    const intentKey = `${outboxPrefix}${change.id}`;
    await table.createEntity({
      partitionKey: write.partitionKey,
      rowKey: intentKey,
      targetRowKey: write.rowKey,
      targetTable: write.table,
      op: write.op,
      createdAt: new Date().toISOString(),
      body: JSON.stringify({ audit: change.audit, projections: change.projections ?? [], events: change.events ?? [] }),
    });
    let etag: string | undefined;
    try {
      etag = await this.writeRow(change, previousChangeIds);
    } catch (error) {
      await table.deleteEntity(write.partitionKey, intentKey).catch(() => undefined);
      throw error;
    }
    const current = write.op === "delete" ? undefined : { partitionKey: write.partitionKey, rowKey: write.rowKey, ...write.properties, etag };
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.finish(write.table, write.partitionKey, intentKey, change, current);
        break;
      } catch (error) {
        const delay = followUpRetryDelaysMs[attempt];
        if (delay !== undefined) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          continue;
        }
        // The change itself is made and its intent stays in the outbox, so the sweeper
        // finishes the follow-ups (all idempotent). The request is told: it must not answer success.
        this.followUpFailed(change.id, error);
        noteUnfinishedChange(change.id);
        break;
      }
    }
    return etag;
  }

  private async writeRow(change: Change, previousChangeIds: string): Promise<string | undefined> {
    const { write } = change;
    const table = this.store.table(write.table);
    const changeIds = [change.id, ...previousChangeIds.split(",").filter(Boolean)].slice(0, rememberedChanges).join(",");
    const entity = { partitionKey: write.partitionKey, rowKey: write.rowKey, ...write.properties, [changesProperty]: changeIds };
    try {
      switch (write.op) {
        case "create":
          return (await table.createEntity(entity)).etag;
        case "replace":
          return (await table.updateEntity(entity, "Replace", { etag: requireEtag(write) })).etag;
        case "delete":
          await table.deleteEntity(write.partitionKey, write.rowKey, { etag: requireEtag(write) });
          return undefined;
      }
    } catch (error) {
      if (isStatus(error, 412)) {
        throw new AppError("precondition_failed", "Someone else changed this since you loaded it. Reload to see their change, then apply yours again.");
      }
      if (isStatus(error, 409)) throw new AppError("conflict", "That already exists.");
      if (isStatus(error, 404)) throw new AppError("not_found", "That record does not exist or you do not have access to it.");
      throw error;
    }
  }

  /** Runs the follow-ups of an applied change, then removes its intent. */
  private async finish(tableKey: TableKey, partitionKey: string, intentKey: string, change: Pick<Change, "id" | "audit" | "projections" | "events">, current: CurrentRow | undefined): Promise<void> {
    for (const projection of change.projections ?? []) {
      const projector = this.projectors.get(projection.kind);
      if (projector) await projector(projection, current);
    }
    await this.audit.append(change.audit);
    for (const event of change.events ?? []) {
      for (const sink of this.sinks) await sink(event, change.id);
    }
    await this.store
      .table(tableKey)
      .deleteEntity(partitionKey, intentKey)
      .catch(() => undefined);
  }

  /** Whether any intent older than `olderThanMs` waits (a read, no write: an idle sweeper writes nothing). */
  async hasStale(tableKey: TableKey, olderThanMs: number, now: number = Date.now()): Promise<boolean> {
    const cutoff = new Date(now - olderThanMs).toISOString();
    const pages = this.store
      .table(tableKey)
      .listEntities({ queryOptions: { filter: odata`RowKey ge ${outboxPrefix} and RowKey lt ${"~outboy"} and createdAt lt ${cutoff}`, select: ["RowKey"] } })
      .byPage({ maxPageSize: 1 });
    for await (const page of pages) if (page.length > 0) return true;
    return false;
  }

  /**
   * Finishes intents older than `olderThanMs`. Runs in the background under a
   * lease; scanning the outbox rows is background work, never a request path.
   */
  async sweep(tableKey: TableKey, olderThanMs: number, now: number = Date.now()): Promise<number> {
    const table = this.store.table(tableKey);
    const cutoff = new Date(now - olderThanMs).toISOString();
    let finished = 0;
    const intents = table.listEntities<RowProperties>({
      queryOptions: { filter: `RowKey ge '${outboxPrefix}' and RowKey lt '~outboy'` },
    });
    for await (const intent of intents) {
      if (String(intent.createdAt) > cutoff) continue;
      const body = JSON.parse(String(intent.body)) as Pick<Change, "audit" | "projections" | "events">;
      const changeId = intent.rowKey!.slice(outboxPrefix.length);
      const target = await table.getEntity<RowProperties>(intent.partitionKey!, String(intent.targetRowKey)).catch((error: unknown) => {
        if (isStatus(error, 404)) return undefined;
        throw error;
      });
      const applied =
        intent.op === "delete"
          ? target === undefined
          : String(target?.[changesProperty] ?? "")
              .split(",")
              .includes(changeId);
      if (applied) {
        await this.finish(tableKey, intent.partitionKey!, intent.rowKey!, { id: changeId, ...body }, target);
        finished += 1;
      } else {
        await table.deleteEntity(intent.partitionKey!, intent.rowKey!).catch(() => undefined);
      }
    }
    return finished;
  }
}

function requireEtag(write: RowWrite): string {
  if (!write.etag) throw new AppError("precondition_required", "Send the record's ETag in If-Match to change it.");
  return write.etag;
}

export const changeIdsOf = (row: RowProperties): string => String(row[changesProperty] ?? "");
