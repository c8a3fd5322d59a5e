/**
 * The full scan works in bounded batches under the tenant's lease and saves its cursor
 * after each: an instance that stops mid-scan leaves the rest to the next one, which
 * resumes at the cursor, and no (record, rule) gets a second finding or notification.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultForm } from "@crm/shared/domain";
import type { Actor } from "@crm/shared/policy";
import { TableStore } from "@crm/shared/storage";
import { createServices } from "@crm/shared/services";
import type { Notification } from "@crm/shared/services";
import type { ServiceOptions } from "@crm/shared/services";

let store: TableStore;
const clock = { at: Date.parse("2026-03-02T09:00:00Z"), now: () => new Date(clock.at) };
const tenantId = "quality-scan";
const sent: Notification[] = [];
type ScanPlan = Parameters<NonNullable<NonNullable<ServiceOptions["qualityScan"]>["onBatch"]>>[1];
const plans: ScanPlan[] = [];
const notifications = { enqueue: async (notification: Notification) => void sent.push(notification) };
const start = (holderId: string) => createServices(store, clock, { holderId, notifications, qualityScan: { batchSize: 2, onBatch: (_tenant, plan) => plans.push(plan) } });

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
});
afterAll(async () => {
  await store?.close();
});

describe("the full scan", () => {
  it("resumes after a restart mid-scan without duplicate findings", async () => {
    const first = start("instance-a");
    const owner: Actor = (await first.actors.resolve({ tenantId, userId: "founder", displayName: "Founder", email: "f@example.com" })).actor;
    for (let index = 0; index < 5; index += 1) await first.records.create(owner, "lead", { name: `Lead ${index}` });
    await first.configuration.putForm(
      owner,
      "lead",
      defaultForm("lead").map((field) => (field.key === "company" ? { ...field, required: true } : field)),
    );
    sent.length = 0;
    await first.dataQuality.requestScan(owner);
    expect(await first.qualityScan.tick()).toBe(1);
    expect(plans).toEqual([{ entityIndex: 0, continuationToken: expect.any(String), scanned: 2 }]);
    await first.qualityScan.stop();

    const second = start("instance-b");
    await second.qualityScan.drain();
    expect(plans.at(-1)).toEqual({ entityIndex: 3, scanned: 5 });
    expect(plans.map((plan) => plan.scanned)).toEqual([2, 4, 5, 5, 5]);
    const findings = (await second.dataQuality.list(owner, { rule: "requiredEmpty" })).items;
    expect(findings.map((finding) => finding.recordId).sort()).toHaveLength(5);
    expect(new Set(findings.map((finding) => finding.recordId)).size).toBe(5);
    expect(new Set(sent.map((notification) => notification.dedupeKey)).size).toBe(sent.length);
    expect(sent).toHaveLength(5);
  });

  it("a second scan finds the same findings again, none new", async () => {
    const again = start("instance-c");
    const owner = (await again.actors.resolve({ tenantId, userId: "founder", displayName: "Founder", email: "f@example.com" })).actor;
    sent.length = 0;
    await again.dataQuality.requestScan(owner);
    clock.at += 60_000;
    await again.qualityScan.drain();
    expect((await again.dataQuality.list(owner, { rule: "requiredEmpty" })).items).toHaveLength(5);
    expect(sent).toEqual([]);
  });
});
