/** Lists and detail cards for leads, opportunities and cases. Pure: the command decides what may be shown. */
import type { EntityType } from "@crm/shared/policy";
import { entityLabels } from "@crm/shared/policy";
import type { CardReply } from "../chat/chat-turn.js";
import { cardReply } from "../chat/chat-turn.js";
import type { CardAction, CardElement, SubmitData } from "./adaptive-card.js";
import { adaptiveCard, cardBudget, cardBytes, facts, heading, paragraph, plain, submit } from "./adaptive-card.js";

export interface RecordListItem {
  entity: EntityType;
  id: string;
  title: string;
  subtitle: string;
}

interface RecordListView {
  title: string;
  items: RecordListItem[];
  empty: string;
  /** The "more" button's data, when another page exists. */
  more?: SubmitData;
  /** Said below the title (what was left out and why). */
  notes?: string[];
  /** Read-only card data that lists the same again for whoever runs it (see CardReply.view). */
  view?: SubmitData;
}

export function renderRecordList(view: RecordListView): CardReply {
  const body: CardElement[] = [heading(view.title)];
  for (const note of view.notes ?? []) body.push(paragraph(note, { isSubtle: true }));
  if (view.items.length === 0) body.push(paragraph(view.empty, { isSubtle: true }));
  for (const item of view.items) {
    body.push({
      type: "ColumnSet",
      separator: true,
      columns: [
        {
          type: "Column",
          width: "stretch",
          items: [
            { type: "TextBlock", text: plain(item.title, 120), weight: "Bolder", wrap: true },
            { type: "TextBlock", text: plain(item.subtitle, 200), isSubtle: true, wrap: true, spacing: "None" },
          ],
        },
        { type: "Column", width: "auto", items: [{ type: "ActionSet", actions: [submit("Open", { crm: "command", text: `${item.entity} ${item.id}` })] }] },
      ],
    });
  }
  const actions = view.more ? [submit("More", view.more)] : [];
  return cardReply(adaptiveCard(body, actions), `${view.title}: ${view.items.map((item) => item.title).join(", ") || view.empty}`, view.view ? { view: view.view } : {});
}

export interface RecordDetailView {
  entity: EntityType;
  id: string;
  etag: string;
  /** Absent when the reader's roles hide the record's name. */
  title?: string;
  facts: [string, string][];
  /** Present only when the caller may change the status. */
  status?: { current?: string; choices: string[] };
  /** Present only when the caller may change the stage (opportunities). */
  stage?: { current?: string; choices: { id: string; name: string }[] };
  canAddNote: boolean;
  /** Present only when the caller may assign this record. */
  assignees?: { id: string; name: string }[];
}

export function renderRecordDetail(view: RecordDetailView): CardReply {
  const label = entityLabels[view.entity].one;
  const target = { entity: view.entity, id: view.id, etag: view.etag };
  const actions: CardAction[] = [];
  const showCard = (title: string, inputs: CardElement[], data: SubmitData): CardAction => ({
    type: "Action.ShowCard",
    title,
    card: adaptiveCard(inputs, [submit("Save", data, { style: "positive" })]),
  });
  if (view.status) {
    actions.push(
      showCard(
        "Change status",
        [
          {
            type: "Input.ChoiceSet",
            id: "status",
            label: "Status",
            choices: view.status.choices.map((choice) => ({ title: choice, value: choice })),
            ...(view.status.current ? { value: view.status.current } : {}),
            isRequired: true,
            errorMessage: "Pick a status.",
          },
        ],
        { crm: "setStatus", ...target },
      ),
    );
  }
  if (view.stage) {
    actions.push(
      showCard(
        "Change stage",
        [
          {
            type: "Input.ChoiceSet",
            id: "stageId",
            label: "Stage",
            choices: view.stage.choices.map((stage) => ({ title: stage.name, value: stage.id })),
            ...(view.stage.current ? { value: view.stage.current } : {}),
            isRequired: true,
            errorMessage: "Pick a stage.",
          },
        ],
        { crm: "setStage", ...target },
      ),
    );
  }
  if (view.canAddNote) {
    actions.push(
      showCard("Add note", [{ type: "Input.Text", id: "note", label: "Note", isMultiline: true, maxLength: 2000, isRequired: true, errorMessage: "Write a note." }], {
        crm: "addNote",
        entity: view.entity,
        id: view.id,
      }),
    );
  }
  if (view.assignees && view.assignees.length > 0) {
    actions.push(
      showCard(
        "Assign",
        [
          {
            type: "Input.ChoiceSet",
            id: "ownerId",
            label: "New owner",
            style: "filtered",
            choices: view.assignees.map((user) => ({ title: plain(user.name, 80), value: user.id })),
            isRequired: true,
            errorMessage: "Pick a user.",
          },
        ],
        { crm: "assign", ...target },
      ),
    );
  }
  const build = (shown: [string, string][]) => {
    const body: CardElement[] = [heading(view.title !== undefined ? `${capitalize(label)}: ${plain(view.title, 150)}` : capitalize(label))];
    if (view.title === undefined) body.push(paragraph(`Your role does not show this ${label}'s name.`, { isSubtle: true }));
    body.push(facts(shown.map(([title, value]) => [plain(title, 60), plain(value, 300)])));
    if (shown.length < view.facts.length) body.push(paragraph(`${view.facts.length - shown.length} more fields are in the tab.`, { isSubtle: true }));
    if (actions.length === 0) body.push(paragraph("You may view this record but not change it.", { isSubtle: true }));
    return adaptiveCard(body, actions);
  };
  // A form may have 80 long fields: drop facts from the end until the card fits Teams' limit.
  let count = view.facts.length;
  let card = build(view.facts);
  while (cardBytes(card) > cardBudget && count > 0) {
    count = Math.max(0, count - Math.max(1, Math.ceil(count / 8)));
    card = build(view.facts.slice(0, count));
  }
  // Shown again, for whoever asks, by its id: the same card under each reader's own roles.
  return cardReply(card, view.title !== undefined ? `${capitalize(label)} ${view.title}` : capitalize(label), { view: { crm: "show", entity: view.entity, id: view.id } });
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
