/** Noop: does nothing; the run records that it ran (useful to test a trigger and its conditions). */
import { describeAction } from "../describe.js";
import type { WorkflowAction } from "../model.js";
import type { ActionKind } from "./context.js";

export const noop: ActionKind<Extract<WorkflowAction, { type: "noop" }>> = {
  run: async () => ({ outcome: "done", detail: "nothing to do" }),
  preview: async (action, _context, { person }) => describeAction(action, person),
};
