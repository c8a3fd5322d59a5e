/**
 * Findings routed by the RACI chart over real change events and a real (in-memory)
 * Azurite: the Responsible of data cleanup (a Data Analyst) hears of every finding
 * with the record's owner; where nobody holds that letter, the Owners stand in for
 * duplicates only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@crm/shared/policy";
import { TableStore } from "@crm/shared/storage";
import { createServices } from "@crm/shared/services";
import type { CrmServices } from "@crm/shared/services";
import type { Notification } from "@crm/shared/services";

let store: TableStore;
let services: CrmServices;
const clock = { at: Date.parse("2026-03-02T09:00:00Z"), now: () => new Date(clock.at) };
const sent: Notification[] = [];

beforeAll(async () => {
  store = await TableStore.open({ inMemory: true });
  services = createServices(store, clock, { notifications: { enqueue: async (notification) => void sent.push(notification) } });
});
afterAll(async () => {
  await store?.close();
});

const toWhom = (title: string) =>
  sent
    .filter((notification) => notification.title === title)
    .map((notification) => (notification.recipient.kind === "user" ? notification.recipient.userId : notification.recipient.kind))
    .sort();

async function tenantWith(tenantId: string, analyst: boolean): Promise<{ founder: Actor; member: Actor }> {
  const founder = (await services.actors.resolve({ tenantId, userId: "founder", displayName: "Founder" })).actor;
  if (analyst) {
    const role = await services.configuration.saveRole(founder, { name: "Data Analysts", template: "data-analyst" });
    await services.configuration.addUser(founder, { userId: "dana", displayName: "Dana", roleIds: [role.id] });
  }
  const member = (await services.actors.resolve({ tenantId, userId: "mo", displayName: "Mo" })).actor;
  return { founder, member };
}

describe("data-quality routing by the RACI chart", () => {
  it("tells the record's owner and the Responsible of data cleanup, not the Owners", async () => {
    const { member } = await tenantWith("routing-analyst", true);
    sent.length = 0;
    await services.records.create(member, "lead", { name: "Ada", email: "ada@example.com" });
    await services.records.create(member, "lead", { name: "Ada L", email: "ADA@example.com" });
    // Both leads are Mo's: Mo and Dana are told of each; the Owner is not (the chart names Dana).
    expect(toWhom("Data quality: Same email as another record")).toEqual(["dana", "dana", "mo", "mo"]);
  });

  it("falls back to the Owners for duplicates only when nobody holds the Responsible letter", async () => {
    const { member } = await tenantWith("routing-fallback", false);
    sent.length = 0;
    await services.records.create(member, "lead", { name: "Bo", email: "bo@example.com" });
    await services.records.create(member, "lead", { name: "Bo B", email: "BO@example.com" });
    expect(toWhom("Data quality: Same email as another record")).toEqual(["founder", "founder", "mo", "mo"]);
  });
});
