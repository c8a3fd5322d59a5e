/**
 * Joiners, movers and leavers through the real route (CloudAdapter, dev mode): Teams'
 * `conversationUpdate` activities for a team an Owner linked change the CRM's users,
 * each change audited as the system's with its cause; replays, unlinked teams, unknown
 * organisations and paused sync change nothing; the last Owner stays and the Owners are
 * told in Teams (a proactive message recorded by the local channel).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotNotificationPort, registerBot } from "@crm/bot";
import { startTestServer } from "../support/test-server.js";
import type { TestServer } from "../support/test-server.js";
import { configRowKeys } from "../support/stored-rows.js";
import { shownText, startChannelRecorder } from "./channel-recorder.js";
import type { ChannelRecorder } from "./channel-recorder.js";

const tenantId = "tenant-roster";
const sales = "aaaaaaaa-0000-0000-0000-00000000sa1e";
const support = "bbbbbbbb-0000-0000-0000-0000000supp";
const notLinked = "cccccccc-0000-0000-0000-000000000000";
type Person = { aadObjectId: string; name: string };
const olga: Person = { aadObjectId: "olga-oid", name: "Olga" };
const rita: Person = { aadObjectId: "rita-oid", name: "Rita" };
const max: Person = { aadObjectId: "max-oid", name: "Max" };

let server: TestServer;
let channel: ChannelRecorder;
let sequence = 0;
const notifications = new BotNotificationPort();

const teamOf = (groupId: string, name: string) => ({ id: `19:${groupId}@thread.tacv2`, name, aadGroupId: groupId });

/** A Teams team event as Teams sends it: conversationUpdate with channelData.eventType and the team's group id. */
function teamEvent(eventType: string, team: { id: string; name: string; aadGroupId: string }, extra: Record<string, unknown> = {}, tenant = tenantId) {
  sequence += 1;
  return {
    type: "conversationUpdate",
    id: `roster-${sequence}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl: channel.url,
    from: { id: "29:team-owner", aadObjectId: "someone-in-teams" },
    recipient: { id: "28:crm-bot", name: "CRM" },
    conversation: { id: team.id, conversationType: "channel", isGroup: true, tenantId: tenant },
    channelData: { eventType, team, tenant: { id: tenant } },
    ...extra,
  };
}
const added = (team: ReturnType<typeof teamOf>, ...people: Person[]) =>
  teamEvent("teamMemberAdded", team, { membersAdded: people.map((person) => ({ id: `29:${person.aadObjectId}`, aadObjectId: person.aadObjectId, name: person.name })) });
const removed = (team: ReturnType<typeof teamOf>, ...people: Person[]) =>
  teamEvent("teamMemberRemoved", team, { membersRemoved: people.map((person) => ({ id: `29:${person.aadObjectId}`, aadObjectId: person.aadObjectId })) });

async function post(body: unknown): Promise<number> {
  const response = await fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  await response.text();
  return response.status;
}

const user = (person: Person) => server.services.actors.user(tenantId, person.aadObjectId);
const asOlga = async () => (await server.services.actors.resolve({ tenantId, userId: olga.aadObjectId, displayName: olga.name })).actor;
const rosterAudit = async () => (await server.services.audit.list(await asOlga(), { pageSize: 200 })).items.filter((entry) => entry.action.startsWith("roster."));
const api = (person: Person, method: string, path: string) => server.call(method, path, { as: { tenantId, userId: person.aadObjectId, displayName: person.name } });

beforeAll(async () => {
  channel = await startChannelRecorder();
  server = await startTestServer({
    workflowPollMs: 0,
    notifications,
    extend: async (app, services) => {
      await registerBot(app, services, { auth: {}, sender: { pollIntervalMs: 100 }, notifications });
    },
  });
  const owner = await asOlga();
  await server.services.roster.linkTeam(owner, { groupId: sales, name: "Sales" });
  await server.services.roster.linkTeam(owner, { groupId: support, name: "Support" });
  // Olga's personal chat becomes known to the bot on her first message, as in Teams.
  const hello = {
    type: "message",
    id: "hello-olga",
    channelId: "msteams",
    serviceUrl: channel.url,
    from: { id: "29:olga-oid", aadObjectId: olga.aadObjectId, name: olga.name },
    recipient: { id: "28:crm-bot" },
    conversation: { id: "a:personal-olga", conversationType: "personal", tenantId },
    channelData: { tenant: { id: tenantId } },
    text: "help",
  };
  expect(await post(hello)).toBe(200);
});

afterAll(async () => {
  await server?.close();
  await channel?.close();
});

describe("joiners", () => {
  it("makes a new member of a linked team a Member from the roster, audited as the system's with its cause, and their token works", async () => {
    expect(await post(added(teamOf(sales, "Sales"), rita))).toBe(200);
    const stored = await user(rita);
    expect(stored).toMatchObject({ displayName: "Rita", roleIds: ["member"], teamIds: [sales], active: true, source: "roster" });
    const entry = (await rosterAudit()).find((candidate) => candidate.action === "roster.join");
    expect(entry).toMatchObject({ actorId: "system", actorKind: "system", reason: "Teams roster: joined team Sales", after: expect.objectContaining({ userId: rita.aadObjectId }) });
    expect((await api(rita, "GET", "/api/leads")).status).toBe(200);
  });

  it("ignores the bot's own arrival, an unlinked team and an unknown organisation, storing nothing", async () => {
    const before = (await rosterAudit()).length;
    expect(await post(teamEvent("teamMemberAdded", teamOf(sales, "Sales"), { membersAdded: [{ id: "28:crm-bot" }] }))).toBe(200);
    expect(await post(added(teamOf(notLinked, "Elsewhere"), max))).toBe(200);
    expect(await user(max)).toBeUndefined();
    const stranger = teamEvent("teamMemberAdded", teamOf(sales, "Sales"), { membersAdded: [{ id: "29:max-oid", aadObjectId: max.aadObjectId }] }, "tenant-roster-unknown");
    expect(await post(stranger)).toBe(200);
    expect(await configRowKeys(server.services.store, "tenant-roster-unknown")).toEqual([]);
    expect((await rosterAudit()).length).toBe(before);
  });
});

describe("movers and leavers", () => {
  it("moves a user between CRM teams as their Teams teams change, keeping them active while one linked team remains", async () => {
    expect(await post(added(teamOf(support, "Support"), rita))).toBe(200);
    expect((await user(rita))?.teamIds).toEqual([sales, support]);
    expect(await post(removed(teamOf(sales, "Sales"), rita))).toBe(200);
    expect(await user(rita)).toMatchObject({ teamIds: [support], active: true });
    const move = (await rosterAudit()).find((entry) => entry.action === "roster.move" && entry.reason === "Teams roster: left team Sales");
    expect(move?.actorId).toBe("system");
  });

  it("deactivates whoever leaves their last linked team: their token stops working at once", async () => {
    const leaving = removed(teamOf(support, "Support"), rita);
    expect(await post(leaving)).toBe(200);
    expect(await user(rita)).toMatchObject({ teamIds: [], active: false });
    expect((await rosterAudit()).find((entry) => entry.action === "roster.leave")).toMatchObject({ actorId: "system", reason: "Teams roster: left team Support" });
    expect((await api(rita, "GET", "/api/leads")).status).toBe(403);

    // Back in Teams: the roster brings back whom it deactivated.
    expect(await post(added(teamOf(support, "Support"), rita))).toBe(200);
    expect(await user(rita)).toMatchObject({ teamIds: [support], active: true });
    expect((await api(rita, "GET", "/api/leads")).status).toBe(200);

    // Teams resends the leave: handled once, so Rita stays active.
    expect(await post(leaving)).toBe(200);
    expect((await user(rita))?.active).toBe(true);
    expect((await rosterAudit()).filter((entry) => entry.action === "roster.leave")).toHaveLength(1);
  });

  it("never brings back someone an Owner deactivated by hand", async () => {
    const owner = await asOlga();
    await server.services.configuration.addUser(owner, { userId: max.aadObjectId, displayName: max.name, teamIds: [] });
    await server.services.configuration.updateUser(owner, max.aadObjectId, { active: false });
    expect(await post(added(teamOf(sales, "Sales"), max))).toBe(200);
    expect(await user(max)).toMatchObject({ teamIds: [sales], active: false, source: "manual" });
  });

  it("keeps the last Owner active when they leave, and tells the Owners in Teams", async () => {
    expect(await post(added(teamOf(sales, "Sales"), olga))).toBe(200);
    const before = channel.sent.length;
    expect(await post(removed(teamOf(sales, "Sales"), olga))).toBe(200);
    expect(await user(olga)).toMatchObject({ active: true, roleIds: ["owner"], teamIds: [] });
    await channel.waitFor((sent) => sent.slice(before).some((entry) => entry.body?.conversation?.id === "a:personal-olga" && shownText(entry.body).includes("last Owner")));
    const told = channel.sent.slice(before).find((entry) => entry.body?.conversation?.id === "a:personal-olga")!;
    expect(shownText(told.body)).toContain("Olga left team Sales in Teams, but is your organisation's last Owner");
  });
});

describe("the team itself", () => {
  it("follows a rename in the link and the causes after it, and unlinks a deleted team without deactivating its members", async () => {
    expect(await post(teamEvent("teamRenamed", teamOf(sales, "Sales EMEA")))).toBe(200);
    const owner = await asOlga();
    expect((await server.services.roster.status(owner)).teams.find((team) => team.groupId === sales)?.name).toBe("Sales EMEA");
    expect((await rosterAudit()).find((entry) => entry.action === "roster.teamRenamed")?.reason).toBe("Teams roster: team Sales renamed to Sales EMEA");

    expect(await post(teamEvent("teamDeleted", teamOf(support, "Support")))).toBe(200);
    expect((await server.services.roster.status(owner)).teams.map((team) => team.name)).toEqual(["Sales EMEA"]);
    expect((await user(rita))?.active).toBe(true);
  });

  it("ignores events while an Owner paused roster sync", async () => {
    const owner = await asOlga();
    expect(await post(added(teamOf(sales, "Sales EMEA"), rita))).toBe(200);
    await server.services.roster.setPaused(owner, true);
    expect(await post(removed(teamOf(sales, "Sales EMEA"), rita))).toBe(200);
    expect(await user(rita)).toMatchObject({ teamIds: [support, sales], active: true });
    await server.services.roster.setPaused(owner, false);
    expect(await post(removed(teamOf(sales, "Sales EMEA"), rita))).toBe(200);
    expect(await user(rita)).toMatchObject({ active: false });
    expect((await rosterAudit()).filter((entry) => entry.action === "roster.leave").at(0)?.reason).toBe("Teams roster: left team Sales EMEA");
  });
});

describe("where users came from", () => {
  it("lists each user's source, and when they were last seen only to those who manage users", async () => {
    const owner = await asOlga();
    await server.services.configuration.addUser(owner, { userId: "mia-oid", displayName: "Mia" });
    const listed = await api(olga, "GET", "/api/users");
    expect(listed.status).toBe(200);
    const byId = new Map(listed.body.items.map((item: { userId: string }) => [item.userId, item]));
    expect(byId.get(olga.aadObjectId)).toMatchObject({ source: "signIn", lastSeenAt: expect.any(String) });
    expect(byId.get(rita.aadObjectId)).toMatchObject({ source: "roster", lastSeenAt: expect.any(String) });
    expect(byId.get("mia-oid")).toMatchObject({ source: "manual" });
    expect(byId.get("mia-oid")).not.toHaveProperty("lastSeenAt");
    const asMia = await api({ aadObjectId: "mia-oid", name: "Mia" }, "GET", "/api/users");
    expect(asMia.body.items.some((item: object) => "lastSeenAt" in item)).toBe(false);
  });
});
