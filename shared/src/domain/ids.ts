import { randomBytes } from "node:crypto";

const maxTime = 36 ** 9 - 1;

/**
 * Record ids sort newest first as strings (an inverted base-36 time, then
 * randomness), so a partition read in key order lists the latest records first.
 * Only [0-9a-z]: an id never needs escaping anywhere.
 */
export function newId(now: number = Date.now()): string {
  // Milliseconds: nine base-36 digits last until the year 5188.
  const inverted = (maxTime - Math.floor(now)).toString(36).padStart(9, "0");
  const random = [...randomBytes(10)].map((byte) => (byte % 36).toString(36)).join("");
  return `${inverted}${random}`;
}

export const idPattern = /^[0-9a-z]{19}$/;
export const isId = (value: string): boolean => idPattern.test(value);

/** Ids that sort oldest first (audit log partitions read by time use the inverted ones). */
export function ascendingId(now: number = Date.now()): string {
  const time = now.toString(36).padStart(9, "0");
  const random = [...randomBytes(8)].map((byte) => (byte % 36).toString(36)).join("");
  return `${time}${random}`;
}
