/**
 * The shape of a workflow and of the case workflow: the one source of their types.
 * Each type here is `Static<typeof ...>` of its schema (model.ts and case-workflow.ts
 * re-export them), so a schema change the code does not follow is a compile error.
 *
 * The body schema at the HTTP edge checks the outline; each trigger and action is then
 * checked against the schema of its own `type` (`checkWorkflowInput`), so an error names
 * the exact field (`actions[2].value`) instead of "must match one of the variants".
 */
import { Type } from "typebox";
import type { Static, TLiteral, TSchema } from "typebox";
import { Value } from "typebox/value";
import type { FieldProblem } from "../errors/app-error.js";
import { entityTypes } from "../policy/model.js";
import { actionTypes, conditionOperators, timeUnits, triggerTypes } from "./kinds.js";

const FieldKey = Type.String({ pattern: "^[a-z][a-zA-Z0-9]{0,39}$" });
const UserId = Type.String({ pattern: "^[A-Za-z0-9._@-]{1,128}$" });
const RoleId = Type.String({ pattern: "^[a-z0-9-]{1,40}$" });
const StageId = Type.String({ pattern: "^[a-z0-9-]{1,40}$" });
const Scalar = Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const strict = { additionalProperties: false } as const;

export type TimeUnit = (typeof timeUnits)[number];
const DurationSchema = Type.Object({ amount: Type.Integer({ minimum: 1, maximum: 525_600 }), unit: Type.Enum([...timeUnits]) }, strict);
export type Duration = Static<typeof DurationSchema>;

export type TriggerType = (typeof triggerTypes)[number];
/** A schema per kind: `satisfies` makes sure each kind of kinds.ts has one, keyed by its own `type`. */
type SchemaOfType<K extends string> = TSchema & { properties: { type: TLiteral<K> } };

const narrow = { from: Type.Optional(Scalar), to: Type.Optional(Scalar) };
const triggerSchemas = {
  created: Type.Object({ type: Type.Literal("created") }, strict),
  updated: Type.Object({ type: Type.Literal("updated") }, strict),
  /** A form field changed; `from`/`to` narrow it to one value before or after. */
  fieldChanged: Type.Object({ type: Type.Literal("fieldChanged"), field: FieldKey, ...narrow }, strict),
  stageChanged: Type.Object({ type: Type.Literal("stageChanged"), from: Type.Optional(StageId), to: Type.Optional(StageId) }, strict),
  statusChanged: Type.Object({ type: Type.Literal("statusChanged"), from: Type.Optional(Text(100)), to: Type.Optional(Text(100)) }, strict),
  assigned: Type.Object({ type: Type.Literal("assigned") }, strict),
  /** A date field (or createdAt/updatedAt) plus a duration. */
  timeAfterField: Type.Object({ type: Type.Literal("timeAfterField"), field: FieldKey, after: DurationSchema }, strict),
  /** No update and no note for this long. */
  noActivity: Type.Object({ type: Type.Literal("noActivity"), after: DurationSchema }, strict),
  /** The day after the date in `field`. */
  dueDatePassed: Type.Object({ type: Type.Literal("dueDatePassed"), field: FieldKey }, strict),
  /** Runs only when someone starts it on a record. */
  manual: Type.Object({ type: Type.Literal("manual") }, strict),
} satisfies { [K in TriggerType]: SchemaOfType<K> };
/** What starts a workflow: one of `triggerSchemas`. */
export type Trigger = Static<(typeof triggerSchemas)[TriggerType]>;

const RecipientSchema = Type.Union([
  Type.Object({ kind: Type.Literal("owner") }, strict),
  Type.Object({ kind: Type.Literal("user"), userId: UserId }, strict),
  Type.Object({ kind: Type.Literal("role"), roleId: RoleId }, strict),
  Type.Object({ kind: Type.Literal("channel"), channelId: Text(200) }, strict),
]);
export type WorkflowRecipient = Static<typeof RecipientSchema>;

