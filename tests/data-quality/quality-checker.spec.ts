/**
 * The checker on real change events over a real (in-memory) Azurite: duplicates by
 * normalised value both ways, self-resolving when fixed, gone when deleted; a form
 * change found by the scan; stale leads woken by a note; and the cost of one change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultForm } from "@crm/shared/domain";
import type { Actor } from "@crm/shared/policy";
import { TableStore } from "@crm/shared/storage";
import type { CrmServices } from "@crm/shared/services";
import { createServices } from "@crm/shared/services";
import type { Notification } from "@crm/shared/services";

let store: TableStore;
let services: CrmServices;
let owner: Actor;
const clock = { at: Date.parse("2026-03-02T09:00:00Z"), now: () => new Date(clock.at) };
const sent: Notification[] = [];
const tenantId = "quality-checker";

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
  services = createServices(store, clock, { notifications: { enqueue: async (notification) => void sent.push(notification) } });
  owner = (await services.actors.resolve({ tenantId, userId: "founder", displayName: "Founder", email: "founder@example.com" })).actor;
});
afterAll(async () => {
  await store?.close();
});

const open = async (rule?: string) => (await services.dataQuality.list(owner, rule ? { rule: rule as never } : {})).items;
const lead = (fields: Record<string, unknown>) => services.records.create(owner, "lead", { name: "Someone", ...fields });

describe("duplicates on change events", () => {
  it("two leads with one email in two spellings both get a finding, routed to the owner and the Owners", async () => {
    const a = await lead({ name: "Ada", email: "ada@example.com" });
    expect(await open("duplicateEmail")).toEqual([]);
    const b = await lead({ name: "Ada L", email: "ADA@Example.COM" });
    const findings = await open("duplicateEmail");
    expect(findings.map((finding) => [finding.recordId, finding.related])).toEqual(
      expect.arrayContaining([
        [a.record.id, [b.record.id]],
        [b.record.id, [a.record.id]],
      ]),
    );
    expect(findings).toHaveLength(2);
    expect(
      sent
        .filter((notification) => notification.title === "Data quality: Same email as another record")
        .map((notification) => notification.recordId)
        .sort(),
    ).toEqual([a.record.id, b.record.id].sort());
  });

  it("fixing one resolves both; a redelivered event changes nothing", async () => {
    const [first] = await open("duplicateEmail");
    const record = (await services.records.get(owner, "lead", first!.recordId)).record;
    await services.records.update(owner, "lead", record.id, record.etag, { email: "other@example.com" });
    expect(await open("duplicateEmail")).toEqual([]);
    const resolved = (await services.dataQuality.list(owner, { rule: "duplicateEmail", state: "resolved" })).items;
    expect(resolved).toHaveLength(2);
    await services.dataQuality.onEvent({ type: "record.updated", tenantId, entity: "lead", recordId: record.id }, "redelivered");
    expect((await services.dataQuality.list(owner, { rule: "duplicateEmail", state: "resolved" })).items).toHaveLength(2);
  });

  it("a deleted record takes its findings along and its twin's resolves", async () => {
    const a = await lead({ name: "Grace", phone: "+1 (555) 010-2030" });
    const b = await lead({ name: "Grace H", phone: "0015550102030" });
    expect((await open("duplicatePhone")).map((finding) => finding.recordId).sort()).toEqual([a.record.id, b.record.id].sort());
    await services.records.remove(owner, "lead", b.record.id, b.record.etag);
    expect(await open("duplicatePhone")).toEqual([]);
    const left = (await services.dataQuality.list(owner, { rule: "duplicatePhone", state: "resolved" })).items;
    expect(left.map((finding) => finding.recordId)).toEqual([a.record.id]);
  });

  it("one change's checks cost a handful of round trips, not a tenant scan", async () => {
    for (let index = 0; index < 30; index += 1) await lead({ name: `Filler ${index}`, email: `filler${index}@example.com` });
    const created = await lead({ name: "Measured", email: "measured@example.com" });
    const before = store.roundTrips;
    await services.dataQuality.onEvent({ type: "record.updated", tenantId, entity: "lead", recordId: created.record.id }, "measure");
    // rules, form, record, quality state, findings range, one value row per duplicate key (email, name+company none)
    expect(store.roundTrips - before).toBeLessThanOrEqual(7);
  });
});

describe("form changes and stale records", () => {
  it("a field made required after records exist is found by the scan, and filling it resolves it", async () => {
    const record = await lead({ name: "No company" });
    const form = defaultForm("lead").map((field) => (field.key === "company" ? { ...field, required: true } : field));
    await services.configuration.putForm(owner, "lead", form);
    await services.dataQuality.requestScan(owner);
    await services.qualityScan.drain();
    const keys = (await open("requiredEmpty")).map((finding) => `${finding.recordId}:${finding.key}`);
    expect(keys).toContain(`${record.record.id}:requiredEmpty:company`);
    const current = (await services.records.get(owner, "lead", record.record.id)).record;
    await services.records.update(owner, "lead", current.id, current.etag, { company: "Contoso" });
    expect((await open("requiredEmpty")).map((finding) => finding.recordId)).not.toContain(record.record.id);
    await services.configuration.putForm(owner, "lead", defaultForm("lead"));
  });

  it("an open lead idle past the threshold is stale at the nightly scan; a note wakes it", async () => {
    const record = await lead({ name: "Sleepy" });
    clock.at += 31 * 86_400_000;
    await services.dataQuality.requestScan(owner);
    await services.qualityScan.drain();
    expect((await open("staleLead")).map((finding) => finding.recordId)).toContain(record.record.id);
    await services.records.addNote(owner, "lead", record.record.id, "Called them");
    expect((await open("staleLead")).map((finding) => finding.recordId)).not.toContain(record.record.id);
  });
});
