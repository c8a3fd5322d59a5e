/** Move stage: sets `stageId` like set field (nothing written when the opportunity is already there). */
import type { WorkflowAction } from "../model.js";
import type { ActionKind } from "./context.js";
import { previewChange, setFields } from "./set-field.js";

export const moveStage: ActionKind<Extract<WorkflowAction, { type: "moveStage" }>> = {
  run: (action, context, parts) => setFields({ stageId: action.stageId }, context, parts),
  preview: async (action, context) => previewChange("stageId", action.stageId, context),
};
