/**
 * The shape of a workflow and of the case workflow as clients send them. The body
 * schema at the HTTP edge checks the outline; each trigger and action is then
 * checked against the schema of its own `type`, so an error names the exact field
 * (`actions[2].value`) instead of "must match one of the variants".
 */
import { Type } from "typebox";
import type { TSchema } from "typebox";
import { Value } from "typebox/value";
import type { FieldProblem } from "../errors/app-error.js";
import { entityTypes } from "../policy/model.js";
import type { ActionType, TriggerType, WorkflowInput } from "./model.js";
import { actionTypes, conditionOperators, timeUnits, triggerTypes } from "./model.js";

const FieldKey = Type.String({ pattern: "^[a-z][a-zA-Z0-9]{0,39}$" });
const UserId = Type.String({ pattern: "^[A-Za-z0-9._@-]{1,128}$" });
const RoleId = Type.String({ pattern: "^[a-z0-9-]{1,40}$" });
const StageId = Type.String({ pattern: "^[a-z0-9-]{1,40}$" });
const Scalar = Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const strict = { additionalProperties: false } as const;

const DurationSchema = Type.Object({ amount: Type.Integer({ minimum: 1, maximum: 525_600 }), unit: Type.Enum([...timeUnits]) }, strict);

const narrow = { from: Type.Optional(Scalar), to: Type.Optional(Scalar) };
const triggerSchemas: Record<TriggerType, TSchema> = {
  created: Type.Object({ type: Type.Literal("created") }, strict),
  updated: Type.Object({ type: Type.Literal("updated") }, strict),
  fieldChanged: Type.Object({ type: Type.Literal("fieldChanged"), field: FieldKey, ...narrow }, strict),
  stageChanged: Type.Object({ type: Type.Literal("stageChanged"), from: Type.Optional(StageId), to: Type.Optional(StageId) }, strict),
  statusChanged: Type.Object({ type: Type.Literal("statusChanged"), from: Type.Optional(Text(100)), to: Type.Optional(Text(100)) }, strict),
  assigned: Type.Object({ type: Type.Literal("assigned") }, strict),
  timeAfterField: Type.Object({ type: Type.Literal("timeAfterField"), field: FieldKey, after: DurationSchema }, strict),
  noActivity: Type.Object({ type: Type.Literal("noActivity"), after: DurationSchema }, strict),
  dueDatePassed: Type.Object({ type: Type.Literal("dueDatePassed"), field: FieldKey }, strict),
  manual: Type.Object({ type: Type.Literal("manual") }, strict),
};

const RecipientSchema = Type.Union([
  Type.Object({ kind: Type.Literal("owner") }, strict),
  Type.Object({ kind: Type.Literal("user"), userId: UserId }, strict),
  Type.Object({ kind: Type.Literal("role"), roleId: RoleId }, strict),
  Type.Object({ kind: Type.Literal("channel"), channelId: Text(200) }, strict),
]);

const Pool = Type.Object({ userIds: Type.Optional(Type.Array(UserId, { maxItems: 100, uniqueItems: true })), roleId: Type.Optional(RoleId) }, strict);

const actionSchemas: Record<ActionType | "assignPool", TSchema> = {
  assign: Type.Object({ type: Type.Literal("assign"), strategy: Type.Literal("user"), userId: UserId }, strict),
  assignPool: Type.Object({ type: Type.Literal("assign"), strategy: Type.Enum(["roundRobin", "leastOpen"]), pool: Pool }, strict),
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
  noop: Type.Object({ type: Type.Literal("noop") }, strict),
};

const ConditionSchema = Type.Object(
  { field: FieldKey, op: Type.Enum([...conditionOperators]), value: Type.Optional(Type.Union([Scalar, Type.Array(Type.Union([Type.String({ maxLength: 1000 }), Type.Number()]), { maxItems: 100 })])) },
  strict,
);

/** The outline checked at the HTTP edge; `checkWorkflowShape` then checks each trigger and action. */
export const WorkflowBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    entity: Type.Enum([...entityTypes]),
    enabled: Type.Optional(Type.Boolean()),
    trigger: Type.Object({ type: Type.Enum([...triggerTypes]) }, { additionalProperties: true }),
    conditions: Type.Optional(Type.Object({ match: Type.Enum(["all", "any"]), rules: Type.Array(ConditionSchema, { maxItems: 30 }) }, strict)),
    actions: Type.Array(Type.Object({ type: Type.Enum([...actionTypes]) }, { additionalProperties: true }), { maxItems: 20 }),
    roleIds: Type.Optional(Type.Array(RoleId, { maxItems: 10, uniqueItems: true })),
    template: Type.Optional(Type.String({ pattern: "^[a-z0-9-]{1,60}$" })),
  },
  strict,
);

function problemsOf(schema: TSchema, value: unknown, at: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of Value.Errors(schema, value)) {
    const path = `${at}${error.instancePath.replace(/\/(\d+)/g, "[$1]").replace(/\//g, ".")}`;
    const params = error.params as { requiredProperties?: string[]; additionalProperties?: string[] };
    if (error.keyword === "required") for (const name of params.requiredProperties ?? []) problems.push({ field: `${path}.${name}`, message: "This field is required." });
    else if (error.keyword === "additionalProperties") for (const name of params.additionalProperties ?? []) problems.push({ field: `${path}.${name}`, message: "This field is not accepted here." });
    else if (error.keyword !== "boolean" && error.keyword !== "anyOf") problems.push({ field: path, message: `Must ${error.message.replace(/^must /, "")}.` });
  }
  return problems;
}

/** Checks the trigger and each action against the schema of its type. */
export function checkWorkflowShape(body: { trigger: { type: TriggerType }; actions: { type: string; strategy?: unknown }[] }): FieldProblem[] {
  const problems = problemsOf(triggerSchemas[body.trigger.type], body.trigger, "trigger");
  body.actions.forEach((action, index) => {
    const key = action.type === "assign" && action.strategy !== "user" ? "assignPool" : (action.type as ActionType);
    problems.push(...problemsOf(actionSchemas[key], action, `actions[${index}]`));
  });
  return problems;
}

/** The body as the model's input, once `checkWorkflowShape` found nothing. */
export const asWorkflowInput = (body: unknown): WorkflowInput => body as WorkflowInput;

const Transition = Type.Object({ from: Text(100), to: Text(100), roleIds: Type.Array(RoleId, { maxItems: 20, uniqueItems: true }) }, strict);
const SlaRuleSchema = Type.Object(
  {
    priority: Text(100),
    respondWithin: DurationSchema,
    escalate: Type.Object({ notify: Type.Optional(RecipientSchema), reassignToUserId: Type.Optional(UserId), setStatus: Type.Optional(Text(100)) }, strict),
  },
  strict,
);

export const CaseWorkflowBody = Type.Object(
  {
    statuses: Type.Array(Text(100), { minItems: 1, maxItems: 30 }),
    unansweredStatuses: Type.Array(Text(100), { maxItems: 30 }),
    transitions: Type.Array(Transition, { maxItems: 200 }),
    sla: Type.Array(SlaRuleSchema, { maxItems: 20 }),
    roleIds: Type.Optional(Type.Array(RoleId, { maxItems: 10, uniqueItems: true })),
  },
  strict,
);
