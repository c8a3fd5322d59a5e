/** "Changed by" in chat: a workflow's principal is shown as "A workflow", or by name to whoever may read workflows. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@crm/shared/policy";
import type { WorkflowEngine } from "@crm/shared/workflows";
import type { BotTestKit } from "../test-support/bot-test-kit.js";
import { startBotTestKit } from "../test-support/bot-test-kit.js";
import { serviceLookups } from "./domain-event-notifier.js";

const tenantId = "t-changed-by";
let kit: BotTestKit;
let engine: WorkflowEngine;
let asOwner: Actor;

const queued = async (userId: string): Promise<string[]> => {
  const texts: string[] = [];
  const partitionKey = `${tenantId}|notify|u-${userId}`;
  for await (const row of kit.services.store.table("work").listEntities<{ text: string }>({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'` } })) texts.push(row.text);
  return texts;
};

beforeAll(async () => {
  kit = await startBotTestKit();
  engine = kit.services.workflowEngine;
  await kit.user(tenantId, "owner-1", "Olive Owner");
  await kit.user(tenantId, "member-1", "Mia Member");
  asOwner = (await kit.services.actors.resolve({ tenantId, userId: "owner-1", displayName: "Olive Owner" })).actor;
  const service = kit.services.workflows;
  for (const [company, userId] of [
    ["Route to Mia", "member-1"],
    ["Route to Olive", "owner-1"],
  ] as const) {
    await service.create(asOwner, {
      name: `Route ${company}`,
      entity: "lead",
      trigger: { type: "created" },
      conditions: { match: "all", rules: [{ field: "company", op: "equals", value: company }] },
      actions: [{ type: "assign", strategy: "user", userId }],
    });
  }
});
afterAll(async () => {
  await engine.stop();
  await kit.close();
});

describe("changed by a workflow", () => {
  it("tells a Member 'A workflow' assigned the record, never the raw principal id", async () => {
    await kit.services.records.create(asOwner, "lead", { name: "Grace Hopper", company: "Route to Mia" });
    await engine.drain();
    const texts = await queued("member-1");
    expect(texts).toContain('A workflow assigned you the lead "Grace Hopper".');
    expect(texts.join("\n")).not.toContain("workflow.");
  });

  it("names the workflow to someone who may read workflows (the Owner)", async () => {
    await kit.services.records.create(asOwner, "lead", { name: "Ada Lovelace", company: "Route to Olive", ownerId: "member-1" });
    await engine.drain();
    expect(await queued("owner-1")).toContain('The workflow "Route Route to Olive" assigned you the lead "Ada Lovelace".');
  });

  it("names people as before, and falls back for an unknown workflow", async () => {
    const lookups = serviceLookups(kit.services, kit.core.conversations);
    expect(await lookups.changedBy(tenantId, "owner-1", "member-1")).toBe("Olive Owner");
    expect(await lookups.changedBy(tenantId, "workflow.0000000000000000000", "owner-1")).toBe("A workflow");
    expect(await lookups.changedBy(tenantId, "workflow.0000000000000000000", "member-1")).toBe("A workflow");
  });
});
