/**
 * How many workflow changes led to the code now running. Changes made inside an
 * action carry depth + 1 (AsyncLocalStorage) into the jobs they cause; a job deeper
 * than the limit does not run, so a chain of workflows starting each other ends.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { DomainEvent } from "../../storage/change-writer.js";
import { workflowActorId } from "../model.js";

const chainDepth = new AsyncLocalStorage<number>();
const workflowActorPrefix = workflowActorId("");

/**
 * The depth of the change that raised `event` (0: a person's change). An event the
 * outbox sweeper redelivers after a crash has lost the in-process depth: if a
 * workflow made it, it counts as 1.
 */
export const depthOf = (event: DomainEvent): number => chainDepth.getStore() ?? (typeof event.actorId === "string" && event.actorId.startsWith(workflowActorPrefix) ? 1 : 0);

/** Runs an action of a job at `depth`: the changes it makes carry `depth + 1`. */
export const actingAt = <T>(depth: number, action: () => Promise<T>): Promise<T> => chainDepth.run(depth + 1, action);

/** The run's message when a chain is stopped. */
export const chainStopped = (workflowName: string, depth: number, limit: number): string =>
  `Stopped: "${workflowName}" was started by a chain of ${depth} workflow changes in a row (the limit is ${limit}). ` +
  "Its actions, or another workflow's, probably start it again: add a condition that ends the chain.";
