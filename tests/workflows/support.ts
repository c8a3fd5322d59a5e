/** Helpers for the workflow suites: a clock the test moves, and a tenant with an Owner and Members. */
import type { Clock } from "@crm/shared/services";
import type { TestServer } from "../support/test-server.js";

export class TestClock implements Clock {
  constructor(private at: number) {}
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = Date.parse(iso);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

export const hours = (n: number): number => n * 3_600_000;
export const days = (n: number): number => n * 86_400_000;

/** Signs the Owner in first (the first user of a tenant becomes its Owner), then adds Members. */
export async function setUpTenant(server: TestServer, tenantId: string, members: string[]): Promise<{ owner: { tenantId: string; userId: string } }> {
  const owner = { tenantId, userId: "owner" };
  const me = await server.call("GET", "/api/me", { as: owner });
  if (me.status !== 200) throw new Error(`owner sign-in: ${me.status} ${me.text}`);
  for (const userId of members) {
    const added = await server.call("POST", "/api/users", { as: owner, body: { userId, displayName: userId } });
    if (added.status !== 201) throw new Error(`add ${userId}: ${added.status} ${added.text}`);
  }
  return { owner };
}

export async function createWorkflow(server: TestServer, as: { tenantId: string; userId: string }, body: unknown): Promise<any> {
  const response = await server.call("POST", "/api/config/workflows", { as, body });
  if (response.status !== 201) throw new Error(`create workflow: ${response.status} ${response.text}`);
  return response.body;
}
