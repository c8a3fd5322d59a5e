/**
 * What the API offers on workflows. Configuration asks the policy for the
 * `workflows` permission first (Owner, or a role the Owner gave it); runs on a
 * record and tasks follow the record and the caller, like everything else.
 */
import { AppError, forbidden, invalidInput, notFound } from "../errors/app-error.js";
import { newId } from "../domain/ids.js";
import type { Actor, EntityType } from "../policy/model.js";
import { decideGrant } from "../policy/decide.js";
import { auditDenial } from "../services/audit-context.js";
import type { CrmServices } from "../services/index.js";
import type { CaseWorkflow } from "./case-workflow.js";
import { checkCaseWorkflow, defaultCaseWorkflow } from "./case-workflow.js";
import { evaluateConditions } from "./conditions.js";
import type { PersonName } from "./describe.js";
import { describeAction, describeCondition, describeTrigger, namePeople, namePeopleLoosely } from "./describe.js";
import type { WorkflowEngine } from "./engine.js";
import { fieldsOfAction, withoutHiddenFields } from "./hidden-fields.js";
import type { WorkflowDefinition, WorkflowInput } from "./model.js";
import type { RunRecord } from "./run-log.js";
import { workflowLimits } from "./model.js";
import type { TemplateOptions } from "./templates.js";
import { findWorkflowTemplate, workflowTemplates } from "./templates.js";
import { checkWorkflowDefinition } from "./validate.js";
import type { StoredWorkflow } from "./workflow-repository.js";
import { deadLetterListLimit } from "./work-queue.js";

export interface DryRunResult {
  workflow: { id: string; name: string };
  record: { entity: EntityType; id: string };
  trigger: string;
  conditions: ReturnType<typeof evaluateConditions> & { described: string[] };
  wouldRun: boolean;
  actions: { type: string; description: string; preview: string; fields?: string[] }[];
}

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
function namedRun({ people: named, ...run }: RunRecord, people: People): RunRecord {
  const text = named ? (value: string) => namePeople(value, people.name) : (value: string) => namePeopleLoosely(value, people.ids, people.name);
  return {
    ...run,
    actions: run.actions.map((action) => ({ ...action, description: text(action.description), ...(action.detail !== undefined ? { detail: text(action.detail) } : {}) })),
    ...(run.message !== undefined ? { message: namePeopleLoosely(run.message, named ?? people.ids, people.name) } : {}),
  };
}

export class WorkflowService {
  constructor(
    private readonly engine: WorkflowEngine,
    private readonly services: CrmServices,
  ) {}

  private require(actor: Actor, action: string): Promise<void> {
    return this.services.configuration.require(actor, "workflows", action);
  }

  /** Each workflow with its last run and open dead letters, from the summary rows (two reads in all). */
  async list(actor: Actor) {
    await this.require(actor, "workflow.list");
    const [workflows, summaries] = await Promise.all([this.engine.definitions.list(actor.tenantId), this.engine.runs.summaries.list(actor.tenantId)]);
    return workflows.map((workflow) => {
      const summary = summaries.get(workflow.id);
      return { ...publicWorkflow(workflow), ...(summary?.lastRun ? { lastRun: summary.lastRun } : {}), openDeadLetters: summary?.openDeadLetters ?? 0 };
    });
  }

  async get(actor: Actor, id: string) {
    await this.require(actor, "workflow.read");
    return publicWorkflow(await this.find(actor.tenantId, id));
  }

  async create(actor: Actor, input: WorkflowInput) {
    await this.require(actor, "workflow.create");
    const existing = await this.engine.definitions.list(actor.tenantId);
    if (existing.length >= workflowLimits.workflowsPerTenant) throw new AppError("conflict", `A tenant has at most ${workflowLimits.workflowsPerTenant} workflows.`);
    await this.check(actor.tenantId, input, existing);
    const roleIds = await this.runAs(actor, input.roleIds ?? [], "workflow.create");
    const now = this.services.clock.now().toISOString();
    const workflow: WorkflowDefinition = {
      ...this.normalise(input),
      roleIds,
      id: newId(this.services.clock.now().getTime()),
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.userId,
    };
    const etag = await this.engine.definitions.save(actor, "workflow.create", workflow);
    return { ...workflow, etag };
  }

