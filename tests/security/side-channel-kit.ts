/** The channels the side-channel suite drives, and how two worlds' answers are made comparable. */
import type { EntityType } from "@crm/shared/policy";
import { entityPaths, entityTypes } from "@crm/shared/policy";
import type { ApiResponse, TestServer } from "../support/test-server.js";

export interface World {
  index: number;
  tenantId: string;
  people: Record<"owner" | "viewer" | "colleague", { tenantId: string; userId: string }>;
  /** Per entity: the viewer's record, the Owner's, the colleague's. */
  records: Record<EntityType, string[]>;
  workflows: string[];
  /** Every hidden value this world holds. */
  secrets: unknown[];
  roleId: string;
}

export interface Channel {
  name: string;
  run(world: World): Promise<unknown>;
  /**
   * The answer is a list whose order carries nothing: messages that background work
   * sends for different records at the same moment (workflow jobs run side by side).
   * Compared as a set: each item normalised on its own, then sorted.
   */
  unordered?: true;
}

/** What a response shows: its status and body (or text). */
const shown = (response: ApiResponse) => ({ status: response.status, body: response.body ?? response.text.split(/\r?\n/) });

/**
 * Ids, ETags, continuation tokens and times differ between worlds by construction;
 * each is replaced by its order of first appearance, so structure and values remain.
 */
export function normalize(raw: string, world: World): string {
  const seen = new Map<string, string>();
  const stable = (kind: string) => (value: string) => {
    if (!seen.has(value)) seen.set(value, `<${kind}${seen.size}>`);
    return seen.get(value)!;
  };
  return (
    raw
      .split(world.tenantId)
      .join("<tenant>")
      .replace(/W\/\\?"[^"\\]*\\?"/g, stable("etag"))
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, stable("time"))
      .replace(/\br?[0-9a-z]{19}\b/g, stable("id"))
      // Denials are keyed by an ascending id (17 characters, digits among them).
      .replace(/\b(?=[0-9a-z]*\d)[0-9a-z]{17}\b/g, stable("id"))
      .replace(/\b[0-9a-f]{32}\b/g, stable("hex"))
      .replace(/"continuationToken":"[^"]*"/g, stable("token"))
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, stable("uuid"))
      .replace(/reference [0-9a-f]{8}/g, stable("reference"))
  );
}

/**
 * Entries made in the same business instant (one workflow pass writes several)
 * come back in the order of their random id parts, which differ by world and say
 * nothing of any value: such answers are compared as sets, each entry read on its own.
 */
export function inAnyOrder(items: unknown, world: World): unknown {
  if (!Array.isArray(items)) return items;
  return [...items].map((item) => normalize(JSON.stringify(item), world)).sort();
}

/** Every secret as it could be written: as stored, and numbers as people read them. */
export function writtenForms(secret: unknown): string[] {
  if (typeof secret === "number") return [String(secret), secret.toLocaleString("en-US"), secret.toLocaleString("de-DE")];
  return [String(secret)];
}

async function allPages(server: TestServer, world: World, path: string, unordered = false): Promise<unknown[]> {
  const pages: unknown[] = [];
  let token: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const separator = path.includes("?") ? "&" : "?";
    const response = await server.call("GET", `${path}${token ? `${separator}continuationToken=${encodeURIComponent(token)}` : ""}`, { as: world.people.viewer });
    pages.push({ status: response.status, items: response.body?.items ?? response.body });
    token = response.body?.continuationToken;
    if (!token) break;
  }
  if (!unordered) return pages;
  // Page boundaries fall between same-instant entries differently: the pages are compared as one set.
  const statuses = pages.map((page) => (page as { status: number }).status);
  return [
    {
      statuses,
      items: inAnyOrder(
        pages.flatMap((page) => (page as { items: unknown[] }).items ?? []),
        world,
      ),
    },
  ];
}

