/**
 * Everything that reads or changes leads, opportunities and cases, for the API,
 * the tab and the bot alike. Each method asks the policy before it touches
 * storage; a record the caller may not read is reported exactly like a missing one.
 */
import type { FieldProblem } from "../errors/app-error.js";
import { AppError, forbidden, invalidInput, notFound } from "../errors/app-error.js";
import type { FieldValue, RecordData } from "../domain/forms.js";
import { checkRecordData, limits, systemProperties, titleField } from "../domain/forms.js";
import { newId } from "../domain/ids.js";
import type { Pipeline } from "../domain/pipelines.js";
import { firstOpenStage } from "../domain/pipelines.js";
import type { CrmRecord, Note, StoredNote } from "../domain/records.js";
import { toFlatRecord } from "../domain/records.js";
import { toCsv } from "../domain/csv.js";
import { fieldChanges } from "../domain/history.js";
import { decideOnEntity, decideOnRecord, fieldAccess, hiddenFields } from "../policy/decide.js";
import type { Actor, Decision, EntityType, RecordAction, ResourceRef } from "../policy/model.js";
import { entityLabels } from "../policy/model.js";
import type { AuditEntry } from "../storage/audit-repository.js";
import type { ChangeWriter, DomainEvent } from "../storage/change-writer.js";
import type { ConfigRepository } from "../storage/config-repository.js";
import type { FilterKey, ListQuery, Page, RecordRepository, StoredRecord } from "../storage/record-repository.js";
import type { NoteRepository } from "../storage/note-repository.js";
import { fillNote } from "../workflows/placeholders.js";
import { auditDenial } from "./audit-context.js";
import type { Clock } from "./clock.js";

interface ListParams {
  /** "me", "all" or a user id. */
  owner?: string;
  search?: string;
  filters?: Partial<Record<FilterKey, string>>;
  sort?: ListQuery["sort"];
  pageSize?: number;
  continuationToken?: string;
}

/** A record as the caller may see it: hidden fields removed. */
export interface VisibleRecord {
  record: CrmRecord;
  hidden: string[];
}

export const exportLimit = 10_000;

/** Checks a change of a record's status (the case workflow's transitions, case-status-guard.ts); throws to refuse. */
export type StatusGuard = (actor: Actor, record: CrmRecord, to: unknown) => Promise<void>;

interface PreparedCreate {
  record: CrmRecord;
  events: DomainEvent[];
  reason: string;
}

const resourceOf = (record: Pick<CrmRecord, "ownerId" | "teamIds">, tenantId: string): ResourceRef => ({
  tenantId,
  ownerId: record.ownerId,
  teamIds: record.teamIds,
});

export class RecordService {
  constructor(
    private readonly records: RecordRepository,
    private readonly notes: NoteRepository,
    private readonly config: ConfigRepository,
    private readonly changes: ChangeWriter,
    private readonly clock: Clock,
    /** Asked whenever a record's status changes (the case workflow's transitions). */
    private readonly statusGuard: StatusGuard,
  ) {}

  private async deny(actor: Actor, action: string, decision: Decision, target: { entity?: string; recordId?: string }): Promise<void> {
    await auditDenial(this.changes.audit, this.clock, actor, action, decision, target);
  }

  /**
   * The record if the actor may do `action` on it; 404 when they may not even read it, 403 otherwise.
   * `preloaded` is the same record an earlier check of this request read (the route's requirement):
   * it saves the storage read, never the decisions, which are made again here.
   */
  async load(actor: Actor, entity: EntityType, id: string, action: RecordAction = "read", preloaded?: StoredRecord): Promise<StoredRecord> {
    const record = preloaded && preloaded.entity === entity && preloaded.id === id ? preloaded : await this.records.get(actor.tenantId, entity, id);
    if (!record) throw notFound(entityLabels[entity].one);
    const read = decideOnRecord(actor, "read", entity, resourceOf(record, actor.tenantId));
    if (!read.allowed) {
      await this.deny(actor, `${entity}.read`, read, { entity, recordId: id });
      throw notFound(entityLabels[entity].one);
    }
    if (action !== "read") {
      const decision = decideOnRecord(actor, action, entity, resourceOf(record, actor.tenantId));
      if (!decision.allowed) {
        await this.deny(actor, `${entity}.${action}`, decision, { entity, recordId: id });
        throw forbidden(decision.reason);
      }
    }
    return record;
  }