  async update(actor: Actor, id: string, input: WorkflowInput, etag?: string) {
    await this.require(actor, "workflow.update");
    const previous = await this.find(actor.tenantId, id);
    if (etag && etag !== previous.etag) throw stale();
    const all = await this.engine.definitions.list(actor.tenantId);
    await this.check(actor.tenantId, input, all.filter((other) => other.id !== id));
    const roleIds = await this.runAs(actor, input.roleIds ?? [], "workflow.update");
    const workflow: WorkflowDefinition = {
      ...this.normalise(input),
      roleIds,
      id,
      createdAt: previous.createdAt,
      updatedAt: this.services.clock.now().toISOString(),
      updatedBy: actor.userId,
    };
    return { ...workflow, etag: await this.engine.definitions.save(actor, "workflow.update", workflow, previous) };
  }

  async setEnabled(actor: Actor, id: string, enabled: boolean) {
    await this.require(actor, enabled ? "workflow.enable" : "workflow.disable");
    const previous = await this.find(actor.tenantId, id);
    if (enabled) {
      const all = await this.engine.definitions.list(actor.tenantId);
      await this.check(actor.tenantId, { ...previous, enabled: true }, all.filter((other) => other.id !== id));
    }
    const roleIds = enabled ? await this.runAs(actor, previous.roleIds ?? [], "workflow.enable") : previous.roleIds;
    const workflow: WorkflowDefinition = { ...stripStored(previous), roleIds, enabled, updatedAt: this.services.clock.now().toISOString(), updatedBy: actor.userId };
    return { ...workflow, etag: await this.engine.definitions.save(actor, enabled ? "workflow.enable" : "workflow.disable", workflow, previous) };
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.require(actor, "workflow.delete");
    await this.engine.definitions.remove(actor, await this.find(actor.tenantId, id));
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
    if (missing.length > 0) throw invalidInput(missing.map((need) => ({ field: need, message: "This template needs it." })), "The template needs a few choices.");
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
        preview: conditions.passed ? await this.engine.actions.preview(action, context, people.name) : "nothing: the conditions are not met",
      });
    }
    return withoutHiddenFields(actor, workflow.entity, {
      workflow: { id: workflow.id, name: workflow.name },
      record: { entity: workflow.entity, id: record.id },
      trigger: describeTrigger(workflow.trigger),
      conditions: { ...conditions, described: workflow.conditions.rules.map((rule) => describeCondition(rule, people.name, userFields)) },
      wouldRun: conditions.passed,
      actions,
    });
  }

  async dryRunSaved(actor: Actor, id: string, recordId: string) {
    await this.require(actor, "workflow.dryRun");
    return this.dryRun(actor, stripStored(await this.find(actor.tenantId, id)), recordId);
  }

  /** An unsaved definition from the editor, checked like a save, then dry-run. */
  async dryRunDraft(actor: Actor, input: WorkflowInput, recordId: string) {
    await this.require(actor, "workflow.dryRun");
    await this.check(actor.tenantId, { ...input, enabled: false }, []);
    const now = this.services.clock.now().toISOString();
    const roleIds = input.roleIds && input.roleIds.length > 0 ? input.roleIds : actor.roles.map((role) => role.id);
    return this.dryRun(actor, { ...this.normalise(input), roleIds, id: "draft", createdAt: now, updatedAt: now, updatedBy: actor.userId }, recordId);
  }

  async runNow(actor: Actor, id: string, recordId: string) {
    await this.require(actor, "workflow.run");
    const workflow = await this.find(actor.tenantId, id);
    await this.services.records.load(actor, workflow.entity, recordId);
    return { jobKey: await this.engine.enqueueManual(actor, workflow, recordId) };
  }

  async runsOfWorkflow(actor: Actor, id: string, pageSize: number, token?: string) {
    await this.require(actor, "workflow.runs");
    return this.shown(actor, await this.engine.runs.forWorkflow(actor.tenantId, id, pageSize, token));
  }

  /** Anyone who may read the record sees the workflow runs on it. */
  async runsOfRecord(actor: Actor, entity: EntityType, recordId: string, pageSize: number, token?: string) {
    await this.services.records.load(actor, entity, recordId);
    return this.shown(actor, await this.engine.runs.forRecord(actor.tenantId, entity, recordId, pageSize, token));
  }

  /**
   * A page of runs as the viewer may see it: values of fields their roles hide blanked,
   * people by name (one read of the users for the page, none when it is empty).
   */
  private async shown(viewer: Actor, page: { items: RunRecord[]; continuationToken?: string }) {
    if (page.items.length === 0) return page;
    const people = await this.people(viewer.tenantId);
    return { ...page, items: page.items.map((run) => namedRun(withoutHiddenFields(viewer, run.entity as EntityType, run), people)) };
  }

  /** The tenant's users, read once per request; an unknown id (a removed user) stays as it is. */
  private async people(tenantId: string): Promise<People> {
    const users = await this.services.config.listUsers(tenantId);
    const names = new Map(users.map((user) => [user.userId, user.displayName || user.userId]));
    return { name: (userId) => names.get(userId) ?? userId, ids: users.map((user) => user.userId) };
  }

  // ---- dead letters ----

  async deadLetters(actor: Actor) {
    await this.require(actor, "workflow.deadLetters");
    const summaries = await this.engine.runs.summaries.list(actor.tenantId);
    const letters = await this.engine.queue.deadLetters(actor.tenantId);
    // A complete list also repairs counts that are off (letters from before the summaries).
    if (letters.length < deadLetterListLimit) await this.engine.runs.summaries.reconcile(actor.tenantId, summaries, letters);
    return letters;
  }

  async retryDeadLetter(actor: Actor, id: string) {
    await this.require(actor, "workflow.retry");
    const letter = await this.engine.queue.revive(actor.tenantId, id, this.services.clock.now().getTime());
    if (!letter) throw notFound("failed run");
    return letter;
  }

  async discardDeadLetter(actor: Actor, id: string): Promise<void> {
    await this.require(actor, "workflow.discard");
    if (!(await this.engine.queue.discard(actor.tenantId, id))) throw notFound("failed run");
  }

  async pendingNotifications(actor: Actor) {
    await this.require(actor, "workflow.notifications");
    return this.engine.storedNotifications ? this.engine.storedNotifications.pending(actor.tenantId) : [];
  }

  // ---- case workflow ----

  async getCaseWorkflow(actor: Actor) {
    const stored = await this.engine.definitions.getCaseWorkflow(actor.tenantId);
    if (!stored) return { configured: false, ...defaultCaseWorkflow() };
    const { changeIds: _c, ...caseWorkflow } = stored;
    return { configured: true, ...caseWorkflow };
  }

  async saveCaseWorkflow(actor: Actor, input: CaseWorkflow, etag?: string) {
    await this.require(actor, "caseWorkflow.save");
    const previous = await this.engine.definitions.getCaseWorkflow(actor.tenantId);
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
    const roleIds = await this.runAs(actor, input.roleIds ?? [], "caseWorkflow.save");
    const caseWorkflow: CaseWorkflow = { ...input, roleIds, updatedAt: this.services.clock.now().toISOString(), updatedBy: actor.userId };
    const newEtag = await this.engine.definitions.saveCaseWorkflow(actor, caseWorkflow, previous);
    return { configured: true, ...caseWorkflow, etag: newEtag };
  }

  // ---- tasks ----

  tasksOf(actor: Actor) {
    return this.engine.tasks.list(actor.tenantId, actor.userId);
  }

  async setTaskDone(actor: Actor, id: string, done: boolean) {
    const task = await this.engine.tasks.get(actor.tenantId, actor.userId, id);
    if (!task) throw notFound("task");
    return this.engine.tasks.setDone(actor.tenantId, task, done, this.services.clock.now().toISOString());
  }

  // ---- helpers ----

  /**
   * The roles a workflow will run as: those named, or else the author's own. Nobody
   * grants more than they hold: the author must hold every one (`decideGrant`), or
   * the save is refused (403, audited as a denial).
   */
  private async runAs(actor: Actor, roleIds: readonly string[], action: string): Promise<string[]> {
    const ids = roleIds.length > 0 ? [...roleIds] : actor.roles.map((role) => role.id);
    for (const role of await this.services.actors.rolesOf(actor.tenantId, ids)) {
      const decision = decideGrant(actor, role);
      if (!decision.allowed) {
        await auditDenial(this.services.changes.audit, this.services.clock, actor, action, decision);
        throw forbidden(decision.reason);
      }
    }
    return ids;
  }

  private async find(tenantId: string, id: string): Promise<StoredWorkflow> {
    const workflow = await this.engine.definitions.get(tenantId, id);
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

function stripStored(workflow: StoredWorkflow): WorkflowDefinition {
  const { etag: _e, changeIds: _c, ...definition } = workflow;
  return definition;
}

const stale = () => new AppError("precondition_failed", "Someone else changed this workflow since you loaded it. Reload, then apply your change again.");