/** Whom an assignment may pick: named users, holders of a role, or both. */
const UserPoolSchema = Type.Object({ userIds: Type.Optional(Type.Array(UserId, { maxItems: 100, uniqueItems: true })), roleId: Type.Optional(RoleId) }, strict);
export type UserPool = Static<typeof UserPoolSchema>;

export type ActionType = (typeof actionTypes)[number];
const actionSchemas = {
  /** `assign` to one named user. */
  assign: Type.Object({ type: Type.Literal("assign"), strategy: Type.Literal("user"), userId: UserId }, strict),
  /** `assign` by picking from a pool: in turn, or whoever has the fewest open records. */
  assignPool: Type.Object({ type: Type.Literal("assign"), strategy: Type.Enum(["roundRobin", "leastOpen"]), pool: UserPoolSchema }, strict),
  setField: Type.Object({ type: Type.Literal("setField"), field: FieldKey, value: Type.Union([Scalar, Type.Null(), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })]) }, strict),
  moveStage: Type.Object({ type: Type.Literal("moveStage"), stageId: StageId }, strict),
  addNote: Type.Object({ type: Type.Literal("addNote"), text: Text(2000) }, strict),
  createTask: Type.Object(
    {
      type: Type.Literal("createTask"),
      kind: Type.Enum(["task", "reminder"]),
      title: Text(200),
      due: DurationSchema,
      assignTo: Type.Union([Type.Object({ kind: Type.Literal("owner") }, strict), Type.Object({ kind: Type.Literal("user"), userId: UserId }, strict)]),
    },
    strict,
  ),
  notify: Type.Object({ type: Type.Literal("notify"), to: RecipientSchema, message: Text(1000) }, strict),
  /** Does nothing but is recorded; for measuring the engine and trying a trigger. */
  noop: Type.Object({ type: Type.Literal("noop") }, strict),
} satisfies { [K in ActionType]: SchemaOfType<K> } & { assignPool: SchemaOfType<"assign"> };
/** What a workflow does: one of `actionSchemas`. */
export type WorkflowAction = Static<(typeof actionSchemas)[keyof typeof actionSchemas]>;

export type ConditionOperator = (typeof conditionOperators)[number];
const ConditionValueSchema = Type.Union([Scalar, Type.Array(Type.Union([Type.String({ maxLength: 1000 }), Type.Number()]), { maxItems: 100 })]);
export type ConditionValue = Static<typeof ConditionValueSchema>;
const ConditionSchema = Type.Object(
  {
    /** A form field key, or `ownerId`. */
    field: FieldKey,
    op: Type.Enum([...conditionOperators]),
    value: Type.Optional(ConditionValueSchema),
  },
  strict,
);
export type Condition = Static<typeof ConditionSchema>;
const ConditionGroupSchema = Type.Object({ match: Type.Enum(["all", "any"]), rules: Type.Array(ConditionSchema, { maxItems: 30 }) }, strict);
export type ConditionGroup = Static<typeof ConditionGroupSchema>;

/** The outline checked at the HTTP edge; `checkWorkflowInput` then checks each trigger and action. */
export const WorkflowBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    entity: Type.Enum([...entityTypes]),
    enabled: Type.Optional(Type.Boolean()),
    trigger: Type.Object({ type: Type.Enum([...triggerTypes]) }, { additionalProperties: true }),
    conditions: Type.Optional(ConditionGroupSchema),
    actions: Type.Array(Type.Object({ type: Type.Enum([...actionTypes]) }, { additionalProperties: true }), { maxItems: 20 }),
    /**
     * The roles the workflow acts with, stored at save time: the ones named (the author
     * must hold each), or the author's own when none are. No roles, no permissions.
     */
    roleIds: Type.Optional(Type.Array(RoleId, { maxItems: 10, uniqueItems: true })),
    /** The template it started from, if any. */
    template: Type.Optional(Type.String({ pattern: "^[a-z0-9-]{1,60}$" })),
  },
  strict,
);
type WorkflowOutline = Static<typeof WorkflowBody>;
/** What an Owner sends, once each trigger and action passed its own schema; the server fills in the rest. */
export type WorkflowInput = Omit<WorkflowOutline, "trigger" | "actions"> & { trigger: Trigger; actions: WorkflowAction[] };

