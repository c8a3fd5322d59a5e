/** Who gets the record: round-robin or least-open within a pool of users. Pure. */
import type { UserPool } from "./model.js";

interface PoolUser {
  userId: string;
  active: boolean;
  roleIds: readonly string[];
}

/** The pool's active members, in a stable order (by user id), named users and role holders alike. */
export function poolMembers(pool: UserPool, users: readonly PoolUser[]): string[] {
  const named = new Set(pool.userIds ?? []);
  return users
    .filter((user) => user.active && (named.has(user.userId) || (pool.roleId !== undefined && user.roleIds.includes(pool.roleId))))
    .map((user) => user.userId)
    .sort();
}

/** The member at the counter's turn; the counter only ever moves forward by one. */
export function pickRoundRobin(members: readonly string[], counter: number): string | undefined {
  if (members.length === 0) return undefined;
  return members[((counter % members.length) + members.length) % members.length];
}

/** The member with the fewest open records; ties go round-robin so equal users share evenly. */
export function pickLeastOpen(members: readonly string[], openCounts: ReadonlyMap<string, number>, counter: number): string | undefined {
  if (members.length === 0) return undefined;
  const fewest = Math.min(...members.map((member) => openCounts.get(member) ?? 0));
  const tied = members.filter((member) => (openCounts.get(member) ?? 0) === fewest);
  return pickRoundRobin(tied, counter);
}

/** Stage and status values that mean a record is finished, so it no longer counts as open. */
export const closedStatuses: readonly string[] = ["Converted", "Unqualified", "Resolved", "Closed"];
