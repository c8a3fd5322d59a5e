import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";

let server: TestServer;
const tenantId = "history";
const owner = { tenantId, userId: "owner" };

beforeAll(async () => {
  server = await startTestServer();
  await server.call("GET", "/api/me", { as: owner });
});
afterAll(async () => {
  await server.close();
});

describe("record history", () => {
  it("says which fields changed, and hides fields the viewer may not see", async () => {
    const created = await server.call("POST", "/api/opportunities", { as: owner, body: { name: "Deal", amount: 100 } });
    const updated = await server.call("PATCH", `/api/opportunities/${created.body.id}`, { as: owner, body: { amount: 250, account: "Contoso" }, headers: { "if-match": created.body.etag } });
    expect(updated.status).toBe(200);

    const history = await server.call("GET", `/api/opportunities/${created.body.id}/history`, { as: owner });
    expect(history.status).toBe(200);
    const [update, create] = history.body.items;
    expect(update).toMatchObject({ action: "opportunity.update", actorId: "owner" });
    expect(update.changes).toEqual([
      { field: "account", from: null, to: "Contoso" },
      { field: "amount", from: 100, to: 250 },
    ]);
    expect(create.changes.map((change: { field: string }) => change.field)).toContain("name");
    expect(JSON.stringify(history.body)).not.toContain('"before"');

    const role = await server.call("POST", "/api/roles", { as: owner, body: { name: "No amounts", template: "data-analyst", fields: { opportunity: { amount: "hidden" } } } });
    await server.call("POST", "/api/users", { as: owner, body: { userId: "analyst", displayName: "Analyst", roleIds: [role.body.id] } });
    const analystView = await server.call("GET", `/api/opportunities/${created.body.id}/history`, { as: { tenantId, userId: "analyst" } });
    expect(analystView.body.items[0].changes).toEqual([{ field: "account", from: null, to: "Contoso" }]);
    expect(analystView.text).not.toContain("250");
  });
});
