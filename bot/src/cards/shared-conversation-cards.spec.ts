/**
 * Every card the bot sends, in a personal chat and as a shared conversation's
 * user-specific view, is an Adaptive Card 1.5 that the `adaptivecards` library
 * reads without a complaint (Action.Execute and refresh included), and stays
 * under Teams' size limit.
 */
import { describe, expect, it } from "vitest";
import type { FieldDefinition } from "@crm/shared/domain";
import { adaptiveCardProblems } from "../test-support/adaptive-card-validator.js";
import type { AdaptiveCard } from "./adaptive-card.js";
import { cardBytes, maxCardBytes } from "./adaptive-card.js";
import { renderHelpCard } from "./help-card.js";
import { renderDidYouMeanCard, renderFailureCard, renderNoticeCard, renderProblemCard, renderUnknownCommandCard } from "./message-cards.js";
import { renderNotificationCard, renderNotificationFor } from "./notification-card.js";
import { renderRecordDetail, renderRecordList } from "./record-cards.js";
import { renderRecordForm } from "./record-form-card.js";
import { renderExplainCard, renderRoleCard } from "./role-card.js";
import { asUserSpecificView, renderChannelPostCard, renderNotShownHereCard, renderSharedAnswerCard, withExecuteActions } from "./shared-conversation-cards.js";
import { renderSummaryCard } from "./summary-cards.js";
import { renderTaskList } from "./task-cards.js";

const id = "0000000000000000001";
const long = (length: number) => "x".repeat(length);
const view = { crm: "show", entity: "lead", id };

const detail = (size: "small" | "huge") =>
  renderRecordDetail({
    entity: "opportunity",
    id,
    etag: "W/1",
    ...(size === "small" ? { title: "Apollo contract" } : { title: long(1000) }),
    facts: size === "small" ? [["Amount", "1,000"]] : Array.from({ length: 80 }, (_, index) => [`Field ${index} ${long(60)}`, long(1000)] as [string, string]),
    status: { choices: Array.from({ length: size === "small" ? 3 : 100 }, (_, index) => `Status ${index}`), current: "Status 0" },
    stage: {
      choices: [
        { id: "a", name: "Prospecting" },
        { id: "won", name: "Closed won" },
      ],
      current: "a",
    },
    canAddNote: true,
    assignees: Array.from({ length: size === "small" ? 2 : 50 }, (_, index) => ({ id: `user-${index}`, name: size === "small" ? `User ${index}` : long(200) })),
  }).card;

const fields: FieldDefinition[] = [
  { key: "name", label: "Name", type: "text", required: true, order: 0 },
  { key: "email", label: "Email", type: "email", required: false, order: 1 },
  { key: "value", label: "Value", type: "currency", required: false, order: 2 },
  { key: "since", label: "Since", type: "date", required: false, order: 3 },
  { key: "vip", label: "VIP", type: "boolean", required: false, order: 4 },
  { key: "tags", label: "Tags", type: "multiChoice", required: false, order: 5, options: ["a", "b"] },
  { key: "status", label: "Status", type: "choice", required: true, order: 6, options: ["New", "Won"] },
  { key: "notes", label: "Notes", type: "longText", required: false, order: 7 },
];

