import { describe, expect, it } from "vitest";
import type { DomainEvent } from "@crm/shared";
import { notificationsFor } from "./domain-event-notifier.js";
import type { EventLookups } from "./domain-event-notifier.js";

const lookups: EventLookups = {
  recordTitle: async () => ({ title: "Printer on fire", amount: 1200 }),
  userName: async (_tenant, userId) => (userId === "lead-agent" ? "Lena" : "Someone"),
  changedBy: async (_tenant, userId) => (userId === "lead-agent" ? "Lena" : userId.startsWith("workflow.") ? "A workflow" : "Someone"),
  stage: async (_tenant, stageId) => (stageId === "won" ? { name: "Closed won", won: true } : { name: "Proposal", won: false }),
  announcementChannels: async () => [{ kind: "channel", channelId: "19:sales" }],
};

const base = { tenantId: "t", entity: "case", recordId: "r1", ownerId: "owner-1", actorId: "lead-agent" };

describe("notificationsFor", () => {
  it("tells a new case assignee, once per change", async () => {
    const event: DomainEvent = { type: "case.assigneeChanged", ...base, assigneeId: "sam" };
    const [notification, ...rest] = await notificationsFor(event, "change-1", lookups);
    expect(rest).toEqual([]);
    expect(notification).toMatchObject({ recipient: { kind: "user", userId: "sam" }, title: "Case assigned to you", dedupeKey: "change-1:assignee:sam" });
    expect(notification!.text).toBe('Lena made you the assignee of the case "Printer on fire".');
  });

  it("stays quiet when people assign themselves", async () => {
    expect(await notificationsFor({ type: "case.assigneeChanged", ...base, assigneeId: "lead-agent" }, "c", lookups)).toEqual([]);
    expect(await notificationsFor({ type: "record.assigned", ...base, entity: "lead", ownerId: "lead-agent" }, "c", lookups)).toEqual([]);
  });

  it("announces a won deal to the owner and to announcement channels", async () => {
    const event: DomainEvent = { type: "opportunity.stageChanged", ...base, entity: "opportunity", to: "won" };
    const notifications = await notificationsFor(event, "c2", lookups);
    expect(notifications.map((notification) => [notification.recipient, notification.title])).toEqual([
      [{ kind: "user", userId: "owner-1" }, "Deal won"],
      [{ kind: "channel", channelId: "19:sales" }, "Deal won"],
    ]);
  });
});
