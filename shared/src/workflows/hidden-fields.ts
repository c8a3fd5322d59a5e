/**
 * What a viewer may see of a dry run, a run, a workflow's last run, a dead letter or
 * a stored notification: nothing that depends on a field their roles hide
 * (`fieldAccess(...) === "hidden"`). Pure; every route that returns one goes through it.
 *
 * - Values: a condition's `actual`, and the preview or detail of an action that sets
 *   a hidden field or names one in a text, read `hiddenValue`.
 * - Results: a condition on a hidden field shows no result either (`passed: null`),
 *   or it would answer "is the amount over 10,000?" for anyone who asks. The overall
 *   result, and whatever exists only when the conditions passed (action outcomes, the
 *   failure message, attempts, a dead letter), is concealed unless the conditions the
 *   viewer may see decide it alone: one of them failed under "all", or one passed
 *   under "any".
 * - Existence: runs, last runs and dead letters of a workflow whose trigger reads a
 *   hidden field are not shown at all: that one exists says the trigger matched.
 */
import type { ConditionResult, ConditionsOutcome } from "./conditions.js";
import { decideOnEntity, fieldAccess } from "../policy/decide.js";
import type { Actor, EntityType } from "../policy/model.js";
import type { ConditionGroup, Trigger, WorkflowAction } from "./model.js";
import { placeholderFields } from "./placeholders.js";
import type { RunRecord, RunStatus } from "./runs.js";

export const hiddenValue = "(hidden: a field your roles do not show)";
/** What stands where a result would be, for the tab and the bot to say in their words. */
export const concealedResult = "Depends on fields your role does not show";

/** The fields a trigger reads to decide that it fires. */
export function triggerFields(trigger: Trigger): string[] {
  switch (trigger.type) {
    case "fieldChanged":
    case "timeAfterField":
    case "dueDatePassed":
      return [trigger.field];
    case "stageChanged":
      return ["stageId"];
    case "statusChanged":
      return ["status"];
    case "assigned":
      return ["ownerId"];
    case "created":
    case "updated":
    case "noActivity":
    case "manual":
      return [];
  }
}

/** The fields an action copies into its texts (placeholders). */
export function fieldsReadBy(action: WorkflowAction, entity: EntityType): string[] {
  switch (action.type) {
    case "addNote":
      return placeholderFields(action.text, entity);
    case "createTask":
      return placeholderFields(action.title, entity);
    case "notify":
      return placeholderFields(action.message, entity);
    default:
      return [];
  }
}

/** The fields an action changes. */
export function fieldsWrittenBy(action: WorkflowAction): string[] {
  return action.type === "setField" ? [action.field] : action.type === "moveStage" ? ["stageId"] : [];
}

/** The record fields whose values an action's preview or outcome may show. */
export const fieldsOfAction = (action: WorkflowAction, entity: EntityType): string[] => [...fieldsWrittenBy(action), ...fieldsReadBy(action, entity)];

/**
 * What a run's outcome was decided by: the fields its trigger read, and how each
 * condition came out (`passed` unknown for rows written before results were kept:
 * an unknown result never decides anything).
 */
export interface RunBasis {
  triggerFields: readonly string[];
  conditions?: { match: ConditionGroup["match"]; results: readonly { field: string; passed?: boolean }[] };
}

const compact = (conditions: ConditionsOutcome): NonNullable<RunBasis["conditions"]> => ({ match: conditions.match, results: conditions.results.map(({ field, passed }) => ({ field, passed })) });

export const basisOf = (trigger: Trigger, conditions?: ConditionsOutcome): RunBasis => ({ triggerFields: triggerFields(trigger), ...(conditions ? { conditions: compact(conditions) } : {}) });

/** For a row that kept no basis: the workflow as it is defined now, each condition's result unknown. */
export const basisOfDefinition = (workflow: { trigger: Trigger; conditions: ConditionGroup }): RunBasis => ({
  triggerFields: triggerFields(workflow.trigger),
  ...(workflow.conditions.rules.length > 0 ? { conditions: { match: workflow.conditions.match, results: workflow.conditions.rules.map(({ field }) => ({ field })) } } : {}),
});

