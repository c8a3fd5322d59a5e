/**
 * Which changes of the current request were saved but whose follow-ups (index rows,
 * audit, events) could not be finished. The change writer notes them; the API then
 * does not answer success (`api/unfinished-changes.ts`). Request-scoped through
 * AsyncLocalStorage, since the writer knows nothing of requests.
 */
import { AsyncLocalStorage } from "node:async_hooks";

const unfinished = new AsyncLocalStorage<string[]>();

/** Runs `work` (a request's handling) with a fresh list of unfinished changes. */
export function watchFollowUps(work: () => void): void {
  unfinished.run([], work);
}

/** Notes a change whose follow-ups stay for the outbox sweeper. Outside a request (background work), nothing to tell. */
export function noteUnfinishedChange(changeId: string): void {
  unfinished.getStore()?.push(changeId);
}

/** The current request's unfinished changes. */
export function unfinishedChanges(): readonly string[] {
  return unfinished.getStore() ?? [];
}
