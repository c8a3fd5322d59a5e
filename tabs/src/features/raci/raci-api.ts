/** Responsibilities (`/api/raci`): read the chart, save it with the ETag read, mark a task's quarterly review done. */
import type { ApiClient } from "../../api/client";
import type { RaciChart, RaciChartInput, RaciTask } from "@crm/shared/api-types";

export type { RaciChart, RaciTask };
export type Letter = RaciTask["assignments"][number]["letter"];
export const letters: readonly Letter[] = ["R", "A", "C", "I"];
export const letterNames: Record<Letter, string> = { R: "Responsible", A: "Accountable", C: "Consulted", I: "Informed" };

export const raciApi = (api: ApiClient) => ({
  get: () => api.request<RaciChart>("GET", "/api/raci"),
  save: (chart: RaciChartInput, etag: string | undefined) => api.request<RaciChart>("PUT", "/api/raci", { body: chart, ...(etag ? { etag } : {}) }),
  review: (taskKey: string) => api.request<RaciTask>("POST", `/api/raci/tasks/${encodeURIComponent(taskKey)}/review`),
});

/** A task as the editor holds it: cells by role reference. */
export interface DraftTask {
  key: string;
  name: string;
  description: string;
  cells: Record<string, Letter>;
}

export const draftOf = (chart: RaciChart): DraftTask[] =>
  chart.tasks.map((task) => ({ key: task.key, name: task.name, description: task.description, cells: Object.fromEntries(task.assignments.map((cell) => [cell.ref, cell.letter])) }));

export const inputOf = (tasks: readonly DraftTask[]): RaciChartInput => ({
  tasks: tasks.map((task) => ({ key: task.key, name: task.name, description: task.description, assignments: { ...task.cells } })),
});

/** A key for a new task from its name (`Email sync` → `emailSync`), unique among the others. */
export function keyFor(name: string, taken: readonly string[]): string {
  const words = name.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const base = (words.map((word, index) => (index === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join("") || "task").replace(/^[0-9]+/, "") || "task";
  const start = base.slice(0, 36);
  let key = start;
  for (let n = 2; taken.includes(key); n += 1) key = `${start}${n}`;
  return key;
}
