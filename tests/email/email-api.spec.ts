/**
 * Email sync over HTTP, on the real server with the local Graph: settings, status and
 * "sync now" need the emailSync permission; a record's emails are read by whoever
 * may read the record (404 otherwise, and across tenants), bodies hidden by an
 * `emailBody` field rule; bad input answered in words.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphMailClient, createAppTokenSource } from "@crm/shared/email";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";
import { message, startLocalGraph } from "../support/local-graph.js";
import type { LocalGraph } from "../support/local-graph.js";

const tenantId = "0f6c1a52-7d1e-4b5e-9a51-3c0de5a20001";
const owner = { tenantId, userId: "owner" };
const rep = { tenantId, userId: "rep" };
const otherRep = { tenantId, userId: "other-rep" };
const stranger = { tenantId: "0f6c1a52-7d1e-4b5e-9a51-3c0de5a20002", userId: "stranger" };
const mailbox = "sales@contoso.test";
let server: TestServer;
let graph: LocalGraph;
const { call, created } = apiAs(() => server);
let repLead: string;

beforeAll(async () => {
  graph = await startLocalGraph();
  const mailClient = new GraphMailClient(createAppTokenSource({ clientId: graph.clientId, clientSecret: graph.clientSecret, tokenEndpointHost: graph.tokenEndpointHost }), {
    graphOrigin: graph.graphOrigin,
  });
  server = await startTestServer({ workflowPollMs: 0, mailClient });
  await call(owner, "GET", "/api/me");
  const noBodies = await created(owner, "/api/roles", { name: "Rep without email bodies", template: "sales-rep", fields: { lead: { emailBody: "hidden" }, opportunity: {}, case: {} } });
  const plainRep = await created(owner, "/api/roles", { name: "Rep", template: "sales-rep" });
  await created(owner, "/api/users", { userId: "rep", displayName: "Rep", roleIds: [noBodies.body.id] });
  await created(owner, "/api/users", { userId: "other-rep", displayName: "Other rep", roleIds: [plainRep.body.id] });
  repLead = (await created(rep, "/api/leads", { name: "Carol", email: "carol@example.test" })).body.id;
  graph.put(tenantId, mailbox, "inbox", message("c1", "carol@example.test", [mailbox], { body: { contentType: "text", content: "Price list attached" } }));
});
afterAll(async () => {
  await server?.close();
  await graph?.close();
});

describe("email sync API", () => {
  it("is off until someone with emailSync turns it on; others are refused", async () => {
    expect((await call(owner, "GET", "/api/email-sync/settings")).body).toEqual({ enabled: false, sharedMailboxes: [] });
    expect((await call(owner, "POST", "/api/email-sync/run")).status).toBe(409);
    for (const [method, path] of [
      ["GET", "/api/email-sync/settings"],
      ["PUT", "/api/email-sync/settings"],
      ["GET", "/api/email-sync/status"],
      ["POST", "/api/email-sync/run"],
    ] as const) {
      const refused = await call(rep, method, path, method === "PUT" ? { enabled: true, sharedMailboxes: [] } : undefined);
      expect(refused.status, `${method} ${path}`).toBe(403);
    }
  });

  it("refuses bad settings in words", async () => {
    const notAddress = await call(owner, "PUT", "/api/email-sync/settings", { enabled: true, sharedMailboxes: ["sales at contoso"] });
    expect(notAddress.status).toBe(400);
    expect(notAddress.body.error.message).toBe("Each shared mailbox must be an email address.");
    expect((await call(owner, "PUT", "/api/email-sync/settings", { enabled: "yes", sharedMailboxes: [] })).status).toBe(400);
    expect((await call(owner, "PUT", "/api/email-sync/settings", { enabled: true, sharedMailboxes: [], extra: 1 })).status).toBe(400);
    expect((await call(owner, "PUT", "/api/email-sync/settings", { enabled: true, sharedMailboxes: Array.from({ length: 21 }, (_, n) => `box${n}@contoso.test`) })).status).toBe(400);
    // A malformed id names no record: the record check answers before validation, as for every record route.
    expect((await call(owner, "GET", "/api/leads/not-an-id/emails")).status).toBe(404);
  });

  it("turns on, syncs now, and reports each mailbox's status", async () => {
    const saved = await call(owner, "PUT", "/api/email-sync/settings", { enabled: true, sharedMailboxes: ["Sales@Contoso.test", "sales@contoso.test"] });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toEqual({ enabled: true, sharedMailboxes: [mailbox] });
    const run = await call(owner, "POST", "/api/email-sync/run");
    expect(run.status).toBe(202);
    expect(run.body).toEqual({ queued: 1 });
    await server.services.mail.jobs?.drain();
    const status = await call(owner, "GET", "/api/email-sync/status");
    expect(status.status).toBe(200);
    expect(status.body.mailboxes).toEqual([{ mailbox, lastSyncAt: expect.any(String), needsReconnect: false }]);
  });

  it("shows a record's emails to its readers, without bodies where a field rule hides them", async () => {
    const asOwner = await call(owner, "GET", `/api/leads/${repLead}/emails`);
    expect(asOwner.status, asOwner.text).toBe(200);
    expect(asOwner.body.items).toHaveLength(1);
    expect(asOwner.body.items[0]).toMatchObject({ subject: "Subject c1", from: "carol <carol@example.test>", body: "Price list attached", webLink: expect.stringMatching(/^https:/) });
    const asRep = await call(rep, "GET", `/api/leads/${repLead}/emails`);
    expect(asRep.status).toBe(200);
    expect(asRep.body.items[0].subject).toBe("Subject c1");
    expect(asRep.body.items[0]).not.toHaveProperty("body");
  });

  it("answers 404 to whoever may not read the record, in another tenant too", async () => {
    const notMine = await call(otherRep, "GET", `/api/leads/${repLead}/emails`);
    expect(notMine.status).toBe(404);
    expect(notMine.text).not.toContain("Subject c1");
    const otherTenant = await call(stranger, "GET", `/api/leads/${repLead}/emails`);
    expect(otherTenant.status).toBe(404);
  });
});
