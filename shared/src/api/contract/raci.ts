/**
 * Responsibilities (RACI) on the wire: the chart as the tab edits it (a cell is a role
 * reference and a letter) and as everyone reads it (with the people holding R and A,
 * names only, and each task's quarterly review). The schema bounds sizes a little above
 * the policy's limits, so a little too much gets the policy's own words.
 */
import { Type } from "typebox";
import { raciLetters, raciLimits } from "../../policy/raci.js";

const strict = { additionalProperties: false } as const;
const Letter = Type.Enum(raciLetters, { description: "R Responsible, A Accountable, C Consulted, I Informed." });
const RoleRefPattern = "^(everyone|template:[a-z0-9-]{1,40}|[a-z0-9-]{1,40})$";
const TaskKey = Type.String({ pattern: "^[a-z][A-Za-z0-9]{0,39}$", description: "A stable key such as dataCleanup." });

export const TaskParams = Type.Object({ taskKey: TaskKey }, strict);

const TaskInput = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 60 }),
    name: Type.String({ maxLength: raciLimits.name * 2 }),
    description: Type.String({ maxLength: raciLimits.description * 2 }),
    assignments: Type.Record(Type.String({ pattern: RoleRefPattern }), Letter, {
      ...strict,
      maxProperties: raciLimits.assignments * 2,
      description: "Role reference → letter: a role id, template:<persona template id>, or everyone.",
    }),
  },
  strict,
);

export const RaciChartInput = Type.Object({ tasks: Type.Array(TaskInput, { maxItems: raciLimits.tasks * 2 }) }, strict);

const Holder = Type.Object({ userId: Type.String(), displayName: Type.String(), fallback: Type.Boolean({ description: "There as an Owner, because the chart names nobody who is active." }) }, strict);

export const RaciTaskOutput = Type.Object(
  {
    key: Type.String(),
    name: Type.String(),
    description: Type.String(),
    assignments: Type.Array(Type.Object({ ref: Type.String(), letter: Letter, roleName: Type.String() }, strict)),
    responsible: Type.Array(Holder),
    accountable: Type.Array(Holder),
    lastReview: Type.Optional(Type.Object({ at: Type.String(), by: Type.String() }, strict)),
    reviewDue: Type.Boolean({ description: "Not yet reviewed this quarter." }),
  },
  strict,
);

export const RaciChartOutput = Type.Object(
  {
    version: Type.Integer({ description: "0 while the tenant uses the shipped chart." }),
    etag: Type.Optional(Type.String()),
    tasks: Type.Array(RaciTaskOutput),
    roles: Type.Array(Type.Object({ ref: Type.String(), name: Type.String() }, strict)),
    canEdit: Type.Boolean(),
    canEditTasks: Type.Boolean(),
  },
  strict,
);
