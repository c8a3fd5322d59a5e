/**
 * What the API offers on workflows. Configuration asks the policy for the
 * `workflows` permission first (Owner, or a role the Owner gave it); runs on a
 * record and tasks follow the record and the caller, like everything else.
 */
import { AppError, forbidden, invalidInput, notFound } from "../errors/app-error.js";
import { newId } from "../domain/ids.js";
import type { Actor, Decision, EntityType } from "../policy/model.js";
import { decideGrant, decideOnEntity } from "../policy/decide.js";
import { isRecordEntity } from "../domain/audit-view.js";
import type { AuditRepository } from "../storage/audit-repository.js";
import type { ConfigRepository } from "../storage/config-repository.js";
import { deadLetterListLimit } from "../storage/dead-letters.js";
import type { StoredWorkflow } from "../storage/workflow-repository.js";
import type { WorkflowDeadLetter as DeadLetter, WorkflowStores } from "../storage/workflow-stores.js";
import type { AuthoredWorkflow } from "../workflows/authoring-policy.js";
import { decideAuthoring } from "../workflows/authoring-policy.js";
import type { CaseWorkflow } from "../workflows/case-workflow.js";
import { checkCaseWorkflow, defaultCaseWorkflow, slaWorkflows } from "../workflows/case-workflow.js";
import { evaluateConditions } from "../workflows/conditions.js";
import type { PersonName } from "../workflows/describe.js";
import { describeAction, describeCondition, describeTrigger, namePeople, namePeopleLoosely } from "../workflows/describe.js";
import type { WorkflowEngine } from "../workflows/engine/workflow-engine.js";
import type { ShownDryRun, ShownRun } from "../workflows/hidden-fields.js";
import {
  basisOf,
  basisOfDefinition,
  basisOfRun,
  fieldsOfAction,
  hidesAnyField,
  mayReadNotification,
  mayShowDeadLetter,
  shownDryRun,
  shownLastRun,
  shownRun,
  withheldText,
} from "../workflows/hidden-fields.js";
import type { WorkflowDefinition, WorkflowInput } from "../workflows/model.js";
import { workflowLimits } from "../workflows/model.js";
import type { RunRecord } from "../workflows/runs.js";
import type { TemplateOptions } from "../workflows/templates.js";
import { findWorkflowTemplate, workflowTemplates } from "../workflows/templates.js";
import { checkWorkflowDefinition } from "../workflows/validate.js";
import type { ActorService } from "./actor-service.js";
import { auditDenial } from "./audit-context.js";
import type { Clock } from "./clock.js";
import type { ConfigService } from "./config-service.js";
import type { RecordService } from "./record-service.js";

/** A dry run as the viewer may see it (hidden-fields.ts). */
type DryRunResult = ShownDryRun;

const publicWorkflow = ({ changeIds: _c, ...workflow }: StoredWorkflow) => workflow;

/** The tenant's people, from one read of its users: a name for an id, and every id (for texts that do not say whom they name). */
interface People {
  name: PersonName;
  ids: string[];
}

/**
 * A stored run as readers see it, people by display name: the marked references
 * exactly; its message (error texts) by the ids its actions name. A run recorded
 * before the marks (no `people`) is named loosely by every user of the tenant.
 */
function namedRun({ people: named, ...run }: ShownRun, people: People): Omit<ShownRun, "people"> {
  const text = named ? (value: string) => namePeople(value, people.name) : (value: string) => namePeopleLoosely(value, people.ids, people.name);
  return {
    ...run,
    actions: run.actions.map((action) => ({ ...action, description: text(action.description), ...(action.detail !== undefined ? { detail: text(action.detail) } : {}) })),
    ...(run.message !== undefined ? { message: namePeopleLoosely(run.message, named ?? people.ids, people.name) } : {}),
  };
}

/** What the workflow service works through besides the engine. */
interface WorkflowServiceParts {
  clock: Clock;
  records: RecordService;
  config: ConfigRepository;
  configuration: ConfigService;
  actors: ActorService;
  audit: AuditRepository;
}

export class WorkflowService {
  /** What workflows keep: definitions, runs and summaries, dead letters, tasks. */
  private readonly stores: WorkflowStores;

