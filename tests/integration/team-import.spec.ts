/**
 * Importing a Teams team's members: the real msal-node OBO client and the real
 * Graph reader, talking to a local token endpoint and a local Graph server.
 */
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphTeamDirectory } from "@crm/shared/services";
import { createGraphOnBehalfOf } from "@crm/shared/auth";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

const tenantId = "import-tenant";
const owner = { tenantId, userId: "owner-1" };
const graphRequests: string[] = [];
let tokenServer: Server;
let graphServer: Server;
let server: TestServer;
let offOriginLink = false;

const listen = (handler: Parameters<typeof createServer>[1]) =>
  new Promise<Server>((resolve) => {
    const created = createServer(handler);
    created.listen(0, "127.0.0.1", () => resolve(created));
  });
const urlOf = (listening: Server) => `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;

beforeAll(async () => {
  tokenServer = await listen((request, response) => {
    request.resume();
    request.on("end", () => {
      const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
      const now = Math.floor(Date.now() / 1000);
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          token_type: "Bearer",
          scope: "https://graph.microsoft.com/TeamMember.Read.All",
          expires_in: 3600,
          access_token: "graph-token",
          id_token: `${encode({ alg: "none" })}.${encode({ aud: "client", tid: tenantId, oid: owner.userId, sub: owner.userId, iat: now, exp: now + 3600 })}.`,
          client_info: encode({ uid: owner.userId, utid: tenantId }),
        }),
      );
    });
  });
  graphServer = await listen((request, response) => {
    graphRequests.push(`${request.headers.authorization} ${request.url}`);
    const base = urlOf(graphServer);
    if (request.url === "/v1.0/teams/team-1/members") {
      const next = offOriginLink ? "http://127.0.0.2:1/steal" : `${base}/v1.0/teams/team-1/members?$skiptoken=2`;
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          value: [
            { userId: "owner-1", displayName: "Olivia Owner", email: "olivia@contoso.test", roles: ["owner"] },
            { userId: "tom", displayName: "Tom Teamowner", email: "tom@contoso.test", roles: ["owner"] },
          ],
          "@odata.nextLink": next,
        }),
      );
    } else if (request.url === "/v1.0/teams/team-1/members?$skiptoken=2") {
      response.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          value: [
            { userId: "mia", displayName: "Mia Member", email: "mia@contoso.test", roles: [] },
            { displayName: "A guest without id", roles: ["guest"] },
          ],
        }),
      );
    } else {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "NotFound" } }));
    }
  });
  const tokens = createGraphOnBehalfOf({ clientId: "client", clientSecret: "test-only", tokenEndpointHost: urlOf(tokenServer) });
  server = await startTestServer({ teamDirectory: new GraphTeamDirectory(tokens, `${urlOf(graphServer)}/v1.0`) });
  await server.call("GET", "/api/me", { as: owner });
});

afterAll(async () => {
  await server.close();
  await new Promise((resolve) => tokenServer.close(resolve));
  await new Promise((resolve) => graphServer.close(resolve));
});

const userIds = async () => ((await server.call("GET", "/api/users", { as: owner })).body.items as { userId: string }[]).map((user) => user.userId).sort();

describe("import users from a Teams team", () => {
  it("previews team owners as Owner candidates without writing anything", async () => {
    const preview = await server.call("POST", "/api/users/import/preview", { as: owner, body: { teamId: "team-1" } });
    expect(preview.status).toBe(200);
    expect(preview.body.items.map((item: { userId: string; suggestedRole: string; existing: boolean }) => [item.userId, item.suggestedRole, item.existing])).toEqual([
      ["owner-1", "owner", true],
      ["tom", "owner", false],
      ["mia", "member", false],
    ]);
    expect(graphRequests.every((line) => line.startsWith("Bearer graph-token "))).toBe(true);
    expect(await userIds()).toEqual(["owner-1"]);
  });

  it("imports members, makes only confirmed team owners Owners, and updates on a second run", async () => {
    const first = await server.call("POST", "/api/users/import", { as: owner, body: { teamId: "team-1", ownerIds: ["tom"] } });
    expect(first.status).toBe(200);
    const again = await server.call("POST", "/api/users/import", { as: owner, body: { teamId: "team-1" } });
    expect(again.status).toBe(200);
    expect(await userIds()).toEqual(["mia", "owner-1", "tom"]);
    const users = (await server.call("GET", "/api/users", { as: owner })).body.items as { userId: string; roleIds: string[]; email: string }[];
    expect(users.find((user) => user.userId === "tom")?.roleIds).toEqual(["owner"]);
    expect(users.find((user) => user.userId === "mia")).toMatchObject({ roleIds: ["member"], email: "mia@contoso.test" });
  });

  it("refuses to make someone Owner who does not own the team", async () => {
    const response = await server.call("POST", "/api/users/import", { as: owner, body: { teamId: "team-1", ownerIds: ["mia"] } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.fields[0].field).toBe("ownerIds");
  });

  it("is refused to a Member, and answers 404 for an unknown team", async () => {
    const member = await server.call("POST", "/api/users/import/preview", { as: { tenantId, userId: "mia" }, body: { teamId: "team-1" } });
    expect(member.status).toBe(403);
    const unknown = await server.call("POST", "/api/users/import/preview", { as: owner, body: { teamId: "no-such-team" } });
    expect(unknown.status).toBe(404);
  });

  it("never follows a paging link to another origin", async () => {
    offOriginLink = true;
    const response = await server.call("POST", "/api/users/import/preview", { as: owner, body: { teamId: "team-1" } });
    offOriginLink = false;
    expect(response.status).toBe(503);
    expect(response.text).not.toContain("127.0.0.2");
  });
});
