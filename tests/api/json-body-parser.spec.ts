/**
 * The one JSON body parser of the instance bounds nesting to 64 levels before it
 * parses: records, configuration, workflows, dev sign-in and the bot answer a
 * body nested 65, 5,000 or 100,000 levels deep (objects, arrays, both mixed) with
 * 400 invalid_input, not a stack overflow's 500. Bodies over the 256 KiB limit are
 * refused earlier, with 413. Fastify's refusal of __proto__ / constructor.prototype
 * keys stays, and a body as deep as allowed still reaches the route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBot } from "@crm/bot";
import { startChannelRecorder } from "../bot/channel-recorder.js";
import type { ChannelRecorder } from "../bot/channel-recorder.js";
import { startTestServer } from "../support/test-server.js";
import type { ApiResponse, TestServer } from "../support/test-server.js";

const owner = { tenantId: "tenant-depth", userId: "olivia" };
const bodyLimit = 256 * 1024;

let server: TestServer;
let channel: ChannelRecorder;
let leadId: string;
let leadEtag: string;

beforeAll(async () => {
  channel = await startChannelRecorder();
  server = await startTestServer({ extend: async (app, services) => void (await registerBot(app, services, { auth: {}, startSender: false })) });
  const lead = await server.call("POST", "/api/leads", { as: owner, body: { name: "Deep lead" } });
  expect(lead.status).toBe(201);
  leadId = lead.body.id;
  leadEtag = lead.headers.get("etag")!;
});
afterAll(async () => {
  await server?.close();
  await channel?.close();
});

/** `levels` nested values: each level an object, an array, or (mixed) mostly arrays with an object every eighth level. */
const shapes = {
  objects: (levels: number) => '{"k":'.repeat(levels) + "0" + "}".repeat(levels),
  arrays: (levels: number) => "[".repeat(levels) + "]".repeat(levels),
  mixed: (levels: number) => {
    const isObject = (level: number) => level % 8 === 0;
    let open = "";
    let close = "";
    for (let level = 0; level < levels; level += 1) {
      open += isObject(level) ? '{"k":' : "[";
      close = (isObject(level) ? "}" : "]") + close;
    }
    return open + "0" + close;
  },
};

/** A body whose own object is the first level: `nested` adds `levels - 1` more. */
const bodyAtDepth = (shape: keyof typeof shapes, levels: number, fields = '"name":"x"') => `{${fields},"nested":${shapes[shape](levels - 1)}}`;

interface Target {
  name: string;
  method: string;
  path: () => string;
  headers?: () => Record<string, string>;
  signedIn?: boolean;
}

const targets: Target[] = [
  { name: "create a lead", method: "POST", path: () => "/api/leads", signedIn: true },
  { name: "update a lead", method: "PATCH", path: () => `/api/leads/${leadId}`, headers: () => ({ "if-match": leadEtag }), signedIn: true },
  { name: "convert a lead", method: "POST", path: () => `/api/leads/${leadId}/convert`, signedIn: true },
  { name: "save the lead form", method: "PUT", path: () => "/api/config/forms/lead", headers: () => ({ "if-match": "*" }), signedIn: true },
  { name: "create a pipeline", method: "POST", path: () => "/api/config/pipelines", signedIn: true },
  { name: "create a workflow", method: "POST", path: () => "/api/config/workflows", signedIn: true },
  { name: "save the case workflow", method: "PUT", path: () => "/api/config/case-workflow", signedIn: true },
  { name: "dev sign-in", method: "POST", path: () => "/api/dev/token" },
  { name: "the bot", method: "POST", path: () => "/api/messages" },
];

const send = (target: Target, rawBody: string): Promise<ApiResponse> =>
  server.call(target.method, target.path(), { ...(target.signedIn ? { as: owner } : {}), rawBody, headers: { "content-type": "application/json", ...target.headers?.() } });

describe("nesting depth", () => {
  it("refuses 65, 5,000 and 100,000 levels of objects, arrays and both on every kind of route, with 400 (413 past the size limit)", async () => {
    for (const target of targets) {
      for (const shape of Object.keys(shapes) as (keyof typeof shapes)[]) {
        for (const levels of [65, 5_000, 100_000]) {
          const body = bodyAtDepth(shape, levels);
          const label = `${target.name}: ${levels} levels of ${shape} (${body.length} bytes)`;
          const response = await send(target, body);
          if (body.length > bodyLimit) {
            expect(response.status, label).toBe(413);
            expect(response.body.error.code, label).toBe("payload_too_large");
            continue;
          }
          expect(response.status, label).toBe(400);
          expect(response.body.error.code, label).toBe("invalid_input");
          expect(response.body.error.message, label).toBe("The request body nests objects or arrays more than 64 levels deep; send a flatter JSON document.");
          expect(response.text, label).not.toMatch(/stack|RangeError|at .*\.(js|ts)/);
        }
      }
    }
  });

  it("lets 64 levels through to the route, which judges the body as usual", async () => {
    for (const shape of Object.keys(shapes) as (keyof typeof shapes)[]) {
      const allowed = await send(targets[0]!, bodyAtDepth(shape, 64));
      expect(allowed.status, shape).toBe(400);
      // The route's own validation speaks: the unknown field, not the depth.
      expect(allowed.body.error.details.fields, shape).toContainEqual(expect.objectContaining({ field: "fields.nested" }));
      expect((await send(targets[0]!, bodyAtDepth(shape, 65))).body.error.message, shape).toMatch(/more than 64 levels/);
    }
  });

  it("counts brackets inside strings as text: a lead named with thousands of them is created", async () => {
    const name = "[{".repeat(90) + '\\"' + "}]".repeat(90);
    const created = await server.call("POST", "/api/leads", { as: owner, rawBody: `{"name":"${name}"}`, headers: { "content-type": "application/json" } });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe(JSON.parse(`"${name}"`));
  });

  it("hands the bot a deep but allowed activity, which it answers", async () => {
    const before = channel.sent.length;
    const activity = {
      type: "message",
      id: "deep-activity",
      channelId: "msteams",
      serviceUrl: channel.url,
      from: { id: "29:olivia", aadObjectId: "olivia", name: "Olivia" },
      recipient: { id: "28:crm-bot", name: "CRM" },
      conversation: { id: "a:personal-olivia", conversationType: "personal", tenantId: owner.tenantId },
      channelData: { tenant: { id: owner.tenantId }, deep: JSON.parse(shapes.mixed(60)) },
      text: "help",
    };
    const response = await server.call("POST", "/api/messages", { body: activity });
    expect(response.status).toBe(200);
    await channel.waitFor((sent) => sent.length > before);
  });

  it("keeps refusing __proto__ and constructor.prototype keys", async () => {
    for (const body of ['{"name":"x","__proto__":{"isAdmin":true}}', '{"name":"x","constructor":{"prototype":{"isAdmin":true}}}']) {
      for (const target of [targets[0]!, targets.at(-1)!]) {
        const response = await send(target, body);
        expect(response.status, `${target.name}: ${body}`).toBe(400);
        // Refused by the parser (secure-json-parse), before any route could copy the key.
        expect(response.body.error, `${target.name}: ${body}`).toEqual({ code: "invalid_input", message: "The request body is not valid JSON." });
      }
    }
  });
});
