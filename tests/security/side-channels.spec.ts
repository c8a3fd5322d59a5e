/**
 * The side-channel suite. For a role that hides one field on each entity, two
 * worlds (two tenants) are built by the same steps at the same business times,
 * differing only in the hidden fields' values. Then the viewer holding that role
 * drives every channel that can carry record data (records, lists, search, sort,
 * filters, export, history, notes, audit, reports, forms; workflow runs, dry runs,
 * tasks, notes and notifications written by workflows; the bot's commands in a
 * personal and a group chat, its proactive messages and channel posts). Each answer must hold
 * none of the hidden values, and the two worlds' answers must be the same once
 * ids and times are set aside: no answer differs on a value the viewer may not see.
 * Generated twice: hiding a plain field, and hiding the title field itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EntityType } from "@crm/shared/policy";
import { entityPaths, entityTypes } from "@crm/shared/policy";
import { titleField } from "@crm/shared/domain";
import { BotNotificationPort, registerBot } from "@crm/bot";
import type { RegisteredBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import { startChannelRecorder } from "../bot/channel-recorder.js";
import type { ChannelRecorder } from "../bot/channel-recorder.js";
import { botChannelsOf, channelIdOf, setUpBot } from "./side-channel-bot.js";
import type { TestServer } from "../support/test-server.js";
import { TestClock } from "../workflows/support.js";
import { channelsOf, normalize, writtenForms } from "./side-channel-kit.js";
import type { World } from "./side-channel-kit.js";

interface Variant {
  name: string;
  /** The field the viewer's role hides, per entity. */
  hidden: Record<EntityType, string>;
  /** The hidden field's value in world A and world B, per entity (values nothing else in the setup contains). */
  secrets: Record<EntityType, [unknown, unknown]>;
}

const variants: Variant[] = [
  {
    name: "a plain field hidden",
    hidden: { lead: "value", opportunity: "amount", case: "description" },
    secrets: { lead: [7310421, 1928374], opportunity: [6420531, 2837465], case: ["Zqxv secret alpha", "Wjkp secret beta"] },
  },
  {
    name: "the title field hidden",
    hidden: { lead: "name", opportunity: "name", case: "title" },
    secrets: { lead: ["Zqxv Alphaname", "Wjkp Betaname"], opportunity: ["Yrtu Alphadeal", "Vbnm Betadeal"], case: ["Xplo Alphacase", "Ucvb Betacase"] },
  },
];

const start = Date.parse("2026-12-01T09:00:00.000Z");
const clock = new TestClock(start);
let server: TestServer;
let recorder: ChannelRecorder;
let bot: RegisteredBot;
const botWorld = { server: () => server, channel: () => recorder };

beforeAll(async () => {
  recorder = await startChannelRecorder();
  const notifications = new BotNotificationPort();
  server = await startTestServer({
    clock,
    workflowPollMs: 0,
    notifications,
    extend: async (app, services) => {
      bot = await registerBot(app, services, { auth: {}, notifications, startSender: false });
    },
  });
});
afterAll(async () => {
  await server?.close();
  await recorder?.close();
});

/** A value for an entity's field that is the same in both worlds (the title when it is not hidden, and so on). */
function plainValues(entity: EntityType, n: number, hidden: string): Record<string, unknown> {
  const title = titleField[entity];
  const values: Record<string, unknown> =
    entity === "lead"
      ? { [title]: `Side lead ${n}`, company: `Company ${n}`, status: "New", value: 1000 + n }
      : entity === "opportunity"
        ? { [title]: `Side deal ${n}`, account: `Account ${n}`, amount: 2000 + n, closeDate: "2027-01-15" }
        : { [title]: `Side case ${n}`, customer: `Customer ${n}`, priority: "High", description: `Plain description ${n}` };
  delete values[hidden];
  return values;
}

