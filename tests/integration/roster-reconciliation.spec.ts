/**
 * The roster reconciliation against a local Microsoft Graph and token endpoint on
 * 127.0.0.1: the real MSAL client gets an app token by client credentials, the groups
 * delta of a linked team says who is in it (first run: everyone; then changes), and a
 * user's accountEnabled says who is disabled in Entra. Missed joins and leaves and
 * disabled accounts are caught, audited as the system's; without app credentials it is off.
 */
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphAppDirectory } from "@crm/shared/auth";
import { createServices } from "@crm/shared/services";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const tenantId = "7d1f3c52-6a8e-4b0f-9c3d-2e5a1b4c6d00";
const group = "0a0a0a0a-1111-2222-3333-444444444444";
const clientId = "3f6a9c2e-1b4d-4e8f-a5c7-6d2e9f1a3b5c";
let server: TestServer;
let graph: Server;
let graphUrl: string;
const tokenForms: URLSearchParams[] = [];
const graphAuth: string[] = [];
const enabled: Record<string, boolean> = { ann: true, carl: false, olga: true };

function startGraph(): Promise<Server> {
  const httpServer = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", graphUrl);
      const send = (status: number, payload: object) => response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
      if (request.method === "POST" && url.pathname === `/${tenantId}/oauth2/v2.0/token`) {
        tokenForms.push(new URLSearchParams(body));
        return send(200, { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: "app-token" });
      }
      graphAuth.push(request.headers.authorization ?? "");
      if (url.pathname === "/v1.0/groups/delta") {
        const token = url.searchParams.get("$deltatoken");
        const members = token
          ? [{ "@odata.type": "#microsoft.graph.user", id: "ANN", "@removed": { reason: "changed" } }]
          : ["ANN", "carl", "olga"].map((id) => ({ "@odata.type": "#microsoft.graph.user", id, displayName: id === "ANN" ? "Ann" : id }));
        return send(200, { value: [{ id: group, "members@delta": members }], "@odata.deltaLink": `${graphUrl}/v1.0/groups/delta?$deltatoken=${token ? Number(token) + 1 : 1}` });
      }
      const user = /^\/v1\.0\/users\/([^/]+)$/.exec(url.pathname)?.[1];
      if (user && user in enabled) return send(200, { id: user, accountEnabled: enabled[user] });
      return send(404, { error: { code: "Request_ResourceNotFound" } });
    });
  });
  return new Promise((resolve) => httpServer.listen(0, "127.0.0.1", () => resolve(httpServer)));
}

const actorOf = async (userId: string) => (await server.services.actors.resolve({ tenantId, userId, displayName: userId })).actor;
const reasons = async () =>
  (await server.services.audit.list(await actorOf("olga"), { pageSize: 200 })).items
    .filter((entry) => entry.action.startsWith("roster.") && entry.actorKind === "system")
    .map((entry) => `${entry.action}: ${entry.reason}`);

beforeAll(async () => {
  graph = await startGraph();
  graphUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
  server = await startTestServer({ workflowPollMs: 0 });
  const olga = await actorOf("olga");
  await server.services.roster.linkTeam(olga, { groupId: group, name: "Sales" });
  await server.services.configuration.updateUser(olga, "olga", { teamIds: [group] });
  for (const userId of ["rita", "carl"]) await server.services.configuration.addUser(olga, { userId, displayName: userId === "rita" ? "Rita" : "Carl", teamIds: [group] });
});

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => graph?.close(resolve));
});

describe("roster reconciliation", () => {
  it("is off without the app's credentials, and says so", async () => {
    expect(server.services.rosterReconciliation.status()).toEqual({ enabled: false, reason: expect.stringContaining("AAD_APP_CLIENT_ID and AAD_APP_CLIENT_SECRET") });
    expect(await server.services.rosterReconciliation.runOnce()).toEqual([]);
  });

  it("catches joins and leaves missed while nobody listened, and accounts disabled in Entra, through Graph with an app token", async () => {
    const directory = createGraphAppDirectory({ clientId, clientSecret: "test-only-secret", tokenEndpointHost: graphUrl, graphBaseUrl: `${graphUrl}/v1.0` });
    const services = createServices(server.services.store, server.services.clock, { rosterGraph: directory });
    expect(services.rosterReconciliation.status()).toEqual({ enabled: true });

    await services.rosterReconciliation.runOnce();
    expect(tokenForms[0]?.get("grant_type")).toBe("client_credentials");
    expect(tokenForms[0]?.get("client_id")).toBe(clientId);
    expect(graphAuth.length).toBeGreaterThan(0);
    expect(graphAuth.every((header) => header === "Bearer app-token")).toBe(true);
    expect(await server.services.actors.user(tenantId, "ann")).toMatchObject({ displayName: "Ann", source: "roster", teamIds: [group], active: true });
    expect(await server.services.actors.user(tenantId, "rita")).toMatchObject({ active: false });
    expect(await server.services.actors.user(tenantId, "carl")).toMatchObject({ active: false });
    expect(await server.services.actors.user(tenantId, "olga")).toMatchObject({ active: true });
    expect(await reasons()).toEqual(
      expect.arrayContaining([
        "roster.join: Teams roster reconciliation: in team Sales",
        "roster.leave: Teams roster reconciliation: no longer in team Sales",
        "roster.disabled: Entra: the account is disabled",
      ]),
    );

    // The next round reads only the changes since: Ann left.
    await services.rosterReconciliation.runOnce();
    expect(await server.services.actors.user(tenantId, "ann")).toMatchObject({ active: false, teamIds: [] });
    expect((await reasons()).filter((reason) => reason.startsWith("roster.leave"))).toHaveLength(2);
  });
});
