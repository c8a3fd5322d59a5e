/** The access queue's rows: a job queue of its own (`q|access`), for the follow-ups of access requests and reviews and the quarterly RACI reminder (services/access-jobs.ts). */
import { JobQueue, queueLayout } from "./job-queue.js";
import type { TableStore } from "./table-store.js";

/** Request follow-ups (`id`: the request), review follow-ups (`id`: the campaign), then the quarterly RACI reminder (`id`: the quarter's first day). */
export type AccessJobKind = "apply" | "expire" | "remind" | "end" | "reviewRemind" | "reviewEscalate" | "reviewClose" | "raciRemind";

export interface AccessJob {
  kind: AccessJobKind;
  id: string;
}

export type AccessQueue = JobQueue<AccessJob, never, { id: string }>;

export const openAccessQueue = (store: TableStore): AccessQueue => new JobQueue(store, queueLayout("access"));
