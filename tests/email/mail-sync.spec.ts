/**
 * Mail sync against the local Graph and token endpoint, on real Azurite: msal-node
 * client credentials and fetch run unchanged. Delta paging with $select and the page
 * size preference, only mail matching a CRM record stored, `@removed` unlinks,
 * Retry-After waited out, an expired delta link resynced without duplicates, the
 * address index following record edits, bodies kept as plain text, tenants apart,
 * and one job per mailbox on the queue.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GraphMailClient, MailJobs, MailRepository, MailSync, caseReference, createAppTokenSource } from "@crm/shared/email";
import { LeaseManager } from "@crm/shared/storage";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { apiAs } from "../support/api-as.js";
import { message, startLocalGraph } from "../support/local-graph.js";
import type { LocalGraph } from "../support/local-graph.js";

const tenantId = "0f6c1a52-7d1e-4b5e-9a51-3c0de5a10001";
const otherTenant = "0f6c1a52-7d1e-4b5e-9a51-3c0de5a10002";
const owner = { tenantId, userId: "mail-owner" };
const otherOwner = { tenantId: otherTenant, userId: "other-owner" };
const mailbox = "sales@contoso.test";
let server: TestServer;
/** The sync's rows, read and written as the server's own sync does. */
const mailRepository = () => new MailRepository(server.services.store);
let graph: LocalGraph;
let client: GraphMailClient;
let sync: MailSync;
const { call, created } = apiAs(() => server);
const sleeps: number[] = [];
let aliceLead: string;
let bobLead: string;
let printerCase: string;

const caseExists = async (tenant: string, id: string) =>
  await server.services.store
    .table("records")
    .getEntity(`${tenant}|case`, id)
    .then(
      () => true,
      () => false,
    );
const mailOf = (tenant: string, entity: "lead" | "case", id: string) => mailRepository().messagesOf(tenant, { entity, id }, 50);
/** A record's mail ids, newest first; mail received at the same time in id order. */
const idsOf = async (tenant: string, entity: "lead" | "case", id: string) => {
  const mails = await mailOf(tenant, entity, id);
  return mails.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || a.graphId.localeCompare(b.graphId)).map((mail) => mail.graphId);
};

beforeAll(async () => {
  server = await startTestServer({ workflowPollMs: 0 });
  graph = await startLocalGraph();
  const token = createAppTokenSource({ clientId: graph.clientId, clientSecret: graph.clientSecret, tokenEndpointHost: graph.tokenEndpointHost });
  client = new GraphMailClient(token, {
    graphOrigin: graph.graphOrigin,
    pageSize: 3,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  });
  sync = new MailSync(mailRepository(), client, caseExists, server.services.clock);
  aliceLead = (await created(owner, "/api/leads", { name: "Alice", email: "Alice@Example.test" })).body.id;
  bobLead = (await created(owner, "/api/leads", { name: "Bob", email: "bob@example.test" })).body.id;
  printerCase = (await created(owner, "/api/cases", { title: "Printer on fire" })).body.id;
  // The same address in another tenant: its lead must never get tenant A's mail.
  await created(otherOwner, "/api/leads", { name: "Alice elsewhere", email: "alice@example.test" });
});
afterAll(async () => {
  await graph?.close();
  await server?.close();
});

