/**
 * What the workflow editor's pieces read (the tenant's forms, pipelines, people, roles,
 * names and the server's problems) and the pure steps they share: a new trigger of a
 * type, which triggers and actions an entity offers, the stages to pick from.
 */
import type { EntityType, FieldDefinition, Pipeline, Role, User } from "../../../api/types";
import type { FieldChoice, FieldErrors, Names } from "./describe";
import type { Trigger, TriggerType } from "./workflow-api";
import { actionTypes, triggerTypes } from "./workflow-api";

export interface EditorContext {
  forms: Record<EntityType, { fields: FieldDefinition[] }>;
  pipelines: readonly Pipeline[];
  users: readonly User[];
  roles: readonly Pick<Role, "id" | "name">[];
  names: Names;
  errors: FieldErrors;
}

export const defaultDuration = { amount: 1, unit: "days" as const };

export function newTrigger(type: TriggerType, fields: readonly FieldChoice[]): Trigger {
  const firstDate = fields.find((field) => field.kind === "date")?.key ?? "createdAt";
  switch (type) {
    case "fieldChanged":
      return { type, field: fields.find((field) => field.kind !== "timestamp" && field.key !== "ownerId")?.key ?? "" };
    case "timeAfterField":
      return { type, field: firstDate, after: defaultDuration };
    case "noActivity":
      return { type, after: { amount: 14, unit: "days" } };
    case "dueDatePassed":
      return { type, field: fields.find((field) => field.kind === "date")?.key ?? "" };
    default:
      return { type };
  }
}

/** Triggers each entity supports: stages only on opportunities, status changes only where the form has a status. */
export const triggersFor = (entity: EntityType, form: readonly FieldDefinition[]) =>
  triggerTypes.filter((type) => (type === "stageChanged" ? entity === "opportunity" : type === "statusChanged" ? form.some((field) => field.key === "status") : true));

/** Actions each entity supports: only opportunities have stages to move. */
export const actionsFor = (entity: EntityType) => actionTypes.filter((type) => type !== "moveStage" || entity === "opportunity");

/** Every pipeline's stages as choices, named by pipeline when there are several. */
export const stageChoices = (pipelines: readonly Pipeline[]) =>
  pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => ({ value: stage.id, label: pipelines.length > 1 ? `${pipeline.name}: ${stage.name}` : stage.name })));

/** The fields an action or a field-change trigger may set or watch: the form's and the owner, not the timestamps. */
export const changeableFields = (fields: readonly FieldChoice[]) => fields.filter((field) => field.kind !== "timestamp" && field.key !== "ownerId");