  constructor(
    private readonly engine: WorkflowEngine,
    private readonly services: WorkflowServiceParts,
  ) {
    this.stores = engine.stores;
  }

  private require(actor: Actor, action: string): Promise<void> {
    return this.services.configuration.require(actor, "workflows", action);
  }

  /**
   * Each workflow with its last run and open dead letters, from the summary rows (two
   * reads in all), as the viewer may see them: a viewer whose roles hide some field
   * may not see every letter either, so for them the letters are read and the ones
   * they may see counted.
   */
  async list(actor: Actor) {
    await this.require(actor, "workflow.list");
    const [workflows, summaries] = await Promise.all([this.stores.definitions.list(actor.tenantId), this.stores.summaries.list(actor.tenantId)]);
    const seesPart = (entity: EntityType) => hidesAnyField(actor, entity) || decideOnEntity(actor, "read", entity).scope !== "all";
    const counted = workflows.some((workflow) => seesPart(workflow.entity))
      ? letterCounts(await this.visibleLetters(actor, await this.stores.queue.letters.list(actor.tenantId), new Map(workflows.map((workflow) => [workflow.id, workflow]))))
      : undefined;
    const lastRecords = workflows.flatMap((workflow) => {
      const lastRun = summaries.get(workflow.id)?.lastRun;
      return lastRun ? [{ entity: workflow.entity, recordId: lastRun.recordId }] : [];
    });
    const readable = await this.services.records.readableRecords(actor, lastRecords);
    return workflows.map((workflow) => {
      const summary = summaries.get(workflow.id);
      const mayRead = summary?.lastRun !== undefined && readable.has(`${workflow.entity}|${summary.lastRun.recordId}`);
      const lastRun = mayRead && summary?.lastRun && shownLastRun(actor, workflow.entity, summary.lastRun, summary.lastRunBasis ?? basisOfDefinition(workflow));
      return { ...publicWorkflow(workflow), ...(lastRun ? { lastRun } : {}), openDeadLetters: counted ? (counted.get(workflow.id) ?? 0) : (summary?.openDeadLetters ?? 0) };
    });
  }

  async get(actor: Actor, id: string) {
    await this.require(actor, "workflow.read");
    return publicWorkflow(await this.find(actor.tenantId, id));
  }

  async create(actor: Actor, input: WorkflowInput) {
    await this.require(actor, "workflow.create");
    const existing = await this.stores.definitions.list(actor.tenantId);
    if (existing.length >= workflowLimits.workflowsPerTenant) throw new AppError("conflict", `A tenant has at most ${workflowLimits.workflowsPerTenant} workflows.`);
    const roleIds = runAsIds(actor, input.roleIds);
    await this.authorise(actor, [this.normalise(input)], roleIds, "workflow.create");
    await this.check(actor.tenantId, input, existing);
    const now = this.services.clock.now().toISOString();
    const workflow: WorkflowDefinition = {
      ...this.normalise(input),
      roleIds,
      id: newId(this.services.clock.now().getTime()),
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.userId,
    };
    const etag = await this.stores.definitions.save(actor, "workflow.create", workflow);
    return { ...workflow, etag };
  }

  async update(actor: Actor, id: string, input: WorkflowInput, etag?: string) {
    await this.require(actor, "workflow.update");
    const previous = await this.find(actor.tenantId, id);
    if (etag && etag !== previous.etag) throw stale();
    const roleIds = runAsIds(actor, input.roleIds);
    await this.authorise(actor, [this.normalise(input)], roleIds, "workflow.update");
    const all = await this.stores.definitions.list(actor.tenantId);
    await this.check(
      actor.tenantId,
      input,
      all.filter((other) => other.id !== id),
    );
    const workflow: WorkflowDefinition = {
      ...this.normalise(input),
      roleIds,
      id,
      createdAt: previous.createdAt,
      updatedAt: this.services.clock.now().toISOString(),
      updatedBy: actor.userId,
    };
    return { ...workflow, etag: await this.stores.definitions.save(actor, "workflow.update", workflow, previous) };
  }