const everyCard: Record<string, AdaptiveCard> = {
  detail: detail("small"),
  hiddenTitle: renderRecordDetail({ entity: "lead", id, etag: "W/1", facts: [["Company", "Navy"]], canAddNote: false }).card,
  list: renderRecordList({
    title: "Your leads",
    items: [{ entity: "lead", id, title: "A lead", subtitle: "Navy" }],
    empty: "",
    notes: ["Some were left out."],
    more: { crm: "more", entity: "lead", token: "abc" },
  }).card,
  form: renderRecordForm({ entity: "lead", fields, values: { name: "Ada", vip: true }, problems: [{ field: "fields.email", message: "Not an email." }] }).card,
  help: renderHelpCard({ userName: "Olive", roles: ["Owner"], commands: [{ usage: "my leads", summary: "List your leads." }] }).card,
  role: renderRoleCard({ userName: "Olive", roles: [{ name: "Owner", description: "All" }], entities: [["leads", "read (all)"]], configuration: ["manage forms"] }).card,
  explain: renderExplainCard({ question: "why can't I delete leads", allowed: false, reason: "no role allows it" }).card,
  summary: renderSummaryCard({ title: "Pipeline", scope: "All", sections: [{ title: "Sales", rows: [["Won (1)", "1,000"]] }], notes: ["Amounts are hidden."], empty: "" }).card,
  tasks: renderTaskList({
    title: "Your tasks",
    items: [{ id: "f".repeat(32), kind: "task", title: "Call", dueAt: "2026-03-05T14:00:00.000Z", overdue: true, entity: "lead", recordId: id }],
    empty: "",
    more: { crm: "moreTasks", after: "x" },
  }).card,
  problem: renderProblemCard("Please check your input", "Some fields are not valid.", [{ field: "x", message: "Bad." }]).card,
  failure: renderFailureCard("abcd1234").card,
  didYouMean: renderDidYouMeanCard("my leds", "my leads").card,
  unknown: renderUnknownCommandCard("weather").card,
  notice: renderNoticeCard("Assigned", "This lead now belongs to Mia.").card,
  personalNotification: renderNotificationCard({ title: "New task", text: "Call", entity: "lead", recordId: id, taskId: "f".repeat(32) }).card,
  sharedAnswer: renderSharedAnswerCard(view, { asked: "lead grace", refreshUserIds: ["29:1abc"] }).card,
  notShownHere: renderNotShownHereCard().card,
  channelPost: renderChannelPostCard({ title: "Deal won", text: "An opportunity was won.", view }).card,
  channelNotification: renderNotificationFor({ kind: "channel", channelId: "19:x" }, { title: "Routed", text: "A lead came in.", entity: "lead", recordId: id }).card,
};

describe("Adaptive Cards as a host reads them", () => {
  it.each(Object.entries(everyCard))("%s: valid as it is and as a reader's own view in a shared conversation", (_name, card) => {
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(adaptiveCardProblems(asUserSpecificView(card, view, ["29:1abc"]))).toEqual([]);
    expect(cardBytes(card)).toBeLessThan(maxCardBytes);
  });

  it("notices what a host would not understand (the check can fail)", () => {
    expect(adaptiveCardProblems({ type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "x", colour: "Good" }] })).toEqual(["card.body[0].colour is not understood"]);
    const execute = { type: "Action.Execute", title: "x", verb: "view", data: {} };
    expect(adaptiveCardProblems({ type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "x" }], actions: [{ ...execute, user: "29:1" }] })).toEqual([
      "card.actions[0].user is not understood",
    ]);
    expect(adaptiveCardProblems({ type: "AdaptiveCard", version: "1.5", body: [{ type: "TextBlock", text: "x" }], refresh: { action: execute, users: ["29:1"] } })).toEqual([
      "card.refresh.users is not understood",
    ]);
  });
});

describe("a reader's own view in a shared conversation", () => {
  it("turns every button into Action.Execute, nested ones included, and adds the refresh", () => {
    const own = asUserSpecificView(detail("small"), view, ["29:1abc"]);
    const json = JSON.stringify(own);
    expect(json).not.toContain("Action.Submit");
    expect(json.match(/"Action\.Execute"/g)?.length).toBe(5); // four Save buttons and the refresh
    expect(own.refresh).toEqual({ action: { type: "Action.Execute", title: "Show what I may see", verb: "view", data: view }, userIds: ["29:1abc"] });
    const list = JSON.stringify(withExecuteActions(everyCard.list!));
    expect(list).not.toContain("Action.Submit");
  });

  it("keeps the largest detail card under Teams' limit as a reader's own view", () => {
    expect(cardBytes(asUserSpecificView(detail("huge"), view, ["29:1abc"]))).toBeLessThan(maxCardBytes);
  });

  it("puts the viewing data, and nothing else, on the card everyone receives", () => {
    const card = renderSharedAnswerCard(view, { asked: "lead grace", refreshUserIds: ["29:1abc"] }).card;
    expect(card.actions).toEqual([{ type: "Action.Execute", title: "Show what I may see", verb: "view", data: view }]);
    expect(card.refresh?.userIds).toEqual(["29:1abc"]);
    expect(renderChannelPostCard({ title: "Deal won", text: "An opportunity was won.", view }).card.refresh?.userIds).toEqual([]);
  });
});