/** A stored run's basis: its own; for runs from before runs kept it, the workflow as defined now; unknown when that is gone too. */
export function basisOfRun(run: Pick<RunRecord, "triggerFields" | "conditions">, workflow?: { trigger: Trigger; conditions: ConditionGroup }): RunBasis | undefined {
  const fields = run.triggerFields ?? (workflow ? triggerFields(workflow.trigger) : undefined);
  if (!fields) return undefined;
  return { triggerFields: fields, ...(run.conditions ? { conditions: compact(run.conditions) } : {}) };
}

/** Does any of the viewer's roles hide a field of this entity (or can they not read it at all)? */
export function hidesAnyField(viewer: Actor, entity: EntityType): boolean {
  if (!viewer.roles.some((role) => role.entities[entity].read !== "none")) return true;
  return viewer.roles.some((role) => Object.keys(role.fields[entity] ?? {}).some((field) => fieldAccess(viewer, entity, field) === "hidden"));
}

interface Sight {
  /** False: the viewer is not shown the item at all (its trigger reads a hidden field). */
  listed: boolean;
  /** False: the overall result depends on conditions the viewer may not see. */
  decided: boolean;
  hides: (field: string) => boolean;
}

/** Under "all" one failed rule decides, under "any" one passed rule: a visible such rule decides alone. */
function decidedBy(conditions: RunBasis["conditions"], hides: (field: string) => boolean): boolean {
  if (!conditions) return true;
  const known = conditions.results.filter((result) => !hides(result.field) && result.passed !== undefined);
  if (known.length === conditions.results.length) return true;
  return known.some((result) => result.passed === (conditions.match === "any"));
}

/** How much of an outcome with this basis the viewer may know. An unknown basis: all of it only if they hide nothing of the entity. */
export function sightOf(viewer: Actor, entity: EntityType, basis: RunBasis | undefined): Sight {
  const hides = (field: string) => fieldAccess(viewer, entity, field) === "hidden";
  if (!basis) {
    const sees = !hidesAnyField(viewer, entity);
    return { listed: sees, decided: sees, hides };
  }
  return { listed: !basis.triggerFields.some(hides), decided: decidedBy(basis.conditions, hides), hides };
}

type ShownConditionResult = Omit<ConditionResult, "passed"> & { passed: boolean | null };
export interface ShownConditions {
  /** null: concealed (it depends on a field the viewer may not see). */
  passed: boolean | null;
  match: ConditionGroup["match"];
  results: ShownConditionResult[];
}

function shownConditions(sight: Sight, conditions: ConditionsOutcome): ShownConditions {
  return {
    match: conditions.match,
    passed: sight.decided ? conditions.passed : null,
    results: conditions.results.map((result) => (sight.hides(result.field) ? { ...result, actual: hiddenValue, passed: null } : result)),
  };
}

interface ShownAction {
  type: string;
  /** The fields it concerns (stored with each run's outcomes). */
  fields?: string[];
  detail?: string;
  preview?: string;
}

/** Runs recorded before outcomes named their fields: set field / move stage say it in the detail. */
const legacyFields = (action: ShownAction): string[] => {
  if (action.type !== "setField" && action.type !== "moveStage") return [];
  const match = /^(?:already|set) ([a-zA-Z][a-zA-Z0-9]*) = /.exec(action.detail ?? "");
  return match ? [match[1]!] : [];
};

function blanked<A extends ShownAction>(sight: Sight, action: A): A {
  if (!(action.fields ?? legacyFields(action)).some(sight.hides)) return action;
  return { ...action, ...(action.detail !== undefined ? { detail: hiddenValue } : {}), ...(action.preview !== undefined ? { preview: hiddenValue } : {}) };
}

export interface DryRun {
  workflow: { id: string; name: string };
  record: { entity: EntityType; id: string };
  trigger: string;
  conditions: ConditionsOutcome & { described: string[] };
  wouldRun: boolean;
  actions: { type: string; description: string; preview: string; fields?: string[] }[];
}