  async setEnabled(actor: Actor, id: string, enabled: boolean) {
    await this.require(actor, enabled ? "workflow.enable" : "workflow.disable");
    const previous = await this.find(actor.tenantId, id);
    const roleIds = enabled ? runAsIds(actor, previous.roleIds) : previous.roleIds;
    if (enabled) {
      await this.authorise(actor, [previous], roleIds, "workflow.enable");
      const all = await this.stores.definitions.list(actor.tenantId);
      await this.check(
        actor.tenantId,
        { ...previous, enabled: true },
        all.filter((other) => other.id !== id),
      );
    }
    const workflow: WorkflowDefinition = { ...stripStored(previous), roleIds, enabled, updatedAt: this.services.clock.now().toISOString(), updatedBy: actor.userId };
    return { ...workflow, etag: await this.stores.definitions.save(actor, enabled ? "workflow.enable" : "workflow.disable", workflow, previous) };
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.require(actor, "workflow.delete");
    await this.stores.definitions.remove(actor, await this.find(actor.tenantId, id));
  }

  // ---- templates ----

  async templates(actor: Actor) {
    await this.require(actor, "workflow.templates");
    return workflowTemplates.map(({ id, name, description, needs, build }) => ({ id, name, description, needs, workflow: build({}) }));
  }

  async createFromTemplate(actor: Actor, templateId: string, options: TemplateOptions & { enabled?: boolean }) {
    const template = findWorkflowTemplate(templateId);
    if (!template) throw notFound("template");
    const missing = template.needs.filter((need) => options[need] === undefined);
    if (missing.length > 0)
      throw invalidInput(
        missing.map((need) => ({ field: need, message: "This template needs it." })),
        "The template needs a few choices.",
      );
    return this.create(actor, { ...template.build(options), enabled: options.enabled ?? true });
  }

  // ---- dry run, manual run, history ----

  /** What the workflow would do to this record now; writes nothing. */
  private async dryRun(actor: Actor, workflow: WorkflowDefinition, recordId: string): Promise<DryRunResult> {
    const { record } = await this.services.records.get(actor, workflow.entity, recordId);
    const [people, form] = await Promise.all([this.people(actor.tenantId), this.services.config.getForm(actor.tenantId, workflow.entity)]);
    const userFields = new Set(form.fields.filter((field) => field.type === "user").map((field) => field.key));
    const conditions = evaluateConditions(workflow.conditions, record);
    const now = this.services.clock.now();
    const context = {
      tenantId: actor.tenantId,
      workflow,
      actor: await this.engine.actorFor(actor.tenantId, workflow),
      record,
      now,
      causedAt: now.getTime(),
      depth: 0,
      actionKey: `dry|${newId(now.getTime())}`,
    };
    const actions = [];
    for (const action of workflow.actions) {
      const fields = fieldsOfAction(action, workflow.entity);
      actions.push({
        type: action.type,
        description: describeAction(action, people.name),
        ...(fields.length > 0 ? { fields } : {}),
        preview: conditions.passed ? await this.engine.actions.preview(action, context, actor, people.name) : "nothing: the conditions are not met",
      });
    }
    const dry = {
      workflow: { id: workflow.id, name: workflow.name },
      record: { entity: workflow.entity, id: record.id },
      trigger: describeTrigger(workflow.trigger),
      conditions: { ...conditions, described: workflow.conditions.rules.map((rule) => describeCondition(rule, people.name, userFields)) },
      wouldRun: conditions.passed,
      actions,
    };
    return shownDryRun(actor, dry, basisOf(workflow.trigger, conditions));
  }

  /** Lends the workflow's roles for a moment: needs what saving it needs (`authorise`). */
  async dryRunSaved(actor: Actor, id: string, recordId: string) {
    await this.require(actor, "workflow.dryRun");
    const workflow = stripStored(await this.find(actor.tenantId, id));
    await this.authorise(actor, [workflow], workflow.roleIds ?? [], "workflow.dryRun");
    return this.dryRun(actor, workflow, recordId);
  }

  /** An unsaved definition from the editor, authorised and checked like a save, then dry-run. */
  async dryRunDraft(actor: Actor, input: WorkflowInput, recordId: string) {
    await this.require(actor, "workflow.dryRun");
    const roleIds = runAsIds(actor, input.roleIds);
    const draft = this.normalise(input);
    await this.authorise(actor, [draft], roleIds, "workflow.dryRun");
    await this.check(actor.tenantId, { ...input, enabled: false }, []);
    const now = this.services.clock.now().toISOString();
    return this.dryRun(actor, { ...draft, roleIds, id: "draft", createdAt: now, updatedAt: now, updatedBy: actor.userId }, recordId);
  }

