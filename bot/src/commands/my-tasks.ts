/**
 * `my tasks`: the caller's open tasks and reminders that workflows created,
 * soonest due first, overdue ones marked, a page at a time. Read and marked
 * done through the same WorkflowService as GET /api/tasks and
 * PATCH /api/tasks/:id, so the same rule holds: only the caller's own tasks.
 */
import type { WorkflowTask } from "@crm/shared/workflows";
import { invalidInput } from "@crm/shared/errors";
import { plain } from "../cards/adaptive-card.js";
import { renderNoticeCard } from "../cards/message-cards.js";
import { renderTaskList } from "../cards/task-cards.js";
import type { ChatReply } from "../chat/chat-turn.js";
import type { Command, CommandContext } from "../chat/command.js";

export const myTasksPageSize = 10;

/** A task id as the API accepts it (PATCH /api/tasks/:id). */
const taskIdPattern = /^[0-9a-f]{32}$/;

const cursorOf = (task: WorkflowTask): string => `${task.dueAt}|${task.id}`;

export async function myTasksPage(context: CommandContext, after?: string): Promise<ChatReply> {
  const tasks = await context.services.workflows.tasksOf(context.actor);
  // The service orders them (open first, soonest due first); the bot shows the open ones.
  const open = tasks.filter((task) => !task.done);
  const rest = after === undefined ? open : open.filter((task) => cursorOf(task) > after);
  const page = rest.slice(0, myTasksPageSize);
  const now = context.services.clock.now().toISOString();
  const last = page[page.length - 1];
  return renderTaskList({
    title: after === undefined ? "Your tasks" : "Your tasks (continued)",
    items: page.map((task) => ({
      id: task.id,
      kind: task.kind,
      title: task.title,
      dueAt: task.dueAt,
      overdue: task.dueAt < now,
      entity: task.entity,
      recordId: task.recordId,
    })),
    empty: after === undefined ? "You have no open tasks." : "No more tasks.",
    ...(last && rest.length > page.length ? { more: { crm: "moreTasks", after: cursorOf(last) } } : {}),
  });
}

/** The card's "Done" button: the API's rule (the caller's own task, else not found). */
export async function markTaskDone(context: CommandContext, id: unknown): Promise<ChatReply> {
  if (typeof id !== "string" || !taskIdPattern.test(id)) throw invalidInput([], "This card is out of date. Type my tasks to see your tasks.");
  const task = await context.services.workflows.setTaskDone(context.actor, id, true);
  return renderNoticeCard(task.kind === "reminder" ? "Reminder done" : "Task done", `"${plain(task.title, 200)}" is done.`, { view: { crm: "command", text: "my tasks" } });
}

export const myTasksCommand: Command = {
  name: "my tasks",
  aliases: ["my task", "my reminders", "tasks"],
  usage: "my tasks",
  summary: "List your open tasks and reminders from workflows, soonest due first.",
  readOnly: true,
  // Like GET /api/tasks: everyone signed in has their own tasks.
  run: async (context) => [await myTasksPage(context)],
};