describe("mail sync", () => {
  it("pages through the first delta with $select and the page size, storing only mail that matches a record", async () => {
    graph.put(tenantId, mailbox, "inbox", message("m1", "ALICE@example.test ", [mailbox]));
    graph.put(tenantId, mailbox, "inbox", message("m2", "stranger@nowhere.test", [mailbox]));
    graph.put(tenantId, mailbox, "inbox", message("m3", "stranger@nowhere.test", [mailbox], { ccRecipients: [{ emailAddress: { address: "bob@example.test" } }] }));
    graph.put(tenantId, mailbox, "inbox", message("m4", "noone@nowhere.test", [mailbox], { subject: `Re: still burning [${caseReference(printerCase)}]` }));
    graph.put(tenantId, mailbox, "inbox", message("m5", "spam@nowhere.test", [mailbox]));
    graph.put(tenantId, mailbox, "inbox", message("m6", "spam@nowhere.test", [mailbox], { subject: "CASE-0000000000000000000 is not a case" }));
    graph.put(tenantId, mailbox, "inbox", message("m7", "", [], { from: undefined, toRecipients: undefined, ccRecipients: undefined }));
    graph.put(tenantId, mailbox, "sentitems", message("s1", mailbox, ["alice@example.test", "bob@example.test"]));

    const run = await sync.syncMailbox(tenantId, mailbox);

    const inbox = run.folders.find((folder) => folder.folder === "inbox");
    expect(inbox).toMatchObject({ pages: 3, stored: 3, skipped: 4 });
    const deltaCalls = graph.requests.filter((request) => request.url.includes("/messages/delta"));
    expect(deltaCalls.every((request) => request.prefer?.includes("odata.maxpagesize=3"))).toBe(true);
    expect(deltaCalls[0]?.url).toContain("$select=conversationId,subject,from,toRecipients,ccRecipients,sentDateTime,receivedDateTime,bodyPreview,body,hasAttachments,webLink");
    expect(deltaCalls.some((request) => request.url.includes("$skiptoken="))).toBe(true);

    expect((await mailOf(tenantId, "lead", aliceLead)).map((mail) => mail.graphId).sort()).toEqual(["m1", "s1"]);
    expect((await mailOf(tenantId, "lead", bobLead)).map((mail) => mail.graphId).sort()).toEqual(["m3", "s1"]);
    expect((await mailOf(tenantId, "case", printerCase)).map((mail) => mail.graphId)).toEqual(["m4"]);
    const [first] = await mailOf(tenantId, "lead", aliceLead);
    expect(first).toMatchObject({ subject: "Subject m1", preview: "Preview of m1", hasAttachments: false, conversationId: "conv-m1" });
    expect(first?.webLink).toMatch(/^https:\/\/outlook\.office365\.com\//);
  });

  it("never stores unmatched mail and never links across tenants", async () => {
    const rows: string[] = [];
    for await (const row of server.services.store.table("mail").listEntities({ queryOptions: { filter: `PartitionKey eq '${tenantId}|msg'` } })) rows.push(String(row.graphId));
    expect(rows.sort()).toEqual(["m1", "m3", "m4", "s1"]);
    const otherLeads = await call(otherOwner, "GET", "/api/leads");
    const otherAlice = otherLeads.body.items[0].id as string;
    expect(await mailOf(otherTenant, "lead", otherAlice)).toEqual([]);
    expect(await mailOf(otherTenant, "lead", aliceLead)).toEqual([]);
  });

  it("follows the delta link: new mail is linked, mail deleted in Outlook is unlinked", async () => {
    graph.put(tenantId, mailbox, "inbox", message("m8", "alice@example.test", [mailbox], { receivedDateTime: "2026-03-03T09:00:00Z" }));
    graph.remove(tenantId, mailbox, "inbox", "m1");
    const before = graph.requests.length;
    const run = await sync.syncMailbox(tenantId, mailbox);
    expect(run.folders[0]).toMatchObject({ pages: 1, stored: 1, removed: 1, resynced: false });
    expect(graph.requests.slice(before)[0]?.url).toContain("$deltatoken=");
    expect(await idsOf(tenantId, "lead", aliceLead)).toEqual(["m8", "s1"]);
  });

  it("waits out Retry-After on 429 and 503, then goes on", async () => {
    graph.put(tenantId, mailbox, "inbox", message("m9", "bob@example.test", [mailbox], { receivedDateTime: "2026-03-04T09:00:00Z" }));
    sleeps.length = 0;
    graph.throttle(1, 429, 1);
    await sync.syncMailbox(tenantId, mailbox);
    graph.throttle(1, 503, 1);
    await sync.syncMailbox(tenantId, mailbox);
    expect(sleeps).toEqual([1_000, 1_000]);
    expect(graph.requests.filter((request) => request.status === 429 || request.status === 503)).toHaveLength(2);
    expect(await idsOf(tenantId, "lead", bobLead)).toEqual(["m9", "m3", "s1"]);
  });

  it("starts a folder over when its delta link expired (410), without duplicates", async () => {
    graph.expireDeltaLinks();
    const run = await sync.syncMailbox(tenantId, mailbox);
    expect(run.folders.map((folder) => folder.resynced)).toEqual([true, true]);
    expect(graph.requests.filter((request) => request.status === 410)).toHaveLength(2);
    expect(await idsOf(tenantId, "lead", bobLead)).toEqual(["m9", "m3", "s1"]);
    expect(await idsOf(tenantId, "lead", aliceLead)).toEqual(["m8", "s1"]);
    // And the next run goes on from the new delta link.
    const next = await sync.syncMailbox(tenantId, mailbox);
    expect(next.folders.map((folder) => folder.resynced)).toEqual([false, false]);
  });

  it("follows record edits through the address index: a lead's new address matches, its old one no longer does", async () => {
    const lead = await call(owner, "GET", `/api/leads/${bobLead}`);
    const updated = await call(owner, "PATCH", `/api/leads/${bobLead}`, { email: "robert@example.test" }, { "if-match": lead.headers.get("etag") ?? "" });
    expect(updated.status, updated.text).toBe(200);
    graph.put(tenantId, mailbox, "inbox", message("m10", "bob@example.test", [mailbox]));
    graph.put(tenantId, mailbox, "inbox", message("m11", "Robert@Example.test", [mailbox], { receivedDateTime: "2026-03-05T09:00:00Z" }));
    await sync.syncMailbox(tenantId, mailbox);
    expect(await idsOf(tenantId, "lead", bobLead)).toEqual(["m11", "m9", "m3", "s1"]);
  });

  it("keeps bodies as plain text: scripts, styles and markup gone, size bounded", async () => {
    const html = `<html><head><style>p{}</style></head><body><script>alert("x")</script><p>Hello&nbsp;<b>there</b> &lt;3 &#x1F600;</p><!-- hidden --><img src=x onerror=alert(1)>${"<p>long</p>".repeat(20_000)}</body></html>`;
    graph.put(
      tenantId,
      mailbox,
      "inbox",
      message("m12", "alice@example.test", [mailbox], { body: { contentType: "html", content: html }, subject: "odd\u0000subject\u202e", receivedDateTime: "2026-03-06T09:00:00Z" }),
    );
    await sync.syncMailbox(tenantId, mailbox);
    const [mail] = await mailOf(tenantId, "lead", aliceLead);
    expect(mail?.graphId).toBe("m12");
    expect(mail?.body.startsWith("Hello there <3 😀")).toBe(true);
    expect(mail?.body).not.toMatch(/alert|hidden|onerror|<p|<img|<script|<b>/i);
    expect(mail?.body.length).toBeLessThanOrEqual(30_000);
    expect(mail?.subject).toBe("oddsubject");
  });

  it("marks the mailbox needs-reconnect when the app's credentials are refused", async () => {
    const refused = new GraphMailClient(createAppTokenSource({ clientId: graph.clientId, clientSecret: "wrong", tokenEndpointHost: graph.tokenEndpointHost }), { graphOrigin: graph.graphOrigin });
    const run = await new MailSync(mailRepository(), refused, caseExists, server.services.clock).syncMailbox(tenantId, "support@contoso.test");
    expect(run.needsReconnect).toBe(true);
    const state = await mailRepository().folderState(tenantId, "support@contoso.test", "inbox");
    expect(state).toMatchObject({ needsReconnect: true });
    expect(state.lastError).toContain("Reconnect");
  });

  it("runs one job per mailbox from the queue, on demand, and queues a single next run", async () => {
    graph.put(tenantId, mailbox, "inbox", message("m13", "alice@example.test", [mailbox], { receivedDateTime: "2026-03-07T09:00:00Z" }));
    const runs: string[] = [];
    const jobs = new MailJobs(server.services.store, new LeaseManager(server.services.store, "mail-test"), server.services.clock, sync, { onRun: (tenant, box) => runs.push(`${tenant}:${box}`) });
    await jobs.runSoon(tenantId, mailbox);
    await jobs.runSoon(tenantId, mailbox);
    expect(await jobs.drain()).toBe(1);
    expect(runs).toEqual([`${tenantId}:${mailbox}`]);
    expect((await mailOf(tenantId, "lead", aliceLead))[0]?.graphId).toBe("m13");
    await jobs.runSoon(tenantId, mailbox);
    await jobs.drain();
    const queued: string[] = [];
    for await (const row of server.services.store.table("work").listEntities({ queryOptions: { filter: `PartitionKey eq '${tenantId}|q|mail'` } })) queued.push(String(row.rowKey));
    expect(queued).toHaveLength(1);
  });
});