  /** The run acts with the workflow's roles: needs what saving it needs (`authorise`). */
  async runNow(actor: Actor, id: string, recordId: string) {
    await this.require(actor, "workflow.run");
    const workflow = await this.find(actor.tenantId, id);
    await this.authorise(actor, [workflow], workflow.roleIds ?? [], "workflow.run");
    await this.services.records.load(actor, workflow.entity, recordId);
    return { jobKey: await this.engine.enqueueManual(actor, workflow, recordId) };
  }

  async runsOfWorkflow(actor: Actor, id: string, pageSize: number, token?: string) {
    await this.require(actor, "workflow.runs");
    return this.shown(actor, await this.stores.runs.forWorkflow(actor.tenantId, id, pageSize, token));
  }

  /** Anyone who may read the record sees the workflow runs on it. */
  async runsOfRecord(actor: Actor, entity: EntityType, recordId: string, pageSize: number, token?: string) {
    await this.services.records.load(actor, entity, recordId);
    return this.shown(actor, await this.stores.runs.forRecord(actor.tenantId, entity, recordId, pageSize, token));
  }

  /**
   * A page of runs as the viewer may see it (runs on records they may not read left out;
   * `shownRun`: values and results that depend on fields their roles hide concealed, runs
   * whose trigger reads one left out), people
   * by name (one read of the users for the page, none when it is empty). Runs from
   * before runs kept their trigger's fields are judged by the workflow as defined now.
   */
  private async shown(viewer: Actor, page: { items: RunRecord[]; continuationToken?: string }) {
    if (page.items.length === 0) return page;
    const [people, definitions] = await Promise.all([
      this.people(viewer.tenantId),
      page.items.some((run) => !run.triggerFields) ? this.definitionsById(viewer.tenantId) : new Map<string, WorkflowDefinition>(),
    ]);
    const readable = await this.services.records.readableRecords(viewer, page.items.flatMap(runRecord));
    const items = page.items.flatMap((run) => {
      if (!readable.has(`${run.entity}|${run.recordId}`)) return [];
      const shown = shownRun(viewer, run, basisOfRun(run, definitions.get(run.workflowId)));
      return shown ? [namedRun(shown, people)] : [];
    });
    return { ...page, items };
  }

  /** The tenant's workflows by id, the case workflow's SLA rules among them. */
  private async definitionsById(tenantId: string): Promise<Map<string, WorkflowDefinition>> {
    return new Map((await this.engine.workflowsOf(tenantId)).map((workflow) => [workflow.id, workflow]));
  }

  /** The tenant's users, read once per request; an unknown id (a removed user) stays as it is. */
  private async people(tenantId: string): Promise<People> {
    const users = await this.services.config.listUsers(tenantId);
    const names = new Map(users.map((user) => [user.userId, user.displayName || user.userId]));
    return { name: (userId) => names.get(userId) ?? userId, ids: users.map((user) => user.userId) };
  }

  // ---- dead letters ----

  /** The letters the viewer may see (`visibleLetters`). */
  async deadLetters(actor: Actor) {
    await this.require(actor, "workflow.deadLetters");
    const deadLetters = this.stores.queue.letters;
    const counts = await deadLetters.groupCounts(actor.tenantId);
    const letters = await deadLetters.list(actor.tenantId);
    // A complete list also repairs counts that are off (letters from before the summaries).
    if (letters.length < deadLetterListLimit) await deadLetters.repairCounts(actor.tenantId, counts, letters);
    return this.visibleLetters(actor, letters, await this.definitionsById(actor.tenantId));
  }