function problemsOf(schema: TSchema, value: unknown, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of Value.Errors(schema, value)) {
    const path = `${at}${error.instancePath.replace(/\/(\d+)/g, "[$1]").replace(/\//g, ".")}`;
    const params = error.params as { requiredProperties?: string[]; additionalProperties?: string[] };
    if (error.keyword === "required") for (const name of params.requiredProperties ?? []) problems.push({ field: `${path}.${name}`, message: "This field is required." });
    else if (error.keyword === "additionalProperties") for (const name of params.additionalProperties ?? []) problems.push({ field: `${path}.${name}`, message: "This field is not accepted here." });
    else if (error.keyword !== "boolean" && error.keyword !== "anyOf") problems.push({ field: path, message: `Must ${error.message.replace(/^must /, "")}.` });
  }
  // A value that fails only as a whole (say, none of a union's variants) still gets a problem.
  if (problems.length === 0) problems.push({ field: at, message: "Is not one of the accepted shapes." });
  return problems;
}

/**
 * The value as its schema's type when it passes the schema; else its problems are added
 * and the result is undefined. (Call it without a type annotation on the result: TypeScript
 * would otherwise infer the schema back from the annotated type, some million type
 * instantiations per call.)
 */
function checked<T extends TSchema>(schema: T, value: unknown, at: string, problems: FieldProblem[]): Static<T> | undefined {
  if (Value.Check(schema, value)) return value;
  problems.push(...problemsOf(schema, value, at));
  return undefined;
}

/** `assign` has two schemas: to a named user, or from a pool. */
const actionSchemaOf = (action: WorkflowOutline["actions"][number]) =>
  action.type === "assign" && !("strategy" in action && action.strategy === "user") ? actionSchemas.assignPool : actionSchemas[action.type];

/**
 * The outline that passed the edge schema, as the model's input: each trigger and
 * action checked against the schema of its type. The input only when nothing failed.
 */
export function checkWorkflowInput(body: WorkflowOutline): { input: WorkflowInput } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const trigger = checked(triggerSchemas[body.trigger.type], body.trigger, "trigger", problems);
  const actions: WorkflowAction[] = [];
  body.actions.forEach((action, index) => {
    const typed = checked(actionSchemaOf(action), action, `actions[${index}]`, problems);
    if (typed) actions.push(typed);
  });
  if (!trigger || problems.length > 0) return { problems };
  return { input: { ...body, trigger, actions } };
}

/** `from: "*"` means from any status. */
const TransitionSchema = Type.Object({ from: Text(100), to: Text(100), roleIds: Type.Array(RoleId, { maxItems: 20, uniqueItems: true }) }, strict);
export type CaseTransition = Static<typeof TransitionSchema>;
const SlaRuleSchema = Type.Object(
  {
    priority: Text(100),
    /** A case of this priority still in an unanswered status this long after it was opened is breached. */
    respondWithin: DurationSchema,
    escalate: Type.Object({ notify: Type.Optional(RecipientSchema), reassignToUserId: Type.Optional(UserId), setStatus: Type.Optional(Text(100)) }, strict),
  },
  strict,
);
export type SlaRule = Static<typeof SlaRuleSchema>;

export const CaseWorkflowBody = Type.Object(
  {
    statuses: Type.Array(Text(100), { minItems: 1, maxItems: 30 }),
    /** Statuses that mean nobody has answered yet (the SLA clock runs while a case is in one). */
    unansweredStatuses: Type.Array(Text(100), { maxItems: 30 }),
    transitions: Type.Array(TransitionSchema, { maxItems: 200 }),
    sla: Type.Array(SlaRuleSchema, { maxItems: 20 }),
    /** The roles its SLA escalations run as: stored at save time (the author's own when none are named), each held by the author. */
    roleIds: Type.Optional(Type.Array(RoleId, { maxItems: 10, uniqueItems: true })),
  },
  strict,
);
/** The case workflow as an Owner sends it. */
export type CaseWorkflowInput = Static<typeof CaseWorkflowBody>;