export function channelsOf(hidden: Record<EntityType, string>, serverOf: () => TestServer): Channel[] {
  const get = (name: string, path: (world: World) => string): Channel => ({
    name,
    run: async (world) => shown(await serverOf().call("GET", path(world), { as: world.people.viewer })),
  });
  const post = (name: string, path: (world: World) => string, body: (world: World) => unknown): Channel => ({
    name,
    run: async (world) => shown(await serverOf().call("POST", path(world), { as: world.people.viewer, body: body(world) })),
  });
  const paged = (name: string, path: (world: World) => string): Channel => ({ name, run: (world) => allPages(serverOf(), world, path(world)) });
  const pagedAnyOrder = (name: string, path: (world: World) => string): Channel => ({ name, run: (world) => allPages(serverOf(), world, path(world), true) });
  const getAnyOrder = (name: string, path: (world: World) => string): Channel => ({
    name,
    run: async (world) => {
      const response = await serverOf().call("GET", path(world), { as: world.people.viewer });
      return { status: response.status, items: inAnyOrder(response.body?.items, world) };
    },
  });

  const channels: Channel[] = [];
  for (const entity of entityTypes) {
    const base = `/api/${entityPaths[entity]}`;
    const label = entityPaths[entity];
    for (const [n, whose] of ["own", "Owner's", "colleague's"].entries()) {
      channels.push(get(`${label}: read the ${whose} record`, (world) => `${base}/${world.records[entity][n]}`));
      channels.push(get(`${label}: history of the ${whose} record`, (world) => `${base}/${world.records[entity][n]}/history`));
      channels.push(get(`${label}: notes on the ${whose} record`, (world) => `${base}/${world.records[entity][n]}/notes`));
      channels.push(get(`${label}: workflow runs on the ${whose} record`, (world) => `/api/workflow-runs?entity=${entity}&recordId=${world.records[entity][n]}`));
      channels.push(get(`${label}: why may I read the ${whose} record`, (world) => `/api/access/explain?action=read&entity=${entity}&id=${world.records[entity][n]}`));
    }
    for (const query of ["", "owner=me", "owner=all", "sort=oldest", "sort=updated", "sort=title", "q=Side", "q=S", "pageSize=1"]) {
      channels.push(paged(`${label}: list ${query || "(default)"}`, () => `${base}${query ? `?${query}` : ""}`));
    }
    const filters: Record<EntityType, string[]> = { lead: ["status=New", "source=Web"], opportunity: ["stageId=prospecting"], case: ["priority=High", "status=New"] };
    for (const filter of filters[entity]) channels.push(paged(`${label}: filter ${filter}`, () => `${base}?${filter}`));
    channels.push(get(`${label}: export`, () => `${base}/export`));
    channels.push(pagedAnyOrder(`${label}: audit entries`, () => `/api/audit?entity=${entity}&pageSize=100`));
    channels.push(pagedAnyOrder(`${label}: audit of the own record`, (world) => `/api/audit?recordId=${world.records[entity][0]}&pageSize=100`));
    channels.push(
      post(
        `${label}: dry run of a draft that reads the hidden field`,
        () => "/api/config/workflows/dry-run",
        (world) => ({
          recordId: world.records[entity][0],
          workflow: { name: "Probe", entity, trigger: { type: "manual" }, conditions: { match: "all", rules: [{ field: hidden[entity], op: "notEmpty" }] }, actions: [{ type: "noop" }] },
        }),
      ),
    );
    channels.push(
      post(
        `${label}: dry run of a draft that copies the hidden field`,
        () => "/api/config/workflows/dry-run",
        (world) => ({
          recordId: world.records[entity][0],
          workflow: { name: "Probe", entity, trigger: { type: "manual" }, actions: [{ type: "addNote", text: `copy {${hidden[entity]}} {record}` }] },
        }),
      ),
    );
  }
  channels.push(pagedAnyOrder("audit: everything", () => "/api/audit?pageSize=100"));
  channels.push(pagedAnyOrder("audit: the Owner's actions", () => "/api/audit?actorId=owner&pageSize=100"));
  channels.push(get("reports: pipeline", () => "/api/reports/pipeline"));
  channels.push(get("reports: forecast", () => "/api/reports/forecast"));
  channels.push(get("reports: summary", () => "/api/reports/summary"));
  channels.push(get("forms", () => "/api/config/forms"));
  channels.push(get("me", () => "/api/me"));
  channels.push(get("tasks", () => "/api/tasks"));
  channels.push(get("workflows: the list with last runs", () => "/api/config/workflows"));
  channels.push(get("workflows: dead letters", () => "/api/config/workflow-dead-letters"));
  channels.push(getAnyOrder("workflows: notifications waiting for the bot", () => "/api/config/workflow-notifications"));
  for (const index of [0, 1, 2, 3, 4, 5]) {
    channels.push(get(`workflows: runs of workflow ${index}`, (world) => `/api/config/workflows/${world.workflows[index]}/runs`));
    channels.push(
      post(
        `workflows: dry run of workflow ${index}`,
        (world) => `/api/config/workflows/${world.workflows[index]}/dry-run`,
        (world) => ({ recordId: world.records[entityTypes[Math.floor(index / 2)]!][0] }),
      ),
    );
  }
  return channels;
}