  /**
   * A letter exists because its job got as far as failing, mostly because its
   * conditions passed: shown only where the viewer may know that (`mayShowDeadLetter`),
   * and never for a record they may not read (its job and reason carry its values).
   * Letters from before letters kept their basis are judged by the workflow as defined
   * now; a reminder's concerns no record field.
   */
  private async visibleLetters(viewer: Actor, letters: readonly DeadLetter[], definitions: ReadonlyMap<string, Pick<WorkflowDefinition, "trigger" | "conditions">>): Promise<DeadLetter[]> {
    const readable = await this.services.records.readableRecords(viewer, letters.flatMap(letterRecord));
    return letters.filter((letter) => {
      const record = letterRecord(letter)[0];
      if (record && !readable.has(`${record.entity}|${record.recordId}`)) return false;
      const entity = letter.job.kind === "event" ? letter.job.event.entity : "entity" in letter.job ? letter.job.entity : undefined;
      if (!entity) return true;
      const workflow = letter.workflowId ? definitions.get(letter.workflowId) : undefined;
      return mayShowDeadLetter(viewer, entity as EntityType, letter.basis ?? (workflow ? basisOfDefinition(workflow) : undefined));
    });
  }

  /** The job acts with its workflow's roles again: needs what saving the workflow needs (`authorise`). */
  async retryDeadLetter(actor: Actor, id: string) {
    await this.require(actor, "workflow.retry");
    const found = await this.stores.queue.letters.get(actor.tenantId, id);
    const definitions = await this.definitionsById(actor.tenantId);
    // A letter the viewer is not shown is not there for them either.
    if (!found || (await this.visibleLetters(actor, [found], definitions)).length === 0) throw notFound("failed run");
    const workflow = found.workflowId ? definitions.get(found.workflowId) : undefined;
    if (workflow) await this.authorise(actor, [workflow], workflow.roleIds ?? [], "workflow.retry");
    const letter = await this.stores.queue.revive(actor.tenantId, id, this.services.clock.now().getTime());
    if (!letter) throw notFound("failed run");
    return letter;
  }

  async discardDeadLetter(actor: Actor, id: string): Promise<void> {
    await this.require(actor, "workflow.discard");
    if (!(await this.stores.queue.letters.discard(actor.tenantId, id))) throw notFound("failed run");
  }

  async pendingNotifications(actor: Actor) {
    await this.require(actor, "workflow.notifications");
    const pending = this.engine.storedNotifications ? await this.engine.storedNotifications.pending(actor.tenantId) : [];
    return pending.map((notification) => (mayReadNotification(actor, notification) ? notification : { ...notification, text: withheldText }));
  }

  // ---- case workflow ----

  async getCaseWorkflow(actor: Actor) {
    const stored = await this.stores.definitions.getCaseWorkflow(actor.tenantId);
    if (!stored) return { configured: false, ...defaultCaseWorkflow() };
    const { changeIds: _c, ...caseWorkflow } = stored;
    return { configured: true, ...caseWorkflow };
  }

  async saveCaseWorkflow(actor: Actor, input: CaseWorkflow, etag?: string) {
    await this.require(actor, "caseWorkflow.save");
    const roleIds = runAsIds(actor, input.roleIds);
    // Each SLA rule runs as a workflow of its own: it reads priority, status and createdAt, and may set the status.
    await this.authorise(actor, slaWorkflows({ ...input, roleIds }), roleIds, "caseWorkflow.save");
    const previous = await this.stores.definitions.getCaseWorkflow(actor.tenantId);
    if (etag && previous && etag !== previous.etag) throw stale();
    const form = await this.services.config.getForm(actor.tenantId, "case");
    const options = (key: string) => form.fields.find((field) => field.key === key)?.options ?? [];
    const problems = checkCaseWorkflow(input, {
      statusOptions: options("status"),
      priorityOptions: options("priority"),
      roleIds: (await this.services.configuration.listRoles(actor.tenantId)).map((role) => role.id),
      userIds: (await this.services.config.listUsers(actor.tenantId)).map((user) => user.userId),
    });
    if (problems.length > 0) throw invalidInput(problems, "The case workflow cannot be saved.");
    const caseWorkflow: CaseWorkflow = { ...input, roleIds, updatedAt: this.services.clock.now().toISOString(), updatedBy: actor.userId };
    const newEtag = await this.stores.definitions.saveCaseWorkflow(actor, caseWorkflow, previous);
    return { configured: true, ...caseWorkflow, etag: newEtag };
  }

  // ---- tasks ----

