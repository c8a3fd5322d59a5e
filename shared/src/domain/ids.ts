import { createHash, randomBytes } from "node:crypto";

const maxTime = 36 ** 9 - 1;
const timePart = (now: number): string => (maxTime - Math.floor(now)).toString(36).padStart(9, "0");
const base36 = (bytes: Iterable<number>): string => [...bytes].map((byte) => (byte % 36).toString(36)).join("");

/**
 * Record ids sort newest first as strings (an inverted base-36 time in
 * milliseconds, good until the year 5188, then randomness), so a partition read
 * in key order lists the latest records first. Only [0-9a-z]: an id never needs
 * escaping anywhere.
 */
export function newId(now: number = Date.now()): string {
  return `${timePart(now)}${base36(randomBytes(10))}`;
}

/** An id in `newId`'s format whose tail comes from `seed`: the same seed and time give the same id. */
export function seededId(now: number, seed: string): string {
  return `${timePart(now)}${base36(createHash("sha256").update(seed).digest().subarray(0, 10))}`;
}

/** The time (ms) encoded in an id made by `newId` or `seededId`. */
export function timeOfId(id: string): number | undefined {
  const inverted = Number.parseInt(id.slice(0, 9), 36);
  return Number.isNaN(inverted) ? undefined : maxTime - inverted;
}

/**
 * A short hex digest of `text`: keys derived from what caused some work, so a retry or
 * a redelivery lands on the same rows instead of making new ones.
 */
export const hashKey = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 32);

export const idPattern = /^[0-9a-z]{19}$/;
export const isId = (value: string): boolean => idPattern.test(value);

/** Ids that sort oldest first (audit log partitions read by time use the inverted ones). */
export function ascendingId(now: number = Date.now()): string {
  return `${now.toString(36).padStart(9, "0")}${base36(randomBytes(8))}`;
}
