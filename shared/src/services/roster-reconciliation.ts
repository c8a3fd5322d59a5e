/**
 * The scheduled catch-up of the Teams roster: for each tenant with linked teams (one
 * instance at a time, under a lease per tenant), Microsoft Graph with the app's own
 * permission says who joined and left each team's group since the last run (groups
 * delta; the first run lists everyone) and whose account is disabled in Entra. The
 * changes go through the same RosterService rules as Teams' events. Without app
 * credentials it is off, and says so.
 */
import type { GraphAppDirectory } from "../auth/graph-app-directory.js";
import type { ConfigRepository } from "../storage/config-repository.js";
import type { LeaseManager } from "../storage/leases.js";
import type { RosterRepository } from "../storage/roster-repository.js";
import type { RosterService } from "./roster-service.js";

type ReconciliationStatus = { enabled: true } | { enabled: false; reason: string };

interface ReconciliationResult {
  tenantId: string;
  changes: string[];
}

const leaseMs = 60_000;

export class RosterReconciliation {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly deps: { roster: RosterService; rosterRows: RosterRepository; config: ConfigRepository; leases: LeaseManager; graph?: GraphAppDirectory },
    private readonly log: (message: string, error?: unknown) => void = (message, error) => console.error(message, error ?? ""),
  ) {}

  status(): ReconciliationStatus {
    return this.deps.graph
      ? { enabled: true }
      : { enabled: false, reason: "Roster reconciliation is off: the app's Microsoft Entra credentials (AAD_APP_CLIENT_ID and AAD_APP_CLIENT_SECRET) are not configured." };
  }

  /** Every `intervalMs` (real time); nothing runs when it is off. */
  start(intervalMs = 15 * 60_000): void {
    const status = this.status();
    if (!status.enabled) {
      this.log(status.reason);
      return;
    }
    this.timer = setInterval(() => void this.runOnce().catch((error: unknown) => this.log("roster reconciliation failed; the next round retries", error)), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round over every tenant with linked teams; a tenant another instance works now is skipped. */
  async runOnce(): Promise<ReconciliationResult[]> {
    const graph = this.deps.graph;
    if (!graph) return [];
    const results: ReconciliationResult[] = [];
    for (const tenantId of await this.deps.rosterRows.tenantsWithTeams()) {
      const held = await this.deps.leases.hold(`roster-reconcile|${tenantId}`, leaseMs, async (lease) => {
        try {
          return await this.reconcile(graph, tenantId, () => lease.held());
        } catch (error) {
          this.log(`roster reconciliation of a tenant failed; the next round retries`, error);
          return [];
        }
      });
      if (held) results.push({ tenantId, changes: held.result });
    }
    return results;
  }

  private async reconcile(graph: GraphAppDirectory, tenantId: string, held: () => boolean): Promise<string[]> {
    if ((await this.deps.rosterRows.getSettings(tenantId)).paused) return [];
    const changes: string[] = [];
    const teams = await this.deps.rosterRows.listTeams(tenantId);
    for (const team of teams) {
      if (!held()) return changes;
      const link = await this.deps.rosterRows.getDeltaLink(tenantId, team.groupId);
      const delta = await graph.memberChanges(tenantId, team.groupId, link);
      const cause = `reconcile|${team.groupId}|${link ?? "first"}`;
      for (const person of delta.added) {
        const user = await this.deps.config.getUser(tenantId, person.userId);
        if (user?.active && user.teamIds.includes(team.groupId)) continue;
        changes.push(await this.deps.roster.joined(tenantId, team, person, cause, `Teams roster reconciliation: in team ${team.name}`));
      }
      const removed = new Set(delta.removed);
      if (delta.full) {
        // The first listing is everyone: whoever the CRM has in the team and Graph does not, left while nobody listened.
        const present = new Set(delta.added.map((person) => person.userId));
        for (const user of await this.deps.config.listUsers(tenantId)) if (user.teamIds.includes(team.groupId) && !present.has(user.userId)) removed.add(user.userId);
      }
      for (const userId of removed) changes.push(await this.deps.roster.left(tenantId, team, userId, cause, `Teams roster reconciliation: no longer in team ${team.name}`));
      if (delta.deltaLink) await this.deps.rosterRows.saveDeltaLink(tenantId, team.groupId, delta.deltaLink);
    }
    const linked = new Set(teams.map((team) => team.groupId));
    for (const user of await this.deps.config.listUsers(tenantId)) {
      if (!held()) return changes;
      if (!user.active || user.removed || !user.teamIds.some((teamId) => linked.has(teamId))) continue;
      if ((await graph.accountEnabled(tenantId, user.userId)) === false) changes.push(await this.deps.roster.disabledInEntra(tenantId, user.userId));
    }
    return changes;
  }
}