  /**
   * Which of these records the actor may read now, as `entity|id` keys, for views that
   * show results about many records (workflow runs, dead letters): one point read per
   * record, none for an entity they read in full. A record that is gone is readable
   * only to those who read every record of its kind. No denial is audited: nobody asked
   * for these records by name.
   */
  async readableRecords(actor: Actor, refs: Iterable<{ entity: EntityType; recordId: string }>): Promise<Set<string>> {
    const readable = new Set<string>();
    const pending = new Map<string, { entity: EntityType; recordId: string }>();
    for (const ref of refs) {
      const key = `${ref.entity}|${ref.recordId}`;
      if (decideOnEntity(actor, "read", ref.entity).scope === "all") readable.add(key);
      else if (!readable.has(key)) pending.set(key, ref);
    }
    await Promise.all(
      [...pending].map(async ([key, { entity, recordId }]) => {
        const record = await this.records.get(actor.tenantId, entity, recordId);
        if (record && decideOnRecord(actor, "read", entity, resourceOf(record, actor.tenantId)).allowed) readable.add(key);
      }),
    );
    return readable;
  }

  /**
   * The record as the actor may see it, or undefined when they may not read it or it
   * is gone. No denial is audited: nobody asked (a notification about the record).
   */
  async seenBy(actor: Actor, entity: EntityType, id: string): Promise<VisibleRecord | undefined> {
    const record = await this.records.get(actor.tenantId, entity, id);
    if (!record || !decideOnRecord(actor, "read", entity, resourceOf(record, actor.tenantId)).allowed) return undefined;
    return this.visible(actor, record);
  }

  visible(actor: Actor, record: CrmRecord): VisibleRecord {
    return { record, hidden: hiddenFields(actor, record.entity, Object.keys(record.fields)) };
  }

  async get(actor: Actor, entity: EntityType, id: string, preloaded?: StoredRecord): Promise<VisibleRecord> {
    return this.visible(actor, await this.load(actor, entity, id, "read", preloaded));
  }

