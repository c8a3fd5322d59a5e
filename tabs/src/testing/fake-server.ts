/** A fake of the CRM API for component tests: routes by "METHOD /path", records every call. */
import { ApiClient } from "../api/client";
import type { EntityType, FieldDefinition, FormDefinition, Me, Pipeline, Role, User } from "../api/types";
import { aForm, aUser } from "./api-fixtures";

interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (call: Call) => { status: number; body?: unknown; headers?: Record<string, string> };

export function json(status: number, body?: unknown): ReturnType<Handler> {
  return { status, body };
}

export class FakeServer {
  readonly calls: Call[] = [];
  private readonly routes = new Map<string, Handler>();

  on(route: string, handler: Handler | ReturnType<Handler>): this {
    this.routes.set(route, typeof handler === "function" ? handler : () => handler);
    return this;
  }

  client(): ApiClient {
    return new ApiClient(async () => "test-token", "", this.fetch);
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input, "http://tab.test");
    const method = init.method ?? "GET";
    const call: Call = {
      method,
      path: url.pathname + url.search,
      headers: init.headers as Record<string, string>,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    this.calls.push(call);
    const handler = this.routes.get(`${method} ${url.pathname}${url.search}`) ?? this.routes.get(`${method} ${url.pathname}`);
    const result = handler ? handler(call) : json(404, { error: { code: "not_found", message: `No fake for ${method} ${url.pathname}` } });
    return new Response(result.body === undefined ? null : JSON.stringify(result.body), { status: result.status, headers: { "content-type": "application/json", ...result.headers } });
  };

  callsTo(method: string, pathPrefix: string): Call[] {
    return this.calls.filter((call) => call.method === method && call.path.startsWith(pathPrefix));
  }
}

const all = { create: "all", read: "all", update: "all", delete: "all", assign: "all", export: "all" } as const;
const own = { create: "all", read: "own", update: "own", delete: "own", assign: "none", export: "own" } as const;

export const ownerMe: Me = {
  user: { id: "olivia", displayName: "Olivia Owner", active: true, teamIds: [] },
  tenant: { id: "contoso" },
  roles: [{ id: "owner", name: "Owner", builtIn: true }],
  permissions: { entities: { lead: all, opportunity: all, case: all }, config: ["usersAndRoles", "forms", "pipelines", "workflows", "emailSync", "audit"] },
  fieldRules: { lead: {}, opportunity: {}, case: {} },
};

export const memberMe: Me = {
  user: { id: "max", displayName: "Max Member", active: true, teamIds: [] },
  tenant: { id: "contoso" },
  roles: [{ id: "member", name: "Member", builtIn: true }],
  permissions: { entities: { lead: own, opportunity: own, case: own }, config: [] },
  fieldRules: { lead: {}, opportunity: {}, case: {} },
};

export const leadFields: FieldDefinition[] = [
  { key: "name", label: "Name", type: "text", required: true, order: 0, section: "Contact" },
  { key: "company", label: "Company", type: "text", required: false, order: 1, section: "Contact" },
  { key: "email", label: "Email", type: "email", required: false, order: 2, section: "Contact" },
  { key: "status", label: "Status", type: "choice", required: false, order: 3, options: ["New", "Qualified"], section: "Qualification" },
  { key: "value", label: "Estimated value", type: "currency", required: false, order: 4, section: "Qualification" },
  { key: "budgetOwner", label: "Budget owner", type: "text", required: true, order: 5, section: "Qualification" },
];

export const forms: FormDefinition[] = (
  [
    ["lead", leadFields],
    [
      "opportunity",
      [
        { key: "name", label: "Name", type: "text", required: true, order: 0 },
        { key: "amount", label: "Amount", type: "currency", required: false, order: 1 },
        { key: "stageId", label: "Stage", type: "text", required: false, order: 2 },
      ],
    ],
    ["case", [{ key: "title", label: "Title", type: "text", required: true, order: 0 }]],
  ] as [EntityType, FieldDefinition[]][]
).map(([entity, fields]) => aForm(entity, fields));

export const pipelines: Pipeline[] = [
  {
    id: "default",
    name: "Sales",
    isDefault: true,
    etag: "p1",
    stages: [
      { id: "prospecting", name: "Prospecting", probability: 10, won: false, lost: false },
      { id: "proposal", name: "Proposal", probability: 50, won: false, lost: false },
      { id: "won", name: "Closed won", probability: 100, won: true, lost: false },
    ],
  },
];

export const users: User[] = [
  aUser({ userId: "olivia", displayName: "Olivia Owner", roleIds: ["owner"], etag: "u1" }),
  aUser({ userId: "max", displayName: "Max Member", roleIds: ["member"], etag: "u2" }),
];

export const roles: Role[] = [
  { id: "owner", name: "Owner", description: "Everything", builtIn: true, entities: { lead: all, opportunity: all, case: all }, config: ["usersAndRoles", "forms", "pipelines", "audit"], fields: {} },
  { id: "member", name: "Member", description: "Own records", builtIn: true, entities: { lead: own, opportunity: own, case: own }, config: [], fields: {} },
];

/** A fake with the configuration every screen loads through the session. */
export function fakeServer(me: Me = ownerMe): FakeServer {
  return new FakeServer()
    .on("GET /api/me", json(200, me))
    .on("GET /api/config/forms", json(200, { items: forms }))
    .on("GET /api/config/pipelines", json(200, { items: pipelines }))
    .on("GET /api/users", json(200, { items: users }))
    .on("GET /api/roles", json(200, { items: roles }))
    .on("GET /api/roles/templates", json(200, { items: [] }));
}
