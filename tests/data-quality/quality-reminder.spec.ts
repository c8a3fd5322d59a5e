/**
 * The Accountable's reminder, on the scan's queue under its lease, with a test clock:
 * findings still open past the rules' age are told once to data cleanup's Accountable
 * (counts by rule, only findings they may see), never again on later days; the age is
 * a validated rules setting.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultQualityRules } from "@crm/shared/domain";
import type { Actor } from "@crm/shared/policy";
import { TableStore } from "@crm/shared/storage";
import { createServices } from "@crm/shared/services";
import type { Notification } from "@crm/shared/services";

let store: TableStore;
const dayMs = 86_400_000;
const clock = { at: Date.parse("2026-03-02T09:00:00Z"), now: () => new Date(clock.at) };
const tenantId = "quality-remind";
const sent: Notification[] = [];
const notifications = { enqueue: async (notification: Notification) => void sent.push(notification) };
let services: ReturnType<typeof createServices>;
let owner: Actor;
const reminders = () => sent.filter((notification) => notification.dedupeKey.startsWith("quality-remind|"));

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
  services = createServices(store, clock, { holderId: "instance-a", notifications });
  owner = (await services.actors.resolve({ tenantId, userId: "founder", displayName: "Founder", email: "f@example.com" })).actor;
  const manager = await services.configuration.saveRole(owner, { name: "CRM Manager", template: "crm-manager" });
  await services.configuration.addUser(owner, { userId: "cara", displayName: "Cara", roleIds: [manager.id] });
  await services.configuration.addUser(owner, { userId: "mia", displayName: "Mia", roleIds: ["member"] });
});
afterAll(async () => {
  await store?.close();
});

/** Moves the clock a day at a time, working due jobs each day. */
async function days(count: number) {
  for (let day = 0; day < count; day += 1) {
    clock.at += dayMs;
    await services.qualityScan.drain(20);
  }
}

describe("the Accountable's reminder", () => {
  it("refuses an age out of range in words", async () => {
    await expect(services.dataQuality.putRules(owner, { ...defaultQualityRules(), accountableReminder: { days: 0 } })).rejects.toMatchObject({
      code: "invalid_input",
      details: { fields: [{ field: "accountableReminder.days", message: "Reminder to the Accountable: give a whole number of days from 1 to 365." }] },
    });
    await services.dataQuality.putRules(owner, { ...defaultQualityRules(), accountableReminder: { days: 3 } });
    expect((await services.dataQuality.getRules(owner)).accountableReminder).toEqual({ days: 3 });
  });

  it("tells data cleanup's Accountable once, when findings have been open the configured days", async () => {
    const mia = (await services.actors.activeActor(tenantId, "mia"))!;
    await services.records.create(mia, "lead", { name: "Mia's lead", email: "same@example.com" });
    await services.records.create(owner, "lead", { name: "Founder's lead", email: "same@example.com" });
    await services.qualityScan.drain(20);
    sent.length = 0;
    await days(2);
    expect(reminders()).toEqual([]);
    await days(2);
    expect(reminders()).toEqual([
      expect.objectContaining({
        recipient: { kind: "user", userId: "cara" },
        title: "Data quality: 2 findings open over 3 days",
        text: expect.stringContaining("Same email as another record: 2"),
      }),
    ]);
    expect(reminders()[0]!.text).not.toContain("same@example.com");
    await days(5);
    expect(reminders()).toHaveLength(1);
  });
});
