/**
 * Assign: to a user, or in turn (round robin) / to whoever has the fewest open records
 * (least open) among a pool, inactive users skipped. A pool's pick is decided once,
 * stored with the advanced counter (AssignmentPicks), so a rerun reuses it; assigning
 * an owner again is a no-op.
 */
import { AppError } from "../../errors/app-error.js";
import { closedStatuses, pickLeastOpen, pickRoundRobin, poolMembers } from "../assignment.js";
import { personRef } from "../describe.js";
import type { WorkflowAction } from "../model.js";
import type { ActionContext, ActionKind, ActionParts } from "./context.js";

type Assign = Extract<WorkflowAction, { type: "assign" }>;
type AssignFromPool = Extract<Assign, { strategy: "roundRobin" | "leastOpen" }>;

export const assign: ActionKind<Assign> = {
  async run(action, context, parts) {
    const userId = action.strategy === "user" ? action.userId : await pick(action, context, parts, "take");
    const { record, actor } = context;
    if (record.ownerId === userId) return { outcome: "skipped", detail: `already owned by ${personRef(userId)}` };
    const assigned = await parts.records.assign(actor, record.entity, record.id, userId);
    context.record = assigned.record;
    return { outcome: "done", detail: `assigned to ${personRef(userId)}` };
  },

  async preview(action, context, { person }, parts) {
    const userId = action.strategy === "user" ? action.userId : await pick(action, context, parts, "peek");
    return context.record.ownerId === userId ? `nothing: already owned by ${person(userId)}` : `would assign to ${person(userId)}`;
  },
};

/** Whose turn it is in the pool: taken (stored with the counter) for a run, only looked at for a dry run. */
async function pick(action: AssignFromPool, context: ActionContext, parts: ActionParts, mode: "take" | "peek"): Promise<string> {
  const choose = async (counter: number) => {
    const members = poolMembers(action.pool, await parts.config.listUsers(context.tenantId));
    if (members.length === 0) throw new AppError("invalid_input", "There is no active user in this workflow's assignment pool.");
    return action.strategy === "roundRobin" ? pickRoundRobin(members, counter)! : pickLeastOpen(members, await openCounts(context, parts, members), counter)!;
  };
  const pool = { workflowId: context.workflow.id, pool: action.pool };
  if (mode === "peek") return parts.picks.peek(context.tenantId, pool, choose);
  return parts.picks.pick(context.tenantId, pool, context.actionKey, choose, context.now.toISOString());
}

/** Open records per member, read from each member's own index (bounded). */
async function openCounts(context: ActionContext, parts: ActionParts, members: readonly string[]): Promise<Map<string, number>> {
  const entity = context.record.entity;
  const pipelines = entity === "opportunity" ? await parts.config.listPipelines(context.tenantId) : [];
  const closedStages = new Set(pipelines.flatMap((pipeline) => pipeline.stages.filter((stage) => stage.won || stage.lost).map((stage) => stage.id)));
  const isClosed = (record: { status: string; stageId: string }) => closedStatuses.includes(record.status) || closedStages.has(record.stageId);
  const counts = new Map<string, number>();
  for (const member of members) counts.set(member, await parts.recordRepository.countOpen(context.tenantId, member, entity, isClosed));
  return counts;
}