  tasksOf(actor: Actor) {
    return this.stores.tasks.list(actor.tenantId, actor.userId);
  }

  async setTaskDone(actor: Actor, id: string, done: boolean) {
    const task = await this.stores.tasks.get(actor.tenantId, actor.userId, id);
    if (!task) throw notFound("task");
    return this.stores.tasks.setDone(actor.tenantId, task, done, this.services.clock.now().toISOString());
  }

  // ---- helpers ----

  /**
   * What saving a workflow needs, and so enabling, running, dry-running and retrying
   * one (each lends it the caller's say-so): the caller may see every field it reads and
   * change every field it sets (`decideAuthoring`), and holds every role it runs as
   * (`decideGrant`: nobody grants more than they hold). A refusal is a 403 with the
   * policy's reason, audited as a denial.
   */
  private async authorise(actor: Actor, workflows: readonly AuthoredWorkflow[], roleIds: readonly string[], action: string): Promise<void> {
    for (const workflow of workflows) await this.enforce(actor, action, decideAuthoring(actor, workflow));
    for (const role of await this.services.actors.rolesOf(actor.tenantId, roleIds)) await this.enforce(actor, action, decideGrant(actor, role));
  }

  private async enforce(actor: Actor, action: string, decision: Decision): Promise<void> {
    if (decision.allowed) return;
    await auditDenial(this.services.audit, this.services.clock, actor, action, decision);
    throw forbidden(decision.reason);
  }

  private async find(tenantId: string, id: string): Promise<StoredWorkflow> {
    const workflow = await this.stores.definitions.get(tenantId, id);
    if (!workflow) throw notFound("workflow");
    return workflow;
  }

  private normalise(input: WorkflowInput): Omit<WorkflowDefinition, "id" | "createdAt" | "updatedAt" | "updatedBy"> {
    return {
      name: input.name.trim(),
      description: input.description ?? "",
      entity: input.entity,
      enabled: input.enabled ?? true,
      trigger: input.trigger,
      conditions: input.conditions ?? { match: "all", rules: [] },
      actions: input.actions,
      roleIds: input.roleIds ?? [],
      ...(input.template ? { template: input.template } : {}),
    };
  }

  private async check(tenantId: string, input: WorkflowInput, others: readonly WorkflowDefinition[]): Promise<void> {
    const [form, pipelines, roles, users] = await Promise.all([
      this.services.config.getForm(tenantId, input.entity),
      this.services.config.listPipelines(tenantId),
      this.services.configuration.listRoles(tenantId),
      this.services.config.listUsers(tenantId),
    ]);
    const problems = checkWorkflowDefinition(input, {
      form: form.fields,
      pipelines,
      roleIds: roles.map((role) => role.id),
      userIds: users.map((user) => user.userId),
      others,
    });
    if (problems.length > 0) throw invalidInput(problems, "The workflow cannot be saved.");
  }
}

/** The roles a workflow will run as: those named, or else the author's own (no Owner default). */
const runAsIds = (actor: Actor, roleIds: readonly string[] | undefined): string[] => (roleIds && roleIds.length > 0 ? [...roleIds] : actor.roles.map((role) => role.id));

type RecordRef = { entity: EntityType; recordId: string };

/** The record a run is about, as a list of none or one. */
const runRecord = (run: Pick<RunRecord, "entity" | "recordId">): RecordRef[] => (isRecordEntity(run.entity) ? [{ entity: run.entity, recordId: run.recordId }] : []);

/** The record a dead letter's job is about (none for a reminder or a backfill), as a list of none or one. */
function letterRecord({ job }: DeadLetter): RecordRef[] {
  if (job.kind === "event") return runRecord(job.event);
  return "recordId" in job ? runRecord(job) : [];
}

function letterCounts(letters: readonly DeadLetter[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const letter of letters) if (letter.workflowId) counts.set(letter.workflowId, (counts.get(letter.workflowId) ?? 0) + 1);
  return counts;
}

function stripStored(workflow: StoredWorkflow): WorkflowDefinition {
  const { etag: _e, changeIds: _c, ...definition } = workflow;
  return definition;
}

const stale = () => new AppError("precondition_failed", "Someone else changed this workflow since you loaded it. Reload, then apply your change again.");
