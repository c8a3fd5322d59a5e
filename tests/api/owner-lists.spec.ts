import { TableServiceClient } from "@azure/data-tables";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerIndexTableName } from "@crm/shared/storage";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

let server: TestServer;
const tenantId = "owner-lists";
const owner = { tenantId, userId: "owner" };

beforeAll(async () => {
  server = await startTestServer();
  await server.call("GET", "/api/me", { as: owner });
});
afterAll(async () => {
  await server.close();
});

describe("lists by owner", () => {
  it("answer an empty page for a user who never owned a record, without creating anything", async () => {
    const before = server.services.store.roundTrips;
    const response = await server.call("GET", "/api/leads?owner=nobody-at-all", { as: owner });
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([]);
    const tables: string[] = [];
    const service = TableServiceClient.fromConnectionString(server.services.store.embeddedConnectionString!, { allowInsecureConnection: true });
    for await (const table of service.listTables()) tables.push(table.name!);
    expect(server.services.store.roundTrips - before).toBeLessThanOrEqual(3);
    expect(tables).not.toContain(ownerIndexTableName(tenantId, "nobody-at-all"));
  });
});
