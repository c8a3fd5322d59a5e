import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@crm/shared/policy";
import type { DomainEvent } from "@crm/shared/storage";
import type { Notification } from "@crm/shared/services";
import type { BotTestKit } from "../test-support/bot-test-kit.js";
import { startBotTestKit } from "../test-support/bot-test-kit.js";
import { notificationsFor, serviceLookups } from "./domain-event-notifier.js";
import type { EventLookups, RecordAsSeen } from "./domain-event-notifier.js";

const seesAll: RecordAsSeen = { title: "Printer on fire", sees: () => true };

const lookupsWith = (seen: (viewerId: string) => RecordAsSeen | undefined): EventLookups => ({
  recordAs: async (_tenant, _entity, _id, viewerId) => seen(viewerId),
  changedBy: async (_tenant, userId) => (userId === "lead-agent" ? "Lena" : userId.startsWith("workflow.") ? "A workflow" : "Someone"),
  stage: async (_tenant, stageId) => (stageId === "won" ? { name: "Closed won", won: true } : { name: "Proposal", won: false }),
  announcementChannels: async () => [{ kind: "channel", channelId: "19:sales" }],
});
const lookups = lookupsWith(() => seesAll);

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

  it("announces a won deal to the owner and, without any record values, to announcement channels", async () => {
    const event: DomainEvent = { type: "opportunity.stageChanged", ...base, entity: "opportunity", to: "won" };
    const notifications = await notificationsFor(event, "c2", lookups);
    expect(notifications.map((notification) => [notification.recipient, notification.title])).toEqual([
      [{ kind: "user", userId: "owner-1" }, "Deal won"],
      [{ kind: "channel", channelId: "19:sales" }, "Deal won"],
    ]);
    expect(notifications[1]).toMatchObject({ text: "An opportunity was won.", entity: "opportunity", recordId: "r1" });
  });

  it("names the record neutrally to a reader whose roles hide its name", async () => {
    const unnamed = lookupsWith(() => ({ sees: () => true }));
    const [assigned] = await notificationsFor({ type: "record.assigned", ...base, entity: "lead" }, "c3", unnamed);
    expect(assigned).toMatchObject({ title: "New lead for you", text: "Lena assigned you a lead.", entity: "lead", recordId: "r1" });
    const [assignee] = await notificationsFor({ type: "case.assigneeChanged", ...base, assigneeId: "sam" }, "c3", unnamed);
    expect(assignee!.text).toBe("Lena made you the assignee of a case.");
    const [moved] = await notificationsFor({ type: "opportunity.stageChanged", ...base, entity: "opportunity", to: "proposal" }, "c3", unnamed);
    expect(moved!.text).toBe("One of your opportunities moved to Proposal.");
    const [escalated] = await notificationsFor({ type: "record.statusChanged", ...base, to: "Escalated" }, "c3", unnamed);
    expect(escalated!.text).toBe("One of your cases was escalated.");
  });

  it("tells a change only to readers who may see the changed field, and nothing of a record they may not read", async () => {
    const noStage = lookupsWith(() => ({ title: "Big deal", sees: (field) => field !== "stageId" }));
    const won = await notificationsFor({ type: "opportunity.stageChanged", ...base, entity: "opportunity", to: "won" }, "c4", noStage);
    expect(won.map((notification) => notification.recipient.kind)).toEqual(["channel"]);
    const noStatus = lookupsWith(() => ({ title: "Printer", sees: (field) => field !== "status" }));
    expect(await notificationsFor({ type: "record.statusChanged", ...base, to: "Escalated" }, "c4", noStatus)).toEqual([]);
    const unreadable = lookupsWith(() => undefined);
    const [assigned] = await notificationsFor({ type: "record.assigned", ...base, entity: "lead" }, "c4", unreadable);
    expect(assigned).toEqual({ tenantId: "t", recipient: { kind: "user", userId: "owner-1" }, dedupeKey: "c4:assigned:owner-1", title: "New lead for you", text: "Lena assigned you a lead." });
    expect(await notificationsFor({ type: "case.assigneeChanged", ...base, assigneeId: "sam" }, "c4", unreadable)).toEqual([]);
  });
});

describe("records as each recipient may see them (real services)", () => {
  const tenantId = "t-notify-fields";
  let kit: BotTestKit;
  let owner: Actor;

  const queued = async (userId: string): Promise<Notification[]> => {
    const rows: Notification[] = [];
    const partitionKey = `${tenantId}|notify|u-${userId}`;
    for await (const row of kit.services.store.table("work").listEntities<Notification>({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'` } })) rows.push(row);
    return rows;
  };

  beforeAll(async () => {
    kit = await startBotTestKit();
    await kit.user(tenantId, "owner-1", "Olive Owner");
    owner = (await kit.services.actors.resolve({ tenantId, userId: "owner-1", displayName: "Olive Owner" })).actor;
    const noNames = await kit.services.configuration.saveRole(owner, {
      name: "Rep without names",
      fields: { lead: { name: "hidden" }, opportunity: { name: "hidden", amount: "hidden" }, case: { title: "hidden" } },
    });
    await kit.services.configuration.addUser(owner, { userId: "rep", displayName: "Rita Rep", roleIds: [noNames.id] });
    const noLeads = await kit.services.configuration.saveRole(owner, {
      name: "Cases only",
      entities: { ...noNames.entities, lead: { create: "none", read: "none", update: "none", delete: "none", assign: "none", export: "none" } },
    });
    await kit.services.configuration.addUser(owner, { userId: "agent", displayName: "Cas Agent", roleIds: [noLeads.id] });
  });
  afterAll(() => kit.close());

  it("hides a name the recipient's roles hide, and says nothing of a record they may not read", async () => {
    await kit.services.records.create(owner, "lead", { name: "Grace Hopper", company: "Navy", ownerId: "rep" });
    expect((await queued("rep")).map((row) => row.text)).toEqual(["Olive Owner assigned you a lead."]);
    await kit.services.records.create(owner, "lead", { name: "Ada Lovelace", ownerId: "agent" });
    const [toAgent] = await queued("agent");
    expect(toAgent).toMatchObject({ text: "Olive Owner assigned you a lead." });
    expect(toAgent!.entity).toBeUndefined();
    expect(toAgent!.recordId).toBeUndefined();
    expect(JSON.stringify(await queued("rep")) + JSON.stringify(await queued("agent"))).not.toMatch(/Grace|Ada|Navy/);
  });

  it("reads through the policy without auditing a denial: the recipient asked for nothing", async () => {
    const lookups = serviceLookups(kit.services, kit.core.conversations);
    const lead = await kit.services.records.create(owner, "lead", { name: "Quiet lookup" });
    expect(await lookups.recordAs(tenantId, "lead", lead.record.id, "agent")).toBeUndefined();
    expect((await lookups.recordAs(tenantId, "lead", lead.record.id, "owner-1"))?.title).toBe("Quiet lookup");
    expect(await lookups.recordAs(tenantId, "lead", lead.record.id, "nobody")).toBeUndefined();
    const denials: unknown[] = [];
    for await (const row of kit.services.store.table("audit").listEntities<{ outcome: string; actorId: string }>({ queryOptions: { filter: `PartitionKey eq '${tenantId}|log'` } })) {
      if (row.outcome !== "allowed" && row.actorId === "agent") denials.push(row);
    }
    expect(denials).toEqual([]);
  });
});
