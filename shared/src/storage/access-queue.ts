/** The access queue's rows: a job queue of its own (`q|access`), for the follow-ups of access requests (services/access-jobs.ts). */
import { JobQueue, queueLayout } from "./job-queue.js";
import type { TableStore } from "./table-store.js";

export type AccessJobKind = "apply" | "expire" | "remind" | "end";

export interface AccessJob {
  kind: AccessJobKind;
  requestId: string;
}

export type AccessQueue = JobQueue<AccessJob, never, { requestId: string }>;

export const openAccessQueue = (store: TableStore): AccessQueue => new JobQueue(store, queueLayout("access"));
