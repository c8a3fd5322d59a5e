/**
 * Deterministic keys: the engine derives every id from what caused the work, so a
 * retry or a redelivery lands on the same rows instead of making new ones.
 */
import { createHash } from "node:crypto";

export const hashKey = (text: string): string => createHash("sha256").update(text).digest("hex").slice(0, 32);

const maxTime = 36 ** 9 - 1;

/** The time (ms, to the second) encoded in an id made by `newId`. */
export function timeOfId(id: string): number | undefined {
  const inverted = Number.parseInt(id.slice(0, 9), 36);
  return Number.isNaN(inverted) ? undefined : (maxTime - inverted) * 1000;
}

/**
 * An id in `newId`'s format (inverted time, then 10 base-36 characters) whose
 * tail comes from `seed` instead of randomness, so the same seed gives the same id.
 */
export function seededId(at: number, seed: string): string {
  const inverted = (maxTime - Math.floor(at / 1000)).toString(36).padStart(9, "0");
  const tail = [...createHash("sha256").update(seed).digest()].slice(0, 10).map((byte) => (byte % 36).toString(36)).join("");
  return `${inverted}${tail}`;
}
