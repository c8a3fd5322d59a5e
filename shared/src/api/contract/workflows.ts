/**
 * Workflows, their runs, failed jobs, templates, the case workflow and tasks on the
 * wire (`/api/config/workflows…`, `/api/workflow-runs`, `/api/tasks`).
 *
 * A trigger, an action and a condition carry their own properties by type; their
 * types are the workflow model's (`workflows/model.ts`), and their schemas here are
 * the outline `workflows/schema.ts` checks bodies with, open to the rest, so an answer
 * is written as it was stored.
 */
import { Type } from "typebox";
import { entityTypes } from "../../policy/model.js";
import type { ConditionGroup, Trigger, WorkflowAction, WorkflowInput } from "../../workflows/model.js";
import { actionTypes, conditionOperators, triggerTypes } from "../../workflows/model.js";
import { CaseWorkflowBody } from "../../workflows/schema.js";
import { EntityName, UserId } from "../schemas.js";

const strict = { additionalProperties: false } as const;
const open = { additionalProperties: true } as const;
/** Runs and jobs keep the entity as the text they were written with: one of the entity types, but not checked on the way out. */
const StoredEntity = Type.String({ description: "lead, opportunity or case" });

const TriggerOutput = Type.Unsafe<Trigger>(Type.Object({ type: Type.Enum([...triggerTypes]) }, open));
const ActionOutput = Type.Unsafe<WorkflowAction>(Type.Object({ type: Type.Enum([...actionTypes]) }, open));
const ConditionGroupOutput = Type.Unsafe<ConditionGroup>(
  Type.Object({ match: Type.Enum(["all", "any"]), rules: Type.Array(Type.Object({ field: Type.String(), op: Type.Enum([...conditionOperators]) }, open)) }, strict),
);

const RunStatus = Type.Enum(["done", "conditionsNotMet", "retrying", "failed", "stopped", "concealed"], {
  description: "concealed: the outcome depends on fields the viewer's roles hide (its actions, message and attempts are left out).",
});

export const WorkflowOutput = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    entity: EntityName,
    enabled: Type.Boolean(),
    trigger: TriggerOutput,
    conditions: ConditionGroupOutput,
    actions: Type.Array(ActionOutput),
    roleIds: Type.Array(Type.String(), { description: "The roles it acts with, stored at save time." }),
    template: Type.Optional(Type.String({ description: "The template it started from." })),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    updatedBy: Type.String(),
    etag: Type.String(),
  },
  strict,
);

/** A workflow in the list: with its last run (as the viewer may know it) and how many failed jobs wait for it. */
export const WorkflowSummaryOutput = Type.Object(
  {
    ...WorkflowOutput.properties,
    lastRun: Type.Optional(Type.Object({ id: Type.String(), status: RunStatus, finishedAt: Type.String(), causedAt: Type.String(), recordId: Type.String() }, strict)),
    openDeadLetters: Type.Integer(),
  },
  strict,
);

export const TemplateOptionsBody = Type.Object(
  {
    userIds: Type.Optional(Type.Array(UserId, { maxItems: 100, uniqueItems: true })),
    roleId: Type.Optional(Type.String({ pattern: "^[a-z0-9-]{1,40}$" })),
    channelId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: "The template's choices; {} when it needs none." },
);

export const WorkflowTemplateOutput = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    needs: Type.Array(Type.Enum(["userIds", "roleId", "channelId"]), { description: "The choices it needs before it can be created." }),
    workflow: Type.Unsafe<WorkflowInput>(Type.Object({ name: Type.String(), entity: EntityName, trigger: TriggerOutput, actions: Type.Array(ActionOutput) }, open)),
  },
  strict,
);

/** `passed: null`: concealed, because it depends on a field the viewer's roles hide; `actual` then says so. */
export const ConditionResultOutput = Type.Object(
  {
    field: Type.String(),
    op: Type.Enum([...conditionOperators]),
    value: Type.Optional(Type.Unknown()),
    actual: Type.Unknown(),
    passed: Type.Union([Type.Boolean(), Type.Null()]),
  },
  strict,
);
const ConditionsOutcomeOutput = { passed: Type.Union([Type.Boolean(), Type.Null()]), match: Type.Enum(["all", "any"]), results: Type.Array(ConditionResultOutput) };
const ActionFields = Type.Optional(Type.Array(Type.String(), { description: "The record fields the texts may show." }));

/** What a workflow would do to a record now; `wouldRun: null` (with `concealed` saying why) when that depends on hidden fields. */
export const DryRunOutput = Type.Object(
  {
    workflow: Type.Object({ id: Type.String(), name: Type.String() }, strict),
    record: Type.Object({ entity: EntityName, id: Type.String() }, strict),
    trigger: Type.String(),
    conditions: Type.Object({ ...ConditionsOutcomeOutput, described: Type.Array(Type.String()) }, strict),
    wouldRun: Type.Union([Type.Boolean(), Type.Null()]),
    concealed: Type.Optional(Type.String()),
    actions: Type.Array(Type.Object({ type: Type.String(), description: Type.String(), preview: Type.String(), fields: ActionFields }, strict)),
  },
  strict,
);