  async list(actor: Actor, entity: EntityType, params: ListParams): Promise<Page<VisibleRecord>> {
    const page = await this.records.list(actor.tenantId, entity, await this.scopedQuery(actor, entity, params, "read"));
    return { items: page.items.map((record) => this.visible(actor, record)), ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}) };
  }

  /** Every record the actor may export (at most `exportLimit`), with hidden fields removed. */
  async export(actor: Actor, entity: EntityType, params: Omit<ListParams, "pageSize" | "continuationToken">): Promise<{ items: VisibleRecord[]; truncated: boolean }> {
    const { records, truncated } = await this.scan(actor, entity, params, "export");
    await this.changes.audit.append({
      id: newId(this.clock.now().getTime()),
      tenantId: actor.tenantId,
      at: this.clock.now().toISOString(),
      actorId: actor.userId,
      actorKind: actor.kind,
      action: `${entity}.export`,
      outcome: "allowed",
      reason: `exported ${records.length} ${entityLabels[entity].many}`,
      entity,
    });
    return { items: records.map((record) => this.visible(actor, record)), truncated };
  }

  /** The export as CSV: one column per form field the actor may see (never a hidden field's label), then owner and times. */
  async exportCsv(actor: Actor, entity: EntityType, params: Omit<ListParams, "pageSize" | "continuationToken">): Promise<{ csv: string; truncated: boolean }> {
    const { items, truncated } = await this.export(actor, entity, params);
    const form = await this.config.getForm(actor.tenantId, entity);
    const columns = [
      { key: "id", label: "Id" },
      ...form.fields.filter((field) => fieldAccess(actor, entity, field.key) !== "hidden").map((field) => ({ key: field.key, label: field.label })),
      { key: "ownerId", label: "Owner" },
      { key: "createdAt", label: "Created" },
      { key: "updatedAt", label: "Updated" },
    ];
    return {
      csv: toCsv(
        columns,
        items.map(({ record, hidden }) => toFlatRecord(record, hidden)),
      ),
      truncated,
    };
  }

  /** What happened to the record, from the audit log: allowed changes only, without the fields the actor may not see. */
  async history(actor: Actor, entity: EntityType, id: string, pageSize: number, continuationToken?: string, preloaded?: StoredRecord) {
    await this.load(actor, entity, id, "read", preloaded);
    const page = await this.changes.audit.history(actor.tenantId, entity, id, pageSize, continuationToken);
    const visible = (field: string) => field === "ownerId" || fieldAccess(actor, entity, field) !== "hidden";
    const items = page.items.filter((entry) => entry.outcome === "allowed").map(({ before, after, ...entry }) => ({ ...entry, changes: fieldChanges(before, after, visible) }));
    return { ...page, items };
  }

  /**
   * Reads every record within the actor's scope for `action` (at most `exportLimit`),
   * for exports and reports. Hidden fields are still present: callers remove them.
   */
  async scan(actor: Actor, entity: EntityType, params: Omit<ListParams, "pageSize" | "continuationToken">, action: "read" | "export" = "read"): Promise<{ records: CrmRecord[]; truncated: boolean }> {
    const query = await this.scopedQuery(actor, entity, { ...params, pageSize: 100 }, action);
    const records: CrmRecord[] = [];
    let token: string | undefined;
    do {
      const page = await this.records.list(actor.tenantId, entity, { ...query, ...(token ? { continuationToken: token } : {}) });
      records.push(...page.items);
      token = page.continuationToken;
    } while (token && records.length < exportLimit);
    return { records: records.slice(0, exportLimit), truncated: token !== undefined || records.length > exportLimit };
  }

  /** The storage query for a list, narrowed to what `action` allows the actor to see. */
  private async scopedQuery(actor: Actor, entity: EntityType, params: ListParams, action: "read" | "export"): Promise<ListQuery> {
    const decision = decideOnEntity(actor, action, entity);
    if (!decision.allowed) {
      await this.deny(actor, `${entity}.${action === "read" ? "list" : action}`, decision, { entity });
      throw forbidden(decision.reason);
    }
    // Filtering, searching or sorting on a hidden field would tell its values.
    const hiddenUse = [
      ...Object.keys(params.filters ?? {}).filter((field) => params.filters?.[field as FilterKey] !== undefined),
      ...(params.search || params.sort === "title" ? [titleField[entity]] : []),
    ].filter((field) => fieldAccess(actor, entity, field) === "hidden");
    if (hiddenUse.length > 0) {
      throw invalidInput(hiddenUse.map((field) => ({ field, message: "Your role may not see this field, so lists cannot be filtered or sorted by it." })));
    }
    const query: ListQuery = {
      filters: params.filters ?? {},
      sort: params.sort ?? "newest",
      pageSize: Math.min(Math.max(params.pageSize ?? 25, 1), 100),
      ...(params.search ? { search: params.search } : {}),
      ...(params.continuationToken ? { continuationToken: params.continuationToken } : {}),
    };
    const owner = params.owner ?? (decision.scope === "own" ? "me" : "all");
    if (owner === "me" || decision.scope === "own") {
      if (owner !== "me" && owner !== "all" && owner !== actor.userId) throw forbidden(`only their own ${entityLabels[entity].many} are visible to this user`);
      query.ownerId = actor.userId;
      // The index copy may lag a reassignment: only rows the actor still owns are listed.
      query.accept = (record) => record.ownerId === actor.userId;
    } else if (owner !== "all") {
      query.ownerId = owner;
      if (decision.scope === "team") {
        const target = await this.config.getUser(actor.tenantId, owner);
        const check = decideOnRecord(actor, action, entity, { tenantId: actor.tenantId, ownerId: owner, teamIds: target?.teamIds ?? [] });
        if (!check.allowed) throw forbidden(check.reason);
        // Records keep the teams their owner had when written; each one must still be in scope.
        query.accept = (record) => decideOnRecord(actor, action, entity, resourceOf(record, actor.tenantId)).allowed;
      }
    } else if (decision.scope === "team") {
      query.accept = (record) => decideOnRecord(actor, action, entity, resourceOf(record, actor.tenantId)).allowed;
    }
    return query;
  }

  async create(actor: Actor, entity: EntityType, input: Record<string, unknown>): Promise<VisibleRecord> {
    return this.commitCreate(actor, await this.prepareCreate(actor, entity, input));
  }

  /** Everything `create` checks and builds, without writing: the record is ready for `commitCreate`. */
  private async prepareCreate(actor: Actor, entity: EntityType, input: Record<string, unknown>, id?: string): Promise<PreparedCreate> {
    const decision = decideOnEntity(actor, "create", entity);
    if (!decision.allowed) {
      await this.deny(actor, `${entity}.create`, decision, { entity });
      throw forbidden(decision.reason);
    }
    const { ownerId: requestedOwner, fields } = this.splitInput(input);
    const form = await this.config.getForm(actor.tenantId, entity);
    const problems = [...checkRecordData(form.fields, fields, "create"), ...this.writeProblems(actor, entity, fields)];
    const data = await this.withPipelineDefaults(actor.tenantId, entity, { ...fields } as RecordData, problems);
    if (problems.length > 0) throw invalidInput(problems);
    const owner = await this.ownerFor(actor, entity, requestedOwner ?? actor.userId);
    // A case's assignee is given work like an owner: same assign rules, an active user of the tenant.
    if (entity === "case" && typeof data.assigneeId === "string") await this.ownerFor(actor, entity, data.assigneeId, "fields.assigneeId");
    const now = this.clock.now().toISOString();
    const recordId = id ?? newId(this.clock.now().getTime());
    const record: CrmRecord = {
      id: recordId,
      entity,
      ownerId: owner.userId,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.userId,
      etag: "",
      teamIds: owner.teamIds,
      fields: data,
    };
    const events: DomainEvent[] = [{ type: "record.created", tenantId: actor.tenantId, entity, recordId, ownerId: owner.userId, actorId: actor.userId }];
    if (owner.userId !== actor.userId) events.push({ type: "record.assigned", tenantId: actor.tenantId, entity, recordId, ownerId: owner.userId, actorId: actor.userId });
    return { record, events, reason: decision.reason };
  }

  private async commitCreate(actor: Actor, prepared: PreparedCreate): Promise<VisibleRecord> {
    const { record, events, reason } = prepared;
    record.etag = await this.write(actor, record, "create", `${record.entity}.create`, reason, undefined, events);
    return this.visible(actor, record);
  }

  async update(actor: Actor, entity: EntityType, id: string, etag: string | undefined, input: Record<string, unknown>, preloaded?: StoredRecord): Promise<VisibleRecord> {
    const existing = await this.load(actor, entity, id, "update", preloaded);
    if (!etag) throw new AppError("precondition_required", "Send the record's ETag in If-Match, so that nobody's change is overwritten unseen.");
    if (existing.etag !== etag) throw stale();
    const { ownerId: requestedOwner, fields } = this.splitInput(input);
    const form = await this.config.getForm(actor.tenantId, entity);
    const problems = [...checkRecordData(form.fields, fields, "update"), ...this.writeProblems(actor, entity, fields)];
    const merged: RecordData = { ...existing.fields };
    for (const [key, value] of Object.entries(fields)) {
      if (value === null || value === "") delete merged[key];
      else merged[key] = value as FieldValue;
    }
    const data = await this.withPipelineDefaults(actor.tenantId, entity, merged, problems, existing.fields);
    if (problems.length > 0) throw invalidInput(problems);
    if (existing.fields.status !== data.status) await this.statusGuard(actor, existing, data.status);
    if (entity === "case" && typeof data.assigneeId === "string" && data.assigneeId !== existing.fields.assigneeId) {
      await this.checkAssign(actor, entity, existing);
      await this.ownerFor(actor, entity, data.assigneeId, "fields.assigneeId");
    }
    let owner = { userId: existing.ownerId, teamIds: existing.teamIds };
    const events: DomainEvent[] = [];
    if (requestedOwner !== undefined && requestedOwner !== existing.ownerId) {
      await this.checkAssign(actor, entity, existing);
      owner = await this.ownerFor(actor, entity, requestedOwner);
      events.push({ type: "record.assigned", tenantId: actor.tenantId, entity, recordId: id, ownerId: owner.userId, previousOwnerId: existing.ownerId, actorId: actor.userId });
    }
    events.push(...changeEvents(actor, existing, data));
    const record: CrmRecord = { ...existing, ownerId: owner.userId, teamIds: owner.teamIds, fields: data, updatedAt: this.clock.now().toISOString(), updatedBy: actor.userId };
    record.etag = await this.write(actor, record, "replace", `${entity}.update`, "allowed by the role policy", existing, events);
    return this.visible(actor, record);
  }

  async assign(actor: Actor, entity: EntityType, id: string, newOwnerId: string, etag?: string, preloaded?: StoredRecord): Promise<VisibleRecord> {
    const existing = await this.load(actor, entity, id, "read", preloaded);
    await this.checkAssign(actor, entity, existing);
    if (etag && etag !== existing.etag) throw stale();
    if (newOwnerId === existing.ownerId) return this.visible(actor, existing);
    const owner = await this.ownerFor(actor, entity, newOwnerId);
    const record: CrmRecord = { ...existing, ownerId: owner.userId, teamIds: owner.teamIds, updatedAt: this.clock.now().toISOString(), updatedBy: actor.userId };
    const events: DomainEvent[] = [{ type: "record.assigned", tenantId: actor.tenantId, entity, recordId: id, ownerId: owner.userId, previousOwnerId: existing.ownerId, actorId: actor.userId }];
    record.etag = await this.write(actor, record, "replace", `${entity}.assign`, "allowed by the role policy", existing, events);
    return this.visible(actor, record);
  }

  async remove(actor: Actor, entity: EntityType, id: string, etag: string | undefined, preloaded?: StoredRecord): Promise<void> {
    const existing = await this.load(actor, entity, id, "delete", preloaded);
    if (etag && etag !== existing.etag) throw stale();
    await this.write(actor, existing, "delete", `${entity}.delete`, "allowed by the role policy", existing, [
      { type: "record.deleted", tenantId: actor.tenantId, entity, recordId: id, ownerId: existing.ownerId, actorId: actor.userId },
    ]);
  }

  /** A workflow's note is filled for the reader: the values it kept that their field rules show, labels elsewhere. */
  async listNotes(actor: Actor, entity: EntityType, id: string, pageSize: number, continuationToken?: string, preloaded?: StoredRecord): Promise<Page<Note>> {
    await this.load(actor, entity, id, "read", preloaded);
    const page = await this.notes.list(actor.tenantId, entity, id, pageSize, continuationToken);
    const shows = (field: string) => fieldAccess(actor, entity, field) !== "hidden";
    return { ...page, items: page.items.map(({ template, ...note }: StoredNote) => (template ? { ...note, text: fillNote(template, shows) } : note)) };
  }

  /** Anyone who may update a record may add a note to it. */
  async addNote(actor: Actor, entity: EntityType, id: string, text: string, preloaded?: StoredRecord): Promise<Note> {
    await this.load(actor, entity, id, "update", preloaded);
    const trimmed = text.trim();
    if (trimmed === "") throw invalidInput([{ field: "text", message: "A note needs some text." }]);
    const now = this.clock.now();
    const note: Note = { id: newId(now.getTime()), recordId: id, authorId: actor.userId, text: trimmed, createdAt: now.toISOString() };
    await this.notes.add(actor.tenantId, entity, note, {
      id: note.id,
      tenantId: actor.tenantId,
      at: note.createdAt,
      actorId: actor.userId,
      actorKind: actor.kind,
      action: `${entity}.note`,
      outcome: "allowed",
      reason: "may update this record",
      entity,
      recordId: id,
      after: { text: trimmed.slice(0, 500) },
    });
    return note;
  }

  /**
   * Turns a qualified lead into an opportunity. The lead is claimed first (it
   * records the new opportunity's id, with If-Match), so two conversions at once
   * give one opportunity and one 412; a conversion cut short is finished by the next.
   */
  async convertLead(actor: Actor, leadId: string, input: Record<string, unknown>, preloaded?: StoredRecord): Promise<{ lead: VisibleRecord; opportunity: VisibleRecord }> {
    const lead = await this.load(actor, "lead", leadId, "update", preloaded);
    const create = decideOnEntity(actor, "create", "opportunity");
    if (!create.allowed) {
      await this.deny(actor, "lead.convert", create, { entity: "lead", recordId: leadId });
      throw forbidden(create.reason);
    }
    const alreadyDone = lead.convertedTo ? await this.records.get(actor.tenantId, "opportunity", lead.convertedTo) : undefined;
    if (alreadyDone || (!lead.convertedTo && lead.fields.status === "Converted")) throw new AppError("conflict", "This lead has already been converted.");
    const opportunityForm = await this.config.getForm(actor.tenantId, "opportunity");
    const known = new Set(opportunityForm.fields.map((field) => field.key));
    const mapped: Record<string, unknown> = {};
    // A field the actor may not see on the lead must not reappear on the opportunity.
    const copy = (from: string, to: string) => {
      const value = lead.fields[from];
      if (value !== undefined && value !== null && known.has(to) && fieldAccess(actor, "lead", from) !== "hidden") mapped[to] = value;
    };
    copy("name", "name");
    copy("company", "account");
    copy("value", "amount");
    const opportunityId = lead.convertedTo ?? newId(this.clock.now().getTime());
    const prepared = await this.prepareCreate(actor, "opportunity", { ...mapped, ...input, ownerId: lead.ownerId === actor.userId ? undefined : lead.ownerId }, opportunityId);
    let claimed: CrmRecord = lead;
    if (!lead.convertedTo) {
      const leadForm = await this.config.getForm(actor.tenantId, "lead");
      const canMark = leadForm.fields.find((field) => field.key === "status")?.options?.includes("Converted") ?? false;
      const fields: RecordData = canMark ? { ...lead.fields, status: "Converted" } : lead.fields;
      claimed = { ...lead, fields, convertedTo: opportunityId, updatedAt: this.clock.now().toISOString(), updatedBy: actor.userId };
      claimed.etag = await this.write(actor, claimed, "replace", "lead.convert", "may update the lead and create opportunities", lead, changeEvents(actor, lead, fields));
    }
    const opportunity = await this.commitCreate(actor, prepared);
    return { lead: this.visible(actor, claimed), opportunity };
  }

  private splitInput(input: Record<string, unknown>): { ownerId?: string; fields: Record<string, unknown> } {
    const problems: FieldProblem[] = [];
    const fields: Record<string, unknown> = {};
    let ownerId: string | undefined;
    for (const [key, value] of Object.entries(input)) {
      if (key === "ownerId") {
        if (value === undefined) continue;
        if (typeof value !== "string" || !/^[A-Za-z0-9._@-]{1,128}$/.test(value)) problems.push({ field: "ownerId", message: "ownerId must be a user id." });
        else ownerId = value;
      } else if ((systemProperties as readonly string[]).includes(key)) {
        problems.push({ field: key, message: `${key} is set by the system and cannot be written.` });
      } else fields[key] = value;
    }
    if (problems.length > 0) throw invalidInput(problems);
    return { ...(ownerId !== undefined ? { ownerId } : {}), fields };
  }

  private writeProblems(actor: Actor, entity: EntityType, fields: Record<string, unknown>): FieldProblem[] {
    const problems: FieldProblem[] = [];
    for (const key of Object.keys(fields)) {
      if (fieldAccess(actor, entity, key) !== "write") problems.push({ field: `fields.${key}`, message: "Your role may not change this field." });
    }
    const bytes = Buffer.byteLength(JSON.stringify(fields));
    if (bytes > limits.recordDataBytes) {
      throw new AppError("payload_too_large", `This record is too large to store (${bytes} bytes; at most ${limits.recordDataBytes}).`);
    }
    return problems;
  }

  /** Opportunities always sit in a pipeline stage; the stage sets the default probability. */
  private async withPipelineDefaults(tenantId: string, entity: EntityType, data: RecordData, problems: FieldProblem[], before?: RecordData): Promise<RecordData> {
    if (entity !== "opportunity") return data;
    const pipelines = await this.config.listPipelines(tenantId);
    const pipeline: Pipeline | undefined = pipelines.find((candidate) => candidate.id === (data.pipelineId ?? pipelines[0]?.id));
    if (!pipeline) {
      problems.push({ field: "fields.pipelineId", message: "There is no such pipeline." });
      return data;
    }
    const stageId = (data.stageId as string | undefined) ?? firstOpenStage(pipeline)?.id;
    const stage = pipeline.stages.find((candidate) => candidate.id === stageId);
    if (!stage) {
      problems.push({ field: "fields.stageId", message: `The pipeline "${pipeline.name}" has no such stage.` });
      return data;
    }
    const stageChanged = before !== undefined && before.stageId !== stage.id;
    const probability = data.probability === undefined || (stageChanged && data.probability === before?.probability) ? stage.probability : data.probability;
    return { ...data, pipelineId: pipeline.id, stageId: stage.id, probability };
  }

  private async checkAssign(actor: Actor, entity: EntityType, record: CrmRecord): Promise<void> {
    const decision = decideOnRecord(actor, "assign", entity, resourceOf(record, actor.tenantId));
    if (!decision.allowed) {
      await this.deny(actor, `${entity}.assign`, decision, { entity, recordId: record.id });
      throw forbidden(decision.reason);
    }
  }

  /** The new owner must be an active user of the tenant, and within the actor's assign scope. */
  private async ownerFor(actor: Actor, entity: EntityType, ownerId: string, field = "ownerId"): Promise<{ userId: string; teamIds: string[] }> {
    if (ownerId === actor.userId) return { userId: actor.userId, teamIds: [...actor.teamIds] };
    const owner = await this.config.getUser(actor.tenantId, ownerId);
    if (!owner || !owner.active) throw invalidInput([{ field, message: "There is no active user with this id in your organisation." }]);
    const decision = decideOnRecord(actor, "assign", entity, { tenantId: actor.tenantId, ownerId, teamIds: owner.teamIds });
    if (!decision.allowed) {
      await this.deny(actor, `${entity}.assign`, decision, { entity });
      throw forbidden(decision.reason);
    }
    return { userId: owner.userId, teamIds: owner.teamIds };
  }

  private async write(
    actor: Actor,
    record: CrmRecord,
    op: "create" | "replace" | "delete",
    action: string,
    reason: string,
    before: (CrmRecord & { changeIds?: string }) | undefined,
    events: DomainEvent[],
  ): Promise<string> {
    const changeId = newId(this.clock.now().getTime());
    const audit: AuditEntry = {
      id: changeId,
      tenantId: actor.tenantId,
      at: this.clock.now().toISOString(),
      actorId: actor.userId,
      actorKind: actor.kind,
      action,
      outcome: "allowed",
      reason,
      entity: record.entity,
      recordId: record.id,
      ...(before ? { before: { ownerId: before.ownerId, ...before.fields } } : {}),
      ...(op !== "delete" ? { after: { ownerId: record.ownerId, ...record.fields } } : {}),
    };
    return this.records.write(actor.tenantId, record, op, { audit, events, ...(before ? { before } : {}) });
  }
}

const stale = () => new AppError("precondition_failed", "Someone else changed this record since you loaded it. Reload to see their change, then apply yours again.");

function changeEvents(actor: Actor, before: CrmRecord, after: RecordData): DomainEvent[] {
  const events: DomainEvent[] = [];
  const base = { tenantId: actor.tenantId, entity: before.entity, recordId: before.id, ownerId: before.ownerId, actorId: actor.userId };
  if (before.entity === "opportunity" && before.fields.stageId !== after.stageId) {
    events.push({ type: "opportunity.stageChanged", ...base, from: before.fields.stageId ?? null, to: after.stageId ?? null });
  }
  if (before.entity === "case" && before.fields.assigneeId !== after.assigneeId && typeof after.assigneeId === "string") {
    events.push({ type: "case.assigneeChanged", ...base, assigneeId: after.assigneeId, previousAssigneeId: before.fields.assigneeId ?? null });
  }
  if (before.fields.status !== after.status) events.push({ type: "record.statusChanged", ...base, from: before.fields.status ?? null, to: after.status ?? null });
  events.push({ type: "record.updated", ...base });
  return events;
}