export interface ShownDryRun extends Omit<DryRun, "conditions" | "wouldRun"> {
  conditions: ShownConditions & { described: string[] };
  /** null: concealed, with `concealed` saying why. */
  wouldRun: boolean | null;
  concealed?: string;
}

export function shownDryRun(viewer: Actor, dry: DryRun, basis: RunBasis): ShownDryRun {
  const sight = sightOf(viewer, dry.record.entity, basis);
  const conditions = { ...shownConditions(sight, dry.conditions), described: dry.conditions.described };
  if (!sight.decided) return { ...dry, conditions, wouldRun: null, actions: dry.actions.map((action) => ({ ...action, preview: concealedResult })), concealed: concealedResult };
  return { ...dry, conditions, actions: dry.actions.map((action) => blanked(sight, action)) };
}

export type ShownRunStatus = RunStatus | "concealed";
export type ShownRun = Omit<RunRecord, "status" | "conditions" | "attempts"> & { status: ShownRunStatus; conditions?: ShownConditions; attempts?: number; concealed?: string };

/** Statuses that say how the conditions came out: conditionsNotMet, or the actions ran (and maybe failed). */
const tellsConditions: readonly RunStatus[] = ["done", "conditionsNotMet", "failed", "retrying"];

/** A run as the viewer may see it, or undefined when they may not know it happened. */
export function shownRun(viewer: Actor, run: RunRecord, basis: RunBasis | undefined): ShownRun | undefined {
  const sight = sightOf(viewer, run.entity as EntityType, basis);
  if (!sight.listed) return undefined;
  const conditions = run.conditions && { conditions: shownConditions(sight, run.conditions) };
  if (!sight.decided && tellsConditions.includes(run.status)) {
    // Attempts, the message and the finishing time (retries back off) tell that actions ran.
    const { attempts: _attempts, message: _message, ...rest } = run;
    return { ...rest, ...conditions, status: "concealed", actions: [], finishedAt: run.causedAt, concealed: concealedResult };
  }
  return { ...run, ...conditions, actions: run.actions.map((action) => blanked(sight, action)) };
}

/** @public (named in the declarations of a service's answers) */
export interface LastRun {
  id: string;
  status: RunStatus;
  finishedAt: string;
  causedAt: string;
  recordId: string;
}

/** A workflow's last run in the list, as the viewer may see it; undefined when they may not know of it. */
export function shownLastRun(viewer: Actor, entity: EntityType, lastRun: LastRun, basis: RunBasis | undefined): (Omit<LastRun, "status"> & { status: ShownRunStatus }) | undefined {
  const sight = sightOf(viewer, entity, basis);
  if (!sight.listed) return undefined;
  if (!sight.decided && tellsConditions.includes(lastRun.status)) return { ...lastRun, status: "concealed", finishedAt: lastRun.causedAt };
  return lastRun;
}

/** A dead letter mostly exists because the conditions passed: shown only when the viewer may know that. */
export function mayShowDeadLetter(viewer: Actor, entity: EntityType, basis: RunBasis | undefined): boolean {
  const sight = sightOf(viewer, entity, basis);
  return sight.listed && sight.decided;
}

/**
 * A stored notification's text was written for its recipient (values they and the
 * workflow may see). Anyone else with the workflows permission sees it only when
 * they may read every record of its kind, every field of it; a channel's texts carry
 * no values.
 */
export function mayReadNotification(viewer: Actor, notification: { recipient: { kind: "user"; userId: string } | { kind: "channel"; channelId: string }; entity?: EntityType }): boolean {
  if (notification.recipient.kind === "channel" || notification.recipient.userId === viewer.userId) return true;
  if (!notification.entity) return false;
  return decideOnEntity(viewer, "read", notification.entity).scope === "all" && !hidesAnyField(viewer, notification.entity);
}

/** What stands for a stored notification's text that the viewer may not read. */
export const withheldText = "(only its recipient may read this message: it may show fields your role does not)";