async function build(variant: Variant, world: World): Promise<void> {
  clock.set(new Date(start).toISOString());
  const tick = () => clock.advance(1000);
  const { owner, viewer, colleague } = world.people;
  const call = async (who: { tenantId: string; userId: string }, method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    tick();
    const response = await server.call(method, path, { as: who, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
    if (response.status >= 300) throw new Error(`setup ${method} ${path}: ${response.status} ${response.text}`);
    return response;
  };
  await call(owner, "GET", "/api/me");
  const grants = { create: "own", read: "all", update: "own", delete: "none", assign: "none", export: "all" };
  const role = await call(owner, "POST", "/api/roles", {
    name: "Viewer",
    entities: { lead: grants, opportunity: grants, case: grants },
    config: ["audit", "workflows"],
    fields: Object.fromEntries(entityTypes.map((entity) => [entity, { [variant.hidden[entity]]: "hidden" }])),
  });
  world.roleId = role.body.id;
  await call(owner, "POST", "/api/users", { userId: viewer.userId, displayName: "Vera Viewer", roleIds: [role.body.id] });
  await call(owner, "POST", "/api/users", { userId: colleague.userId, displayName: "Colin Colleague", roleIds: ["member"] });
  await setUpBot(botWorld, world, tick);

  for (const entity of entityTypes) {
    const path = `/api/${entityPaths[entity]}`;
    const secret = variant.secrets[entity][world.index];
    const hidden = variant.hidden[entity];
    const records: string[] = [];
    for (const [n, ownerId] of [viewer.userId, owner.userId, colleague.userId].entries()) {
      const created = await call(owner, "POST", path, { ...plainValues(entity, n, hidden), [hidden]: secret, ownerId });
      records.push(created.body.id);
    }
    world.records[entity] = records;
    // A change of the hidden field and of a plain one: history and audit carry both.
    const first = await call(owner, "GET", `${path}/${records[0]}`);
    const changed = typeof secret === "number" ? secret + 1 : `${String(secret)} changed`;
    const plainKey = entity === "lead" ? "company" : entity === "opportunity" ? "account" : "customer";
    await call(owner, "PATCH", `${path}/${records[0]}`, { [hidden]: changed, [plainKey]: `${plainKey} changed` }, { "if-match": first.headers.get("etag")! });
    await call(owner, "POST", `${path}/${records[0]}/notes`, { text: "A note anyone who reads the record may read." });
    world.secrets.push(secret, changed);
  }
  // A lead converts into a deal: the value travels into the opportunity's amount.
  await call(owner, "POST", `/api/leads/${world.records.lead[1]}/convert`, {});

  // Workflows by the Owner (running as the Owner), with the hidden field in their texts and conditions.
  for (const entity of entityTypes) {
    const hidden = variant.hidden[entity];
    const texts = await call(owner, "POST", "/api/config/workflows", {
      name: `Texts about ${entityPaths[entity]}`,
      entity,
      trigger: { type: "manual" },
      roleIds: ["owner"],
      actions: [
        { type: "addNote", text: `Noted {${hidden}} of {record}` },
        { type: "createTask", kind: "task", title: `Call about {${hidden}}`, due: { amount: 1, unit: "days" }, assignTo: { kind: "owner" } },
        { type: "notify", to: { kind: "owner" }, message: `Heads up: {${hidden}} on {record}` },
        { type: "notify", to: { kind: "channel", channelId: channelIdOf(world) }, message: `For the channel: {${hidden}} on {record}` },
      ],
    });
    const threshold = typeof variant.secrets[entity][0] === "number" ? { op: "greaterThan", value: 5_000_000 } : { op: "contains", value: "Alpha" };
    const gated = await call(owner, "POST", "/api/config/workflows", {
      name: `Gate on ${entityPaths[entity]}`,
      entity,
      trigger: { type: "manual" },
      roleIds: ["owner"],
      conditions: { match: "all", rules: [{ field: hidden, ...threshold }] },
      actions: [{ type: "noop" }],
    });
    world.workflows.push(texts.body.id, gated.body.id);
    for (const workflowId of [texts.body.id, gated.body.id]) await call(owner, "POST", `/api/config/workflows/${workflowId}/run`, { recordId: world.records[entity][0] });
  }
  // The viewer's deal is won: its owner is told, and the channel with announcements on hears of it.
  const deal = await call(owner, "GET", `/api/opportunities/${world.records.opportunity[0]}`);
  await call(owner, "PATCH", `/api/opportunities/${world.records.opportunity[0]}`, { stageId: "won" }, { "if-match": deal.headers.get("etag")! });
  tick();
  await server.workflows.drain();
  while ((await bot.sender.drainOnce()).sent > 0) tick();
}

for (const variant of variants) {
  describe(`side channels, ${variant.name}`, () => {
    const worlds: World[] = [0, 1].map((index) => {
      const tenantId = `side-${variant.hidden.lead}-${index === 0 ? "a" : "b"}`;
      return {
        index,
        tenantId,
        people: { owner: { tenantId, userId: "owner" }, viewer: { tenantId, userId: "viewer" }, colleague: { tenantId, userId: "colleague" } },
        records: { lead: [], opportunity: [], case: [] },
        workflows: [],
        secrets: [],
        roleId: "",
      };
    });

    beforeAll(async () => {
      for (const world of worlds) await build(variant, world);
    }, 120_000);

    const channels = [...channelsOf(variant.hidden, () => server), ...botChannelsOf(botWorld)];
    it("drives more than 40 channels", () => {
      expect(channels.length).toBeGreaterThan(40);
    });

    for (const channel of channels) {
      it(`${channel.name}: holds no hidden value and does not differ on it`, async () => {
        const answers: string[] = [];
        for (const world of worlds) {
          clock.set(new Date(start + 3_600_000).toISOString());
          const answer = await channel.run(world);
          const raw = JSON.stringify(answer);
          for (const secret of [...worlds[0]!.secrets, ...worlds[1]!.secrets].flatMap(writtenForms)) expect(raw, `${channel.name} shows ${secret}`).not.toContain(secret);
          answers.push(channel.unordered && Array.isArray(answer) ? JSON.stringify(answer.map((item) => normalize(JSON.stringify(item), world)).sort()) : normalize(raw, world));
        }
        expect(answers[1]).toEqual(answers[0]);
      });
    }
  });
}