export const RunNowOutput = Type.Object({ jobKey: Type.String({ description: "The queued job; its run appears in the runs when done." }) }, strict);

/** One run of a workflow on a record, as the viewer may see it, people by name. */
export const RunOutput = Type.Object(
  {
    id: Type.String(),
    tenantId: Type.String(),
    workflowId: Type.String(),
    workflowName: Type.String(),
    entity: StoredEntity,
    recordId: Type.String(),
    trigger: Type.String({ description: "The trigger in plain language." }),
    triggerFields: Type.Optional(Type.Array(Type.String())),
    cause: Type.String({ description: "What actually happened: the change, the timer, a manual start." }),
    status: RunStatus,
    conditions: Type.Optional(Type.Object(ConditionsOutcomeOutput, strict)),
    actions: Type.Array(
      Type.Object({ type: Type.String(), description: Type.String(), outcome: Type.Enum(["done", "skipped", "failed"]), detail: Type.Optional(Type.String()), fields: ActionFields }, strict),
    ),
    attempts: Type.Optional(Type.Integer()),
    concealed: Type.Optional(Type.String()),
    causedAt: Type.String(),
    finishedAt: Type.String(),
    message: Type.Optional(Type.String({ description: "Why it stopped or failed." })),
    depth: Type.Integer({ description: "How many workflow changes led to it (0: a person's change)." }),
  },
  strict,
);

/** What decided that a job got as far as failing: the fields its trigger read and its conditions' results. */
const BasisOutput = Type.Object(
  {
    triggerFields: Type.Immutable(Type.Array(Type.String())),
    conditions: Type.Optional(
      Type.Object({ match: Type.Enum(["all", "any"]), results: Type.Immutable(Type.Array(Type.Object({ field: Type.String(), passed: Type.Optional(Type.Boolean()) }, strict))) }, strict),
    ),
  },
  strict,
);

/** A job that kept failing. `job` is the queued work as stored: its kind says which of the named properties it has. */
export const DeadLetterOutput = Type.Object(
  {
    id: Type.String(),
    tenantId: Type.String(),
    key: Type.String(),
    job: Type.Object(
      {
        kind: Type.Enum(["event", "schedule", "timer", "manual", "reminder", "backfill"]),
        workflowId: Type.Optional(Type.String()),
        entity: Type.Optional(StoredEntity),
        recordId: Type.Optional(Type.String()),
        event: Type.Optional(Type.Object({ type: Type.String(), entity: StoredEntity, recordId: Type.String() }, open)),
      },
      open,
    ),
    depth: Type.Integer(),
    enqueuedAt: Type.String(),
    causedAt: Type.Number(),
    attempts: Type.Integer(),
    reason: Type.String(),
    failedAt: Type.String(),
    workflowId: Type.Optional(Type.String()),
    recordId: Type.Optional(Type.String()),
    basis: Type.Optional(BasisOutput),
  },
  strict,
);

/** A notification kept for delivery while no bot is connected; its text is withheld from those who may not read it. */
export const StoredNotificationOutput = Type.Object(
  {
    id: Type.String(),
    tenantId: Type.String(),
    recipient: Type.Union([Type.Object({ kind: Type.Literal("user"), userId: Type.String() }, strict), Type.Object({ kind: Type.Literal("channel"), channelId: Type.String() }, strict)]),
    dedupeKey: Type.String(),
    title: Type.String(),
    text: Type.String(),
    entity: Type.Optional(EntityName),
    recordId: Type.Optional(Type.String()),
    taskId: Type.Optional(Type.String()),
    storedAt: Type.String(),
  },
  strict,
);

/** The case workflow: statuses, transitions allowed per role, SLAs. `configured: false`: the default, never saved. */
export const CaseWorkflowOutput = Type.Object(
  {
    configured: Type.Boolean(),
    ...CaseWorkflowBody.properties,
    updatedAt: Type.Optional(Type.String()),
    updatedBy: Type.Optional(Type.String()),
    etag: Type.Optional(Type.String()),
  },
  strict,
);

export const TaskOutput = Type.Object(
  {
    id: Type.String(),
    userId: Type.String(),
    kind: Type.Enum(["task", "reminder"]),
    title: Type.String(),
    dueAt: Type.String(),
    entity: Type.Enum(entityTypes),
    recordId: Type.String(),
    workflowId: Type.String(),
    createdAt: Type.String(),
    done: Type.Boolean(),
    doneAt: Type.Optional(Type.String()),
  },
  strict,
);
