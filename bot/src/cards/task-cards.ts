/** The caller's tasks and reminders from workflows: a paged list, each with "Done" and a button to its record. Pure. */
import type { EntityType } from "@crm/shared/policy";
import { entityLabels } from "@crm/shared/policy";
import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { CardAction, CardElement, SubmitData } from "./adaptive-card.js";
import { adaptiveCard, heading, paragraph, plain, submit } from "./adaptive-card.js";

interface TaskListItem {
  id: string;
  kind: "task" | "reminder";
  title: string;
  dueAt: string;
  overdue: boolean;
  entity: EntityType;
  recordId: string;
}

interface TaskListView {
  title: string;
  items: TaskListItem[];
  empty: string;
  /** The "More" button's data, when another page exists. */
  more?: SubmitData;
}

/** "2026-03-05 14:00 UTC": the card is read in many time zones; UTC is what the tab's API returns too. */
const formatDue = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** The buttons every task offers: mark it done (the API's PATCH /api/tasks/:id), open its record. */
export function taskActions(task: { id: string; entity: EntityType; recordId: string }): CardAction[] {
  return [submit("Done", { crm: "taskDone", id: task.id }, { style: "positive" }), submit(`Open ${entityLabels[task.entity].one}`, { crm: "command", text: `${task.entity} ${task.recordId}` })];
}

export function renderTaskList(view: TaskListView): CardReply {
  const body: CardElement[] = [heading(view.title)];
  if (view.items.length === 0) body.push(paragraph(view.empty, { isSubtle: true }));
  for (const item of view.items) {
    const kind = item.kind === "reminder" ? "Reminder" : "Task";
    body.push({
      type: "Container",
      separator: true,
      items: [
        { type: "TextBlock", text: plain(item.title, 200), weight: "Bolder", wrap: true },
        item.overdue
          ? { type: "TextBlock", text: `Overdue: was due ${formatDue(item.dueAt)}`, color: "Attention", wrap: true, spacing: "None" }
          : { type: "TextBlock", text: `${kind}, due ${formatDue(item.dueAt)}`, isSubtle: true, wrap: true, spacing: "None" },
        { type: "ActionSet", actions: taskActions(item) },
      ],
    });
  }
  const actions = view.more ? [submit("More", view.more)] : [];
  const summary = view.items.map((item) => `${item.overdue ? "OVERDUE " : ""}${item.title}`).join(", ") || view.empty;
  return cardReply(adaptiveCard(body, actions), `${view.title}: ${summary}`);
}
